import Foundation

/// Regularised alternating least squares (Navasca–De Lathauwer–Kindermann) for the Brent
/// least-squares problem: with two factor matrices fixed, the third solves a linear problem, and
/// a proximal term ρ‖X − X_prev‖² damps the swamps plain ALS is known for. For U (R×a):
///
///     U ← (M + ρ·U_prev)·(G_V ∘ G_W + ρI)⁻¹,   M[r, α] = Σ_{(α,β,γ): T=1} V[r,β]·W[r,γ],
///
/// one R×R Cholesky factorisation per update and a right-hand side per column, since T has only
/// n·m·p ones. A sweep costs O(R³ + R²·(a + b + c) + R·nmp): thousands of sweeps per second where
/// a Levenberg–Marquardt step on the same problem factors an N×N matrix (N = R·(a + b + c)).
struct AlternatingLeastSquares {
    let problem: BrentLeastSquares
    var sweeps = 20_000
    /// The proximal weight at the start; it decays by `decay` per sweep down to `floor`.
    var regularisation = 0.1
    var decay = 0.999
    var floor = 1e-2
    /// Stop when ‖F‖² falls below this (Levenberg–Marquardt goes on from there).
    var tolerance = 1e-8
    /// Give up when ‖F‖² has not fallen by 1% over this many sweeps while above `stallFloor`.
    var stallWindow = 1000
    var stallFloor = 1e-3
    var deadline: UInt64 = .max

    /// Sweeps in place; returns ‖F‖² at the end.
    @discardableResult
    func minimize(_ x: inout [Double]) -> Double {
        var ρ = regularisation
        var squared = Double.infinity
        var windowStart = Double.infinity
        let ones = onesByFactor
        var grams = problem.grams(x)
        for sweep in 0..<sweeps {
            for factor in 0..<3 {
                guard update(&x, factor: factor, proximalWeight: ρ, ones: ones[factor], grams: &grams) else { return squared }
            }
            ρ = max(floor, ρ * decay)
            if sweep % 10 == 9 {
                squared = problem.residual(x).reduce(0) { $0 + $1 * $1 }
                if squared < tolerance || !squared.isFinite { break }
                if sweep % stallWindow == stallWindow - 1 {
                    if squared > stallFloor && squared > 0.99 * windowStart { break }
                    windowStart = squared
                }
                if DispatchTime.now().uptimeNanoseconds > deadline { break }
            }
        }
        return problem.residual(x).reduce(0) { $0 + $1 * $1 }
    }

    /// Per factor, T's ones as (own entry, entry of the next factor, entry of the one after).
    var onesByFactor: [[(Int, Int, Int)]] {
        (0..<3).map { factor in
            problem.support.map { one in
                let entries = [one.0, one.1, one.2]
                return (entries[factor], entries[(factor + 1) % 3], entries[(factor + 2) % 3])
            }
        }
    }

    /// Drives the terms `doomed` to zero while the others take over their share of T: sweeps
    /// with an extra ridge ½μ‖x_r‖² on each doomed term r's factor rows, μ growing geometrically
    /// from 10⁻³ to 10³ over `sweeps` sweeps (a homotopy from the start towards a scheme without
    /// them). Returns ‖F‖² with the doomed terms zeroed.
    @discardableResult
    func shrink(_ x: inout [Double], terms doomed: [Int], sweeps: Int) -> Double {
        let ones = onesByFactor
        var ridge = [Double](repeating: 0, count: problem.rank)
        var grams = problem.grams(x)
        for sweep in 0..<sweeps {
            let μ = 1e-3 * pow(1e6, Double(sweep) / Double(max(1, sweeps - 1)))
            for r in doomed { ridge[r] = μ }
            for factor in 0..<3 {
                guard update(&x, factor: factor, proximalWeight: floor, ones: ones[factor], grams: &grams, ridge: ridge) else { break }
            }
            if sweep % 16 == 15 && DispatchTime.now().uptimeNanoseconds > deadline { break }
        }
        for r in doomed {
            for factor in 0..<3 {
                let start = problem.offset(factor: factor, term: r)
                for e in 0..<[problem.a, problem.b, problem.c][factor] { x[start + e] = 0 }
            }
        }
        return problem.residual(x).reduce(0) { $0 + $1 * $1 }
    }

    /// Replaces factor 0, 1 or 2 (U, V, W) by the minimiser of ½‖F‖² + ½ρ‖X − X_prev‖²
    /// + ½Σ_r ridge_r‖X_r‖² with the other two fixed; false when the R×R system is not positive
    /// definite (ρ = 0 and a singular Gram product). `ones`: `onesByFactor[factor]`; `grams`: the
    /// three Gram matrices of x (`BrentLeastSquares.grams`), the updated factor's renewed here.
    func update(_ x: inout [Double], factor: Int, proximalWeight ρ: Double, ones: [(Int, Int, Int)], grams: inout [[Double]],
                ridge: [Double]? = nil) -> Bool {
        let rank = problem.rank
        let (other1, other2) = ((factor + 1) % 3, (factor + 2) % 3)
        var system = problem.diagonalBlock(grams: grams, factor: factor)
        for r in 0..<rank { system[r * rank + r] += ρ + (ridge?[r] ?? 0) }
        guard CholeskySolver.factor(&system, size: rank) else { return false }
        let length = [problem.a, problem.b, problem.c][factor]
        // Right-hand sides M + ρ·X_prev, R×length row-major like the factor's block of x.
        var rhs = [Double](repeating: 0, count: rank * length)
        for r in 0..<rank {
            let (o1, o2, own) = (problem.offset(factor: other1, term: r), problem.offset(factor: other2, term: r), problem.offset(factor: factor, term: r))
            for (e, e1, e2) in ones { rhs[r * length + e] += x[o1 + e1] * x[o2 + e2] }
            for e in 0..<length { rhs[r * length + e] += ρ * x[own + e] }
        }
        system.withUnsafeBufferPointer { l in
            rhs.withUnsafeMutableBufferPointer { CholeskySolver.substitute(l, rows: $0, start: 0, size: rank, width: length) }
        }
        let own = problem.offset(factor: factor, term: 0)
        for i in 0..<(rank * length) { x[own + i] = rhs[i] }
        grams[factor] = problem.gram(x, factor: factor)
        return true
    }
}
