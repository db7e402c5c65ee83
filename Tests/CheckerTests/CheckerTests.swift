import Checker
import ExactArithmetic
import Foundation
import SchemeFormats
import SchemeModel
import TestSupport
import Testing

func strassen() -> Scheme { Scheme.strassen }

@Suite struct CheckerTests {
    @Test func naiveAndStrassenHoldOverQAndModTwo() {
        for scheme in [Scheme.naive(Shape(3, 4, 5)), strassen()] {
            let verdict = Checker().verify(scheme)
            #expect(verdict.valid)
            #expect(verdict.rings == [.rationals, .gf2])
        }
    }

    @Test func droppedProductNamesTheFailingEquations() {
        let broken = SchemeMutations.dropped(strassen(), term: 6) // M7 = (A12 − A22)(B21 + B22) → C11
        let verdict = Checker().verify(broken)
        #expect(!verdict.valid)
        #expect(verdict.primary.wrongCount == 4)
        let names = verdict.primary.firstWrong.map { $0.description(in: broken.shape) }
        #expect(names.contains("a12·b21·c11: expected 1, got 0"))
        #expect(names.contains("a22·b21·c11: expected 0, got 1"))
    }

    @Test func changedCoefficientIsRejectedOverQButCanHoldModTwo() {
        // Adding 2 to a coefficient keeps the scheme correct modulo 2 only.
        let broken = SchemeMutations.perturbed(strassen(), term: 0, factor: 0, index: 0, by: Rational(2))
        let verdict = Checker().verify(broken)
        #expect(!verdict.valid)
        #expect(verdict.rings == [.gf2])
        #expect(verdict.primary.firstWrong.first?.description(in: broken.shape) == "a11·b11·c11: expected 1, got 3")
    }

    @Test func symmetriesKeepSchemesValid() {
        var rng = SeededGenerator(seed: 5)
        let scheme = SchemeMutations.rescaled(Scheme.naive(Shape(2, 3, 4)), using: &rng)
        for image in [scheme.cycled(), scheme.transposed(), scheme.cycled().transposed()] {
            #expect(Checker().verify(image).valid)
        }
    }

    @Test func evenDenominatorHasNoValueModTwo() {
        let halves = SchemeMutations.split(strassen(), term: 0, at: Rational("1/2")!)
        #expect(Checker().verify(halves).rings == [.rationals])
        let verdict = Checker().verify(halves, over: .gf2)
        #expect(!verdict.valid)
        #expect(verdict.primary.obstruction?.contains("1/2") == true)
    }

    /// The three arithmetic layers are independent computations of the same residual.
    @Test(arguments: 0..<12)
    func layersAgreeOnRandomSchemes(_ seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed))
        let shapes = [Shape(2, 2, 2), Shape(2, 3, 3), Shape(3, 3, 2), Shape(2, 2, 4)]
        var scheme = SchemeMutations.rescaled(Scheme.naive(shapes[seed % shapes.count]), using: &rng, magnitude: 9)
        scheme = SchemeMutations.split(scheme, term: 0, at: SchemeMutations.randomNonZero(&rng, 7))
        if seed % 3 == 0 {
            // Coefficients beyond 64 bits force the modular path in `automatic` mode.
            let huge = Rational(BigInt("340282366920938463463374607431768211457")!)
            scheme.terms[1].u = scheme.terms[1].u.map { $0 * huge }
            scheme.terms[1].w = scheme.terms[1].w.map { $0 / huge }
        }
        if seed % 2 == 1 {
            let r = Int.random(in: 0..<scheme.rank, using: &rng)
            scheme = SchemeMutations.perturbed(scheme, term: r, factor: seed % 3, index: 0, by: SchemeMutations.randomNonZero(&rng, 5))
        }
        let verdicts = Checker.Method.allCases.map { Checker(method: $0).verify(scheme) }
        for v in verdicts.dropFirst() {
            #expect(v.valid == verdicts[0].valid)
            #expect(v.primary.wrongCount == verdicts[0].primary.wrongCount)
            #expect(v.primary.firstWrong == verdicts[0].primary.firstWrong)
        }
        #expect(verdicts[0].valid == (seed % 2 == 0))
        if seed % 3 == 0 {
            guard case .modular = verdicts[0].primary.proof else { Issue.record("expected the modular proof"); return }
        }
    }

    /// The checker against the definition: evaluate the bilinear algorithm on random integer
    /// matrices and compare with the naive product.
    @Test(arguments: 0..<6)
    func validSchemesMultiplyMatrices(_ seed: Int) {
        var rng = SeededGenerator(seed: UInt64(100 + seed))
        let scheme = SchemeMutations.rescaled(seed % 2 == 0 ? strassen() : Scheme.naive(Shape(2, 3, 2)), using: &rng)
        let s = scheme.shape
        let a = (0..<s.uCount).map { _ in Rational(Int.random(in: -9...9, using: &rng)) }
        let b = (0..<s.vCount).map { _ in Rational(Int.random(in: -9...9, using: &rng)) }
        var c = [Rational](repeating: .zero, count: s.n * s.p)
        for term in scheme.terms {
            let left = zip(term.u, a).reduce(Rational.zero) { $0 + $1.0 * $1.1 }
            let right = zip(term.v, b).reduce(Rational.zero) { $0 + $1.0 * $1.1 }
            for k in 0..<s.p { for i in 0..<s.n { c[i * s.p + k] += term.w[k * s.n + i] * left * right } }
        }
        for i in 0..<s.n {
            for k in 0..<s.p {
                let expected = (0..<s.m).reduce(Rational.zero) { $0 + a[i * s.m + $1] * b[$1 * s.p + k] }
                #expect(c[i * s.p + k] == expected)
            }
        }
        #expect(Checker().verify(scheme).valid)
    }
}

/// Every file in ../shared/data is judged as its name says.
@Suite struct SharedDataVerdictTests {
    @Test func everyPublishedFileIsJudgedAsItsNameSays() throws {
        guard SharedData.available(for: "everyPublishedFileIsJudgedAsItsNameSays") else { return }
        let files = SharedData.files(withExtensions: ["exp", "m", "json", "npz"]).filter { !$0.path.contains("fmm-digest") }
        var checked = 0
        for file in files {
            for named in try SchemeFile.read(path: file.path) {
                let verdict = Checker().verify(named.scheme)
                #expect(verdict.valid, "\(named.label)")
                let modTwoOnly = file.lastPathComponent.contains("mod2") || file.lastPathComponent.contains("_f2")
                if modTwoOnly {
                    #expect(verdict.rings == [.gf2], "\(named.label) should hold mod 2 only")
                } else {
                    #expect(verdict.rings.first == .rationals, "\(named.label) should hold over Q")
                }
                checked += 1
            }
        }
        #expect(checked >= 113 + 100)
    }

    @Test func corruptingPublishedSchemesIsDetected() throws {
        guard SharedData.available(for: "corruptingPublishedSchemesIsDetected"), let data = SharedData.directory else { return }
        var rng = SeededGenerator(seed: 99)
        for path in ["flips/333-23-mod0.exp", "flips/444-49-mod0.exp", "perminov/known/alpha_evolve/4x4x5_m61_mod0.json", "flips/345-47-mod0.m"] {
            let url = data.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            let scheme = try SchemeFile.read(path: url.path)[0].scheme
            let r = Int.random(in: 0..<scheme.rank, using: &rng)
            let dropped = Checker().verify(SchemeMutations.dropped(scheme, term: r))
            #expect(!dropped.valid && dropped.primary.wrongCount > 0 && !dropped.primary.firstWrong.isEmpty)
            let changed = Checker().verify(SchemeMutations.perturbed(scheme, term: r, factor: 2, index: 0, by: .one))
            #expect(!changed.valid, "\(path)")
        }
    }
}
