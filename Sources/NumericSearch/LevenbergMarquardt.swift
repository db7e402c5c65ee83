import Foundation

/// Levenberg–Marquardt on Φ(x) = ½‖F(x)‖² + ½ρ‖x_free‖² for the Brent least-squares problem,
/// moving only the variables `free` (the others stay as they are: the rounded ones during
/// rationalisation). Each step solves (JᵀJ + ρI + λI)·δ = −(JᵀF + ρx) on the free variables by
/// Cholesky; the damping λ follows Nielsen's rule (gain ratio ϱ > 0: accept, λ ·= max(1/3,
/// 1 − (2ϱ − 1)³); else reject, λ ·= ν, ν ·= 2). The penalty ρ keeps the factors bounded, since
/// the tensors of matrix multiplication are limits of decompositions of lower rank whose factors
/// diverge (border rank).
struct LevenbergMarquardt {
    let problem: BrentLeastSquares
    /// Stop when ‖F‖² falls below this.
    var tolerance = 1e-26
    var maxIterations = 1000
    /// Give up when ‖F‖² has not halved over this many iterations while still above `stallFloor`.
    var stallWindow = 200
    var stallFloor = 1e-6
    var deadline: UInt64 = .max
    /// Above this many free variables a step is solved by preconditioned conjugate gradients
    /// (`ConjugateGradientStep`) instead of a dense Cholesky factorisation.
    var iterativeAbove = 1500

    /// Minimises in place; returns ‖F‖² at the end.
    @discardableResult
    func minimize(_ x: inout [Double], free: [Int], regularisation ρ: Double) -> Double {
        let k = free.count
        var f = problem.residual(x)
        var squared = f.reduce(0) { $0 + $1 * $1 }
        guard k > 0 else { return squared }
        func objective(_ squared: Double, _ x: [Double]) -> Double {
            0.5 * squared + 0.5 * ρ * free.reduce(0) { $0 + x[$1] * x[$1] }
        }
        var cost = objective(squared, x)
        var λ = -1.0
        var ν = 2.0
        var windowStart = squared
        let iterative = k > iterativeAbove
        var mask: [Bool]?
        if iterative && k < problem.variableCount {
            mask = [Bool](repeating: false, count: problem.variableCount)
            for i in free { mask![i] = true }
        }
        for iteration in 0..<maxIterations {
            if squared < tolerance { break }
            if iteration % stallWindow == stallWindow - 1 {
                if squared > stallFloor && squared > 0.5 * windowStart { break }
                windowStart = squared
            }
            if iteration % 16 == 0 && DispatchTime.now().uptimeNanoseconds > deadline { break }
            let fullGradient = problem.gradient(x, residual: f)
            let g = free.map { fullGradient[$0] + ρ * x[$0] }
            let h = iterative ? [] : problem.gaussNewtonMatrix(x, free: free)
            if λ < 0 { λ = 1e-3 * (iterative ? largestGaussNewtonDiagonal(x) : (0..<k).reduce(0) { max($0, h[$1 * k + $1]) }) + 1e-12 }
            var accepted = false
            while !accepted {
                let step: [Double]?
                if iterative {
                    var full = [Double](repeating: 0, count: problem.variableCount)
                    for (i, index) in free.enumerated() { full[index] = g[i] }
                    step = ConjugateGradientStep(problem: problem, tolerance: forcing(g)).solve(x, gradient: full, damping: ρ + λ, free: mask).map { δ in free.map { δ[$0] } }
                } else {
                    var damped = h
                    for i in 0..<k { damped[i * k + i] += ρ + λ }
                    step = CholeskySolver.solve(&damped, g.map { -$0 }, size: k)
                }
                guard let step else {
                    λ *= ν; ν *= 2
                    if λ > 1e20 { return squared }
                    continue
                }
                var trial = x
                for (i, index) in free.enumerated() { trial[index] += step[i] }
                let trialF = problem.residual(trial)
                let trialSquared = trialF.reduce(0) { $0 + $1 * $1 }
                let trialCost = objective(trialSquared, trial)
                // Predicted decrease of the model: ½ δ·(λδ − g).
                var predicted = 0.0
                for i in 0..<k { predicted += step[i] * (λ * step[i] - g[i]) }
                predicted *= 0.5
                let ratio = predicted > 0 ? (cost - trialCost) / predicted : -1
                if ratio > 0 {
                    (x, f, squared, cost) = (trial, trialF, trialSquared, trialCost)
                    λ *= max(1.0 / 3, 1 - pow(2 * ratio - 1, 3))
                    ν = 2
                    accepted = true
                } else {
                    λ *= ν; ν *= 2
                    if λ > 1e20 || predicted < 1e-300 { return squared }
                }
            }
        }
        return squared
    }

    /// The relative accuracy asked of an iterative step (an inexact Newton forcing term,
    /// Eisenstat–Walker style): loose far from a zero, ‖g‖^½ below 10⁻⁴, so that the last steps
    /// converge as fast as exact ones.
    func forcing(_ g: [Double]) -> Double {
        min(1e-2, max(1e-10, g.reduce(0) { $0 + $1 * $1 }.squareRoot().squareRoot()))
    }

    /// max over variables of (JᵀJ)_ii, the largest diagonal entry of the factors' diagonal blocks.
    func largestGaussNewtonDiagonal(_ x: [Double]) -> Double {
        let grams = problem.grams(x)
        let rank = problem.rank
        return (0..<3).reduce(0) { largest, f in
            let block = problem.diagonalBlock(grams: grams, factor: f)
            return (0..<rank).reduce(largest) { max($0, block[$1 * rank + $1]) }
        }
    }
}
