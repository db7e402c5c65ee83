import ExactArithmetic
import Checker
import Derivation
import Export
import Foundation
import SchemeFormats
import SchemeModel
import TestSupport
import Testing

/// Compiles exported C with the real compiler and compares it with the naive product.
enum CompiledC {
    /// Exports, compiles with `cc -std=c99 -O2 -Wall -Wextra -Werror` and runs the harness.
    static func check(_ scheme: Scheme, levels: Int = 1, float: Bool = false, cblas: Bool = false, label: String) throws {
        let dir = try FMMProcess.temporaryDirectory()
        let name = "fmm_test"
        let source = try scheme.cSource(CExportOptions(name: name, levels: levels, useFloat: float))
        try source.write(to: dir.appendingPathComponent("scheme.c"), atomically: true, encoding: .utf8)
        try CHarness.harness.write(to: dir.appendingPathComponent("harness.c"), atomically: true, encoding: .utf8)
        let s = scheme.shape
        let dyadic = scheme.terms.allSatisfy { t in [t.u, t.v, t.w].allSatisfy { $0.allSatisfy { isPowerOfTwo($0.denominator.description) } } }
        var command = ["cc", "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", "-DFMM_NAME=\(name)", "-DREAL=\(float ? "float" : "double")",
                       "-DTOLERANCE=\(dyadic ? "0" : "1e-9")",
                       "scheme.c", "harness.c", "-o", "test"]
        if cblas { command += ["-DFMM_USE_CBLAS", "-lopenblas"] }
        let (compiled, log) = try CHarness.run(command, in: dir)
        #expect(compiled == 0, "\(label): \(log.prefix(2000))")
        guard compiled == 0 else { return }
        // With L levels the sizes must be multiples of n^L, m^L, p^L.
        let (status, output) = try CHarness.run(["./test", "\(pow(s.n, levels))", "\(pow(s.m, levels))", "\(pow(s.p, levels))", "1"], in: dir)
        #expect(status == 0 && output.contains("OK"), "\(label): \(output)")
    }

    static func isPowerOfTwo(_ decimal: String) -> Bool {
        guard let value = Int(decimal), value > 0 else { return false }
        return value & (value - 1) == 0
    }

    static func pow(_ x: Int, _ k: Int) -> Int { (0..<k).reduce(1) { acc, _ in acc * x } }
}

@Suite struct CExportTests {
    @Test func everyCatalogueEntryCompilesAndMultiplies() throws {
        let catalogue = SharedData.repositoryRoot.appendingPathComponent("catalogue")
        let files = FileManager.default.enumerator(at: catalogue, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "json" }
        #expect(files.count >= 35)
        for file in files {
            let scheme = try SchemeFile.read(path: file.path)[0].scheme
            if scheme.intendedRing == .gf2 {
                // Entries valid only mod 2 have no real-arithmetic C export.
                #expect(throws: ExportError.self) { try scheme.cSource(CExportOptions(name: "f")) }
            } else {
                try CompiledC.check(scheme, label: file.lastPathComponent)
            }
        }
    }

    @Test func publishedSchemesWithRationalCoefficients() throws {
        guard SharedData.available(for: "publishedSchemesWithRationalCoefficients"), let data = SharedData.directory else { return }
        let archive = try SchemeFile.read(path: data.appendingPathComponent("alphatensor/factorizations_r.npz").path)
        let rational = try #require(archive.first { $0.entry == "3,4,11" }).scheme
        #expect(!rational.hasIntegerCoefficients)
        try CompiledC.check(rational, label: "AlphaTensor 3,4,11 (1/2 coefficients)")
        for path in ["flips/333-23-mod0.exp", "perminov/known/alpha_evolve/4x4x5_m61_mod0.json", "flips/345-47-mod0.exp"] {
            let url = data.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            try CompiledC.check(try SchemeFile.read(path: url.path)[0].scheme, label: path)
        }
    }

    @Test func twoLevelsOfStrassen() throws {
        try CompiledC.check(Scheme.strassen, levels: 2, label: "Strassen, 2 levels")
    }

    @Test func floatVariant() throws {
        try CompiledC.check(Scheme.strassen, float: true, label: "Strassen, float")
    }

    @Test func cblasLeaves() throws {
        guard FileManager.default.fileExists(atPath: "/usr/include/x86_64-linux-gnu/cblas.h") || FileManager.default.fileExists(atPath: "/usr/include/cblas.h") else {
            print("NOTICE: skipping cblasLeaves: cblas.h not installed (apt-get install libopenblas-dev)")
            return
        }
        try CompiledC.check(Scheme.strassen, levels: 2, cblas: true, label: "Strassen, OpenBLAS leaves")
    }

    @Test func modTwoSchemesAreRefused() {
        var scheme = Scheme.strassen
        scheme.intendedRing = .gf2
        #expect(throws: ExportError.self) { try scheme.cSource(CExportOptions(name: "f")) }
        #expect(throws: ExportError.self) { try Scheme.strassen.cSource(CExportOptions(name: "not an identifier")) }
    }
}

@Suite struct AdditionReductionTests {
    /// Integer forms 3x − 2y share the pair (x, y) only with the ratio −2/3, which binary
    /// floating point cannot hold: it must not become a temporary. With a non-dyadic
    /// coefficient already in the forms, the same pair is shared.
    @Test func integerFormsKeepDyadicRatios() {
        let integer: [[(variable: Int, coefficient: Rational)]] = [[(0, Rational(3)), (1, Rational(-2))], [(0, Rational(3)), (1, Rational(-2)), (2, .one)],
                                                                   [(0, Rational(1)), (1, Rational(2))], [(0, Rational(-1)), (1, Rational(-2))]]
        let program = LinearProgram(inputCount: 3, forms: integer)
        #expect(program.temporaries.count == 1)
        #expect(program.temporaries.allSatisfy { $0.lambda == Rational(2) })
        let rational: [[(variable: Int, coefficient: Rational)]] = integer + [[(0, Rational(numerator: 1, denominator: 3)!)]]
        #expect(LinearProgram(inputCount: 3, forms: rational).temporaries.contains { $0.lambda == Rational(numerator: -2, denominator: 3)! })
    }

    /// Substituting the temporaries back gives the original forms.
    @Test(arguments: [Shape(2, 2, 2), Shape(2, 3, 4), Shape(3, 3, 3)])
    func reducedFormsExpandToTheOriginals(_ shape: Shape) throws {
        var rng = SeededGenerator(seed: UInt64(shape.naiveRank))
        var forms: [[(variable: Int, coefficient: Rational)]] = []
        for _ in 0..<20 {
            var form: [(variable: Int, coefficient: Rational)] = []
            for v in 0..<shape.uCount where Bool.random(using: &rng) {
                form.append((v, Rational(Int.random(in: 1...2, using: &rng) * (Bool.random(using: &rng) ? 1 : -1))))
            }
            forms.append(form)
        }
        let program = LinearProgram(inputCount: shape.uCount, forms: forms)
        #expect(program.additions <= LinearProgram.naiveAdditions(forms))
        func expand(_ v: Int) -> [Int: Rational] {
            if v < shape.uCount { return [v: .one] }
            let t = program.temporaries[v - shape.uCount]
            var result = expand(t.x)
            for (k, c) in expand(t.y) { result[k, default: .zero] += c * t.lambda }
            return result
        }
        for (original, reduced) in zip(forms, program.forms) {
            var total: [Int: Rational] = [:]
            for term in reduced { for (k, c) in expand(term.variable) { total[k, default: .zero] += c * term.coefficient } }
            let expected = Dictionary(uniqueKeysWithValues: original.map { ($0.variable, $0.coefficient) })
            #expect(total.filter { !$0.value.isZero } == expected)
        }
    }

    @Test func strassenSquaredSharesSubexpressions() {
        let counts = SchemePrograms(Scheme.tensorProduct(Scheme.strassen, Scheme.strassen), reduce: true).counts
        #expect(counts.naive == 318)
        #expect(counts.reduced < counts.naive)
    }
}

/// Winograd's form of Strassen's algorithm and the exporter's options for tuning.
@Suite struct WinogradFormTests {
    /// The definition is a valid rank-7 scheme, and addition reduction finds its 15 block
    /// additions (Strassen's form: 18).
    @Test func winogradHoldsWithFifteenAdditions() {
        #expect(Checker().verify(Scheme.winograd).valid)
        #expect(SchemePrograms(Scheme.winograd, reduce: true).counts.reduced == 15)
        #expect(SchemePrograms(Scheme.strassen, reduce: true).counts.reduced == 18)
    }

    /// Three levels of Winograd with a cutoff, on sizes with peels at every level, built with
    /// OpenMP: exact products (the harness's odd sizes and leading dimensions).
    @Test func winogradThreeLevelsWithCutoffAndOpenMP() throws {
        let dir = try FMMProcess.temporaryDirectory()
        let source = try Scheme.winograd.cSource(CExportOptions(name: "fmm_test", levels: 3, cutoff: 2))
        try source.write(to: dir.appendingPathComponent("scheme.c"), atomically: true, encoding: .utf8)
        try CHarness.harness.write(to: dir.appendingPathComponent("harness.c"), atomically: true, encoding: .utf8)
        let (compiled, log) = try CHarness.run(["cc", "-std=c99", "-O2", "-fopenmp", "-Wall", "-Wextra", "-Werror", "-DFMM_NAME=fmm_test", "-DREAL=double",
                                                "-DTOLERANCE=0", "scheme.c", "harness.c", "-o", "test"], in: dir)
        #expect(compiled == 0, "\(log)")
        let (status, output) = try CHarness.run(["./test", "2", "2", "2", "9"], in: dir)
        #expect(status == 0 && output.contains("OK"), "\(output)")
    }
}
