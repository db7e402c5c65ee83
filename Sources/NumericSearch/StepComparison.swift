import FlipGraph
import Foundation
import SchemeModel

/// One damped Gauss–Newton step of the numerical search solved both ways, for `fmm bench
/// numeric`: (JᵀJ + μI)·δ = −JᵀF at a random point of ⟨n,m,p⟩ at rank R (entries normal with
/// deviation 0.5, as a random start), by the dense Cholesky factorisation and by preconditioned
/// conjugate gradients (`ConjugateGradientStep`, to relative accuracy 10⁻⁶).
public struct StepComparison: Sendable {
    public let unknowns: Int
    /// Seconds to form JᵀJ and factor it, or nil when the dense solve was skipped.
    public let denseSeconds: Double?
    public let iterativeSeconds: Double
    /// ‖δ_dense − δ_iterative‖ / ‖δ_dense‖, or nil without the dense solve.
    public let relativeDifference: Double?

    /// Nil when a solve fails (a matrix not numerically positive definite).
    public init?(shape: Shape, rank: Int, seed: UInt64, damping μ: Double, dense: Bool) {
        let problem = BrentLeastSquares(shape: shape, rank: rank)
        var random = Xoshiro(seed: seed)
        let x = (0..<problem.variableCount).map { _ in 0.5 * NumericSearch.normal(&random) }
        let g = problem.gradient(x, residual: problem.residual(x))
        let n = problem.variableCount
        unknowns = n
        func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        var began = DispatchTime.now().uptimeNanoseconds
        var solver = ConjugateGradientStep(problem: problem)
        solver.tolerance = 1e-6
        guard let iterative = solver.solve(x, gradient: g, damping: μ) else { return nil }
        iterativeSeconds = seconds(since: began)
        guard dense else { (denseSeconds, relativeDifference) = (nil, nil); return }
        began = DispatchTime.now().uptimeNanoseconds
        var h = problem.gaussNewtonMatrix(x, free: Array(0..<n))
        for i in 0..<n { h[i * n + i] += μ }
        guard let exact = CholeskySolver.solve(&h, g.map { -$0 }, size: n) else { return nil }
        denseSeconds = seconds(since: began)
        var (difference, size) = (0.0, 0.0)
        for (a, b) in zip(exact, iterative) {
            difference += (a - b) * (a - b)
            size += a * a
        }
        relativeDifference = (difference / size).squareRoot()
    }
}
