/// The Levenberg–Marquardt step (JᵀJ + μI)·δ = −g over all N variables by conjugate gradients
/// with JᵀJ applied in Gram form (`BrentLeastSquares.gaussNewtonProduct`, O(R²·(a + b + c)) a
/// product) and the block-Jacobi preconditioner of Tensorlab's cpd_nls: JᵀJ's diagonal blocks
/// are (G_g ∘ G_h) ⊗ I for each factor, so the preconditioner is three R×R Cholesky
/// factorisations. Where a dense step factors an N×N matrix (N³/6), this one costs a few dozen
/// products, which is what lets the numerical search take problems of N in the thousands.
/// With some variables held (the rounded ones during rationalisation) the step solves the same
/// system on the free ones: the operator and the preconditioner are masked to them (P·A·P and
/// P·M⁻¹·P, still positive definite on the free subspace).
struct ConjugateGradientStep {
    let problem: BrentLeastSquares
    /// Stop when the preconditioned residual has fallen by this factor.
    var tolerance = 1e-6
    var maxIterations = 400

    /// δ with (JᵀJ + μI)·δ ≈ −g at x on the variables where `free` is true (all when nil; δ and g
    /// are zero elsewhere), or nil when a preconditioner block is not positive definite.
    func solve(_ x: [Double], gradient g: [Double], damping μ: Double, free: [Bool]? = nil) -> [Double]? {
        let grams = problem.grams(x)
        let rank = problem.rank
        let lengths = [problem.a, problem.b, problem.c]
        var blocks: [[Double]] = []
        for f in 0..<3 {
            var block = problem.diagonalBlock(grams: grams, factor: f)
            for r in 0..<rank { block[r * rank + r] += μ }
            guard CholeskySolver.factor(&block, size: rank) else { return nil }
            blocks.append(block)
        }
        /// z = M⁻¹·r: each factor's R×len block B solved as L·Lᵀ·Z = B, all columns at once
        /// (row operations on contiguous rows of length len).
        func precondition(_ r: [Double]) -> [Double] {
            var z = r
            z.withUnsafeMutableBufferPointer { z in
                for f in 0..<3 {
                    blocks[f].withUnsafeBufferPointer { l in
                        CholeskySolver.substitute(l, rows: z, start: problem.offset(factor: f, term: 0), size: rank, width: lengths[f])
                    }
                }
            }
            return masked(z)
        }
        func masked(_ v: [Double]) -> [Double] {
            guard let free else { return v }
            return zip(v, free).map { $1 ? $0 : 0 }
        }
        func apply(_ p: [Double]) -> [Double] {
            var y = problem.gaussNewtonProduct(x, grams: grams, p)
            for i in 0..<y.count { y[i] += μ * p[i] }
            return masked(y)
        }
        func dot(_ u: [Double], _ v: [Double]) -> Double {
            var sum = 0.0
            for i in 0..<u.count { sum += u[i] * v[i] }
            return sum
        }
        var δ = [Double](repeating: 0, count: g.count)
        var r = masked(g.map { -$0 })
        var z = precondition(r)
        var p = z
        var rz = dot(r, z)
        let stop = rz * tolerance * tolerance
        for _ in 0..<maxIterations where rz > stop {
            let q = apply(p)
            let curvature = dot(p, q)
            guard curvature > 0 else { break }
            let α = rz / curvature
            for i in 0..<δ.count {
                δ[i] += α * p[i]
                r[i] -= α * q[i]
            }
            z = precondition(r)
            let next = dot(r, z)
            let β = next / rz
            rz = next
            for i in 0..<p.count { p[i] = z[i] + β * p[i] }
        }
        return δ
    }
}
