import Checker
import ExactArithmetic
import FlipGraph
import Foundation
@testable import NumericSearch
import SchemeModel
import TestSupport
import Testing

@Suite struct BrentLeastSquaresTests {
    /// A random point of ⟨2,2,3⟩ at rank 4 (N = 4·(4 + 6 + 6) = 64 variables).
    func randomPoint(_ problem: BrentLeastSquares, seed: UInt64) -> [Double] {
        var random = SeededGenerator(seed: seed)
        return (0..<problem.variableCount).map { _ in Double.random(in: -1...1, using: &random) }
    }

    /// The Jacobian by central differences of the residual: an independent path to JᵀF and JᵀJ.
    func numericalJacobian(_ problem: BrentLeastSquares, at x: [Double]) -> [[Double]] {
        (0..<problem.variableCount).map { i in
            var (plus, minus) = (x, x)
            plus[i] += 1e-6
            minus[i] -= 1e-6
            return zip(problem.residual(plus), problem.residual(minus)).map { ($0 - $1) / 2e-6 }
        }
    }

    @Test func gradientAndGaussNewtonMatrixMatchTheJacobian() {
        let problem = BrentLeastSquares(shape: Shape(2, 2, 3), rank: 4)
        let x = randomPoint(problem, seed: 7)
        let columns = numericalJacobian(problem, at: x)
        let f = problem.residual(x)
        let gradient = problem.gradient(x, residual: f)
        let free = Array(0..<problem.variableCount)
        let h = problem.gaussNewtonMatrix(x, free: free)
        var worst = 0.0
        for i in free {
            let expected = zip(columns[i], f).reduce(0) { $0 + $1.0 * $1.1 }
            worst = max(worst, abs(gradient[i] - expected))
            for j in free {
                worst = max(worst, abs(h[i * free.count + j] - zip(columns[i], columns[j]).reduce(0) { $0 + $1.0 * $1.1 }))
            }
        }
        #expect(worst < 1e-6)
        // A subset of the variables gives the matching submatrix, in the subset's order.
        let subset = [40, 3, 17, 63]
        let restricted = problem.gaussNewtonMatrix(x, free: subset)
        for (p, i) in subset.enumerated() {
            for (q, j) in subset.enumerated() { #expect(restricted[p * 4 + q] == h[i * free.count + j]) }
        }
    }

    /// JᵀJ·p in Gram form equals the dense matrix times p, and conjugate gradients with the
    /// block-Jacobi preconditioner solve the damped step the dense Cholesky solves.
    @Test func theIterativeStepMatchesTheDenseOne() throws {
        let problem = BrentLeastSquares(shape: Shape(2, 3, 2), rank: 9)
        let x = randomPoint(problem, seed: 5)
        let p = randomPoint(problem, seed: 6)
        let n = problem.variableCount
        let h = problem.gaussNewtonMatrix(x, free: Array(0..<n))
        let product = problem.gaussNewtonProduct(x, grams: problem.grams(x), p)
        for i in 0..<n {
            let expected = (0..<n).reduce(0) { $0 + h[i * n + $1] * p[$1] }
            #expect(abs(product[i] - expected) < 1e-9 * max(1, abs(expected)))
        }
        let g = problem.gradient(x, residual: problem.residual(x))
        var damped = h
        for i in 0..<n { damped[i * n + i] += 1e-2 }
        let dense = try #require(CholeskySolver.solve(&damped, g.map { -$0 }, size: n))
        var solver = ConjugateGradientStep(problem: problem)
        solver.tolerance = 1e-12
        let iterative = try #require(solver.solve(x, gradient: g, damping: 1e-2))
        let scale = dense.reduce(0) { max($0, abs($1)) }
        #expect(zip(dense, iterative).allSatisfy { abs($0 - $1) < 1e-7 * scale })
        // Some variables held: the masked iteration solves the free variables' system.
        let free = (0..<n).filter { $0 % 3 != 1 }
        let k = free.count
        var restricted = problem.gaussNewtonMatrix(x, free: free)
        for i in 0..<k { restricted[i * k + i] += 1e-2 }
        let denseFree = try #require(CholeskySolver.solve(&restricted, free.map { -g[$0] }, size: k))
        let mask = (0..<n).map { $0 % 3 != 1 }
        let gFree = (0..<n).map { mask[$0] ? g[$0] : 0 }
        let iterativeFree = try #require(solver.solve(x, gradient: gFree, damping: 1e-2, free: mask))
        #expect(zip(denseFree, free.map { iterativeFree[$0] }).allSatisfy { abs($0 - $1) < 1e-7 * scale })
        #expect((0..<n).allSatisfy { mask[$0] || iterativeFree[$0] == 0 })
    }

    /// One ALS update solves the normal equations of its factor: with no proximal term the
    /// gradient (computed independently, as JᵀF) vanishes on that factor's variables, and with
    /// one it equals −ρ·(X − X_prev).
    @Test(arguments: [0, 1, 2])
    func anAlternatingUpdateSolvesItsNormalEquations(_ factor: Int) {
        let problem = BrentLeastSquares(shape: Shape(2, 3, 2), rank: 9)
        let sweeps = AlternatingLeastSquares(problem: problem)
        for ρ in [0.0, 0.3] {
            let before = randomPoint(problem, seed: 11)
            var x = before
            var grams = problem.grams(x)
            #expect(sweeps.update(&x, factor: factor, proximalWeight: ρ, ones: sweeps.onesByFactor[factor], grams: &grams))
            #expect(grams == problem.grams(x))
            let gradient = problem.gradient(x, residual: problem.residual(x))
            let length = [problem.a, problem.b, problem.c][factor]
            for r in 0..<problem.rank {
                for e in 0..<length {
                    let i = problem.offset(factor: factor, term: r) + e
                    #expect(abs(gradient[i] + ρ * (x[i] - before[i])) < 1e-9)
                }
            }
        }
    }

    @Test func alternatingSweepsReduceTheResidual() {
        let problem = BrentLeastSquares(shape: Shape(2, 2, 2), rank: 7)
        var x = randomPoint(problem, seed: 5)
        let start = problem.residual(x).reduce(0) { $0 + $1 * $1 }
        var sweeps = AlternatingLeastSquares(problem: problem)
        sweeps.sweeps = 200
        #expect(sweeps.minimize(&x) < 0.1 * start)
    }

    /// A redundant term is absorbed: the naive ⟨2,2,2⟩ (plus noise) with its first product split
    /// into two halves u⊗v⊗(w/2) has nine terms; shrinking one half hands its share to its twin,
    /// so the eight left nearly solve the Brent equations, where dropping the half at once
    /// leaves ‖F‖² ≈ ‖u⊗v⊗w/2‖² = 1/4.
    @Test func shrinkingATermHandsItsShareToTheOthers() throws {
        let shape = Shape(2, 2, 2)
        let problem = BrentLeastSquares(shape: shape, rank: 9)
        var x = [Double](repeating: 0, count: problem.variableCount)
        var random = Xoshiro(seed: 3)
        NumericSearch.place(Scheme.naive(shape), into: &x, problem, noise: 0.05, random: &random)
        for factor in 0..<3 {
            for e in 0..<4 {
                let (first, twin) = (problem.offset(factor: factor, term: 0) + e, problem.offset(factor: factor, term: 8) + e)
                if factor == 2 { x[first] /= 2 }
                x[twin] = x[first]
            }
        }
        var dropped = x
        for factor in 0..<3 {
            for e in 0..<4 { dropped[problem.offset(factor: factor, term: 8) + e] = 0 }
        }
        let droppedSquared = problem.residual(dropped).reduce(0) { $0 + $1 * $1 }
        let shrunk = AlternatingLeastSquares(problem: problem).shrink(&x, terms: [8], sweeps: 400)
        for factor in 0..<3 {
            for e in 0..<4 { #expect(x[problem.offset(factor: factor, term: 8) + e] == 0) }
        }
        #expect(shrunk == problem.residual(x).reduce(0) { $0 + $1 * $1 })
        #expect(shrunk < 0.01 * droppedSquared, "shrunk \(shrunk), dropped \(droppedSquared)")
    }

    /// Strassen's scheme moved by a random real change of basis (u ↦ PuQ⁻¹, v ↦ QvS⁻¹, w ↦ SwP⁻¹)
    /// and random term rescalings is a converged point with no simple entries; the frame of its
    /// own rank-one factors takes it back to an exact scheme. The naive scheme, whose rank-one
    /// factors are all unit matrices, has no frame (no vector with every coordinate non-zero).
    @Test func theFrameUndoesARandomChangeOfBasis() throws {
        let scheme = Scheme.strassen
        let problem = BrentLeastSquares(shape: scheme.shape, rank: 7)
        var random = Xoshiro(seed: 5)
        var x = [Double](repeating: 0, count: problem.variableCount)
        NumericSearch.place(scheme, into: &x, problem, noise: 0, random: &random)
        let (p, q, s) = ((0..<4).map { _ in NumericSearch.normal(&random) }, (0..<4).map { _ in NumericSearch.normal(&random) }, (0..<4).map { _ in NumericSearch.normal(&random) })
        let (pInverse, qInverse, sInverse) = try (#require(Dense.inverse(p, 2)), #require(Dense.inverse(q, 2)), #require(Dense.inverse(s, 2)))
        for r in 0..<7 {
            let (α, β) = (1 + abs(NumericSearch.normal(&random)), 1 + abs(NumericSearch.normal(&random)))
            let (ui, vi, wi) = (problem.offset(factor: 0, term: r), problem.offset(factor: 1, term: r), problem.offset(factor: 2, term: r))
            let u = Dense.multiply(Dense.multiply(p, Array(x[ui..<(ui + 4)]), 2, 2, 2), qInverse, 2, 2, 2).map { $0 * α }
            let v = Dense.multiply(Dense.multiply(q, Array(x[vi..<(vi + 4)]), 2, 2, 2), sInverse, 2, 2, 2).map { $0 * β }
            let w = Dense.multiply(Dense.multiply(s, Array(x[wi..<(wi + 4)]), 2, 2, 2), pInverse, 2, 2, 2).map { $0 / (α * β) }
            x.replaceSubrange(ui..<(ui + 4), with: u)
            x.replaceSubrange(vi..<(vi + 4), with: v)
            x.replaceSubrange(wi..<(wi + 4), with: w)
        }
        #expect(problem.residual(x).reduce(0) { $0 + $1 * $1 } < 1e-20)
        #expect(x.filter { Rationalisation.simpleFraction($0, within: 1e-6) == nil }.count > 20)
        let exact = try #require(GaugeFrame(problem: problem).round(x))
        #expect(Checker().verify(NumericSearch.scheme(exact, problem)).valid)

        let naive = BrentLeastSquares(shape: Shape(2, 2, 2), rank: 8)
        var point = [Double](repeating: 0, count: naive.variableCount)
        NumericSearch.place(Scheme.naive(Shape(2, 2, 2)), into: &point, naive, noise: 0, random: &random)
        #expect(GaugeFrame(problem: naive).round(point) == nil)
    }

    @Test func theNaiveSchemeHasZeroResidual() {
        let shape = Shape(2, 3, 4)
        let problem = BrentLeastSquares(shape: shape, rank: shape.naiveRank)
        let naive = Scheme.naive(shape)
        var x = [Double](repeating: 0, count: problem.variableCount)
        for (r, term) in naive.terms.enumerated() {
            for (factor, values) in [term.u, term.v, term.w].enumerated() {
                for (e, value) in values.enumerated() { x[problem.offset(factor: factor, term: r) + e] = value.doubleValue }
            }
        }
        #expect(problem.residual(x).allSatisfy { $0 == 0 })
        x[0] += 1
        #expect(problem.residual(x).contains { $0 != 0 })
    }

    @Test func choleskySolvesAPositiveDefiniteSystemAndRejectsAnIndefiniteOne() throws {
        var random = SeededGenerator(seed: 3)
        let n = 9
        let b = (0..<n * n).map { _ in Double.random(in: -1...1, using: &random) }
        var spd = (0..<n * n).map { e in (0..<n).reduce(0) { $0 + b[e / n * n + $1] * b[e % n * n + $1] } + (e / n == e % n ? 1 : 0) }
        let original = spd
        let g = (0..<n).map { Double($0) - 4 }
        let δ = try #require(CholeskySolver.solve(&spd, g, size: n))
        for i in 0..<n { #expect(abs((0..<n).reduce(0) { $0 + original[i * n + $1] * δ[$1] } - g[i]) < 1e-9) }
        var indefinite: [Double] = [1, 2, 2, 1]
        #expect(CholeskySolver.solve(&indefinite, [1, 1], size: 2) == nil)
    }
}

@Suite struct RationalisationTests {
    @Test(arguments: [(1.0 / 3, "1/3"), (-0.75, "-3/4"), (2.0, "2"), (5.0 / 7, "5/7"), (-1.0 / 64, "-1/64")])
    func simpleFractionsAreRecognised(_ value: Double, _ expected: String) {
        #expect(Rationalisation.simpleFraction(value) == Rational(expected))
    }

    @Test func valuesFarFromSimpleFractionsAreNot() {
        #expect(Rationalisation.simpleFraction(2.0.squareRoot()) == nil)
        #expect(Rationalisation.simpleFraction(1.0 / 3 + 1e-6) == nil)
        #expect(Rationalisation.simpleFraction(1.0 / 67) == nil)
    }
}

@Suite struct NumericSearchTests {
    /// From random real starts to Strassen's rank: Levenberg–Marquardt converges, the point is
    /// rounded, and the exact checker (GMP) accepts the result. Seeded, so it is reproducible.
    @Test(arguments: [(Shape(2, 2, 2), 7), (Shape(2, 2, 3), 11)])
    func findsAnExactSchemeAtTheOptimalRank(_ shape: Shape, _ rank: Int) throws {
        let search = NumericSearch(shape: shape, settings: NumericSearch.Settings(rank: rank))
        var checked = 0
        let (found, report) = search.run(seed: 1, deadline: .max, accept: { scheme in
            checked += 1
            return Checker().verify(scheme).valid
        })
        let scheme = try #require(found)
        #expect(scheme.rank <= rank)
        #expect(Checker().verify(scheme).valid)
        #expect(report.converged >= 1 && report.rationalised == 1 && checked >= 1)
    }

    /// The same search with every Levenberg–Marquardt step solved by conjugate gradients.
    @Test func findsAnExactSchemeWithIterativeSteps() throws {
        var settings = NumericSearch.Settings(rank: 11)
        settings.iterativeAbove = 0
        let (found, _) = NumericSearch(shape: Shape(2, 2, 3), settings: settings).run(seed: 1, deadline: .max, accept: { Checker().verify($0).valid })
        let scheme = try #require(found)
        #expect(scheme.rank <= 11 && Checker().verify(scheme).valid)
    }

    /// A start scheme of higher rank, less a random term: from the naive ⟨2,2,3⟩ (12) to 11.
    @Test func reducesTheRankOfAStartScheme() throws {
        let shape = Shape(2, 2, 3)
        let search = NumericSearch(shape: shape, settings: NumericSearch.Settings(rank: 11))
        let (found, _) = search.run(seed: 2, deadline: .max, from: Scheme.naive(shape), accept: { Checker().verify($0).valid })
        let scheme = try #require(found)
        #expect(scheme.rank <= 11 && Checker().verify(scheme).valid)
    }

    /// A converged point whose rounding ran out of time is handed out; started from with no
    /// noise, the next run only has to round it.
    @Test func anUnroundedPointCanBeRoundedLater() throws {
        let shape = Shape(2, 2, 2)
        var hurried = NumericSearch.Settings(rank: 7)
        hurried.roundingSeconds = 0
        var saved: Scheme?
        let (none, _) = NumericSearch(shape: shape, settings: hurried).run(
            seed: 4, deadline: DispatchTime.now().uptimeNanoseconds + 8_000_000_000, accept: { _ in false },
            unrounded: { saved = saved ?? $0 }, progress: { _ in })
        #expect(none == nil)
        let point = try #require(saved)
        #expect(point.rank == 7 && !Checker().verify(point).valid)
        var patient = NumericSearch.Settings(rank: 7)
        patient.noise = 0
        let (found, _) = NumericSearch(shape: shape, settings: patient).run(seed: 4, deadline: .max, from: point, accept: { Checker().verify($0).valid })
        #expect(found.map { Checker().verify($0).valid } == true)
    }

    /// A report files each start's final ‖F‖² under its decade, zero and the tiny under 10⁻¹²,
    /// the huge under 10¹.
    @Test func aReportCountsEndsByDecade() {
        var report = NumericSearch.Report()
        for squared in [0.5, 0.07, 0.02, 3e-30, 0, 250, 1.0] { report.record(squared) }
        #expect(report.endsByDecade == [-1: 1, -2: 2, -12: 2, 1: 1, 0: 1])
        #expect(report.lowestSquaredResidual == 0)
    }

    /// Below the border rank nothing converges (⟨2,2,2⟩ has border rank 7): a deadline ends the run.
    @Test func belowTheRankNothingIsFound() {
        let search = NumericSearch(shape: Shape(2, 2, 2), settings: NumericSearch.Settings(rank: 6))
        let (found, report) = search.run(seed: 1, deadline: DispatchTime.now().uptimeNanoseconds + 3_000_000_000, accept: { _ in true })
        #expect(found == nil)
        #expect(report.starts >= 1 && report.converged == 0)
        #expect(report.lowestSquaredResidual > 1e-3)
    }
}
