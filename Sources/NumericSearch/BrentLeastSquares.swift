import SchemeModel

/// The Brent equations of ⟨n,m,p⟩ at rank R as a real nonlinear least-squares problem:
/// minimise ½‖F(x)‖² with F = Σ_r u_r ⊗ v_r ⊗ w_r − T⟨n,m,p⟩, one residual per entry (α, β, γ)
/// of the tensor (a = n·m, b = m·p, c = p·n; `Shape`'s convention, w indexing Cᵀ).
///
/// The variables x are the three factor matrices, row-major and one after the other:
/// U (R×a, x[r·a + α] = u_r[α]), then V (R×b), then W (R×c); N = R·(a + b + c) in all.
/// The Jacobian is never formed: JᵀJ has closed blocks in the Gram matrices
/// G_U = UUᵀ, G_V = VVᵀ, G_W = WWᵀ (Tichavský–Phan–Cichocki), e.g.
/// (JᵀJ)[(r,α),(s,α')] = δ_αα' · G_V[r,s] · G_W[r,s] and (JᵀJ)[(r,α),(s,β)] = U[s,α] · V[r,β] · G_W[r,s].
public struct BrentLeastSquares: Sendable {
    public let shape: Shape
    public let rank: Int
    let a: Int, b: Int, c: Int
    /// T⟨n,m,p⟩ dense, entry (α, β, γ) at (α·b + β)·c + γ.
    let target: [Double]
    /// The n·m·p entries (α, β, γ) where T is 1.
    let support: [(Int, Int, Int)]

    public init(shape: Shape, rank: Int) {
        (self.shape, self.rank) = (shape, rank)
        (a, b, c) = (shape.uCount, shape.vCount, shape.wCount)
        var t = [Double](repeating: 0, count: a * b * c)
        var ones: [(Int, Int, Int)] = []
        for i in 0..<shape.n {
            for j in 0..<shape.m {
                for k in 0..<shape.p {
                    ones.append((i * shape.m + j, j * shape.p + k, k * shape.n + i))
                    t[((i * shape.m + j) * b + j * shape.p + k) * c + k * shape.n + i] = 1
                }
            }
        }
        (target, support) = (t, ones)
    }

    /// N = R·(a + b + c).
    public var variableCount: Int { rank * (a + b + c) }

    /// Where term r's factor u, v or w (0, 1, 2) starts in x.
    @inline(__always) func offset(factor: Int, term r: Int) -> Int {
        switch factor {
        case 0: r * a
        case 1: rank * a + r * b
        default: rank * (a + b) + r * c
        }
    }

    /// F(x) = Σ_r u_r ⊗ v_r ⊗ w_r − T, dense as `target`. O(R·a·b·c).
    public func residual(_ x: [Double]) -> [Double] {
        var f = target.map { -$0 }
        x.withUnsafeBufferPointer { x in
            f.withUnsafeMutableBufferPointer { f in
                for r in 0..<rank {
                    let (u, v, w) = (offset(factor: 0, term: r), offset(factor: 1, term: r), offset(factor: 2, term: r))
                    for α in 0..<a where x[u + α] != 0 {
                        for β in 0..<b {
                            let uv = x[u + α] * x[v + β]
                            if uv == 0 { continue }
                            let row = (α * b + β) * c
                            for γ in 0..<c { f[row + γ] += uv * x[w + γ] }
                        }
                    }
                }
            }
        }
        return f
    }

    /// Jᵀ F: ∂(½‖F‖²)/∂u_r[α] = Σ_βγ F[αβγ] v_r[β] w_r[γ], and likewise for v and w. O(R·a·b·c).
    public func gradient(_ x: [Double], residual f: [Double]) -> [Double] {
        var g = [Double](repeating: 0, count: variableCount)
        for r in 0..<rank {
            let (u, v, w) = (offset(factor: 0, term: r), offset(factor: 1, term: r), offset(factor: 2, term: r))
            for α in 0..<a {
                for β in 0..<b {
                    let row = (α * b + β) * c
                    var fw = 0.0
                    for γ in 0..<c {
                        let e = f[row + γ]
                        fw += e * x[w + γ]
                        g[w + γ] += e * x[u + α] * x[v + β]
                    }
                    g[u + α] += fw * x[v + β]
                    g[v + β] += fw * x[u + α]
                }
            }
        }
        return g
    }

    /// The Gram matrices G_U, G_V, G_W (R×R, row-major) of the factor matrices.
    func grams(_ x: [Double]) -> [[Double]] { (0..<3).map { gram(x, factor: $0) } }

    /// The Gram matrix XXᵀ of factor matrix 0, 1 or 2 (U, V, W).
    func gram(_ x: [Double], factor: Int) -> [Double] {
        let length = [a, b, c][factor]
        let base = offset(factor: factor, term: 0)
        var gram = [Double](repeating: 0, count: rank * rank)
        x.withUnsafeBufferPointer { x in
            gram.withUnsafeMutableBufferPointer { gram in
                for r in 0..<rank {
                    for s in r..<rank {
                        let (p, q) = (base + r * length, base + s * length)
                        var sum = 0.0
                        for e in 0..<length { sum += x[p + e] * x[q + e] }
                        gram[r * rank + s] = sum
                        gram[s * rank + r] = sum
                    }
                }
            }
        }
        return gram
    }

    /// JᵀJ's diagonal block for factor 0, 1 or 2, the same R×R matrix for each of its entries:
    /// G_g ∘ G_h of the other two factors' Gram matrices (`grams` are `grams(x)`). It is the
    /// system of an ALS update and the block-Jacobi preconditioner of `ConjugateGradientStep`.
    func diagonalBlock(grams: [[Double]], factor: Int) -> [Double] {
        var block = grams[(factor + 1) % 3]
        for e in 0..<(rank * rank) { block[e] *= grams[(factor + 2) % 3][e] }
        return block
    }

    /// The Gauss–Newton product JᵀJ·p over all N variables, without forming JᵀJ: for factor f
    /// (X_f its R×len matrix, P_f the same rows of p) and the other two g, h,
    ///
    ///     (JᵀJ·p)_f = (G_g ∘ G_h)·P_f + (G_h ∘ X_g P_gᵀ + G_g ∘ X_h P_hᵀ)·X_f,
    ///
    /// the blocks of `gaussNewtonMatrix` summed in Gram form: O(R²·(a + b + c)) against O(N²).
    /// `grams` are `grams(x)`.
    func gaussNewtonProduct(_ x: [Double], grams: [[Double]], _ p: [Double]) -> [Double] {
        let lengths = [a, b, c]
        var y = [Double](repeating: 0, count: variableCount)
        var products = [[Double]](repeating: [Double](repeating: 0, count: rank * rank), count: 3)
        x.withUnsafeBufferPointer { x in
            p.withUnsafeBufferPointer { p in
                // M_f = X_f·P_fᵀ (R×R): M_f[r, s] = Σ_e X_f[r, e]·P_f[s, e].
                for f in 0..<3 {
                    let (length, base) = (lengths[f], offset(factor: f, term: 0))
                    products[f].withUnsafeMutableBufferPointer { m in
                        for r in 0..<rank {
                            let xr = base + r * length
                            for s in 0..<rank {
                                let ps = base + s * length
                                var sum = 0.0
                                for e in 0..<length { sum += x[xr + e] * p[ps + e] }
                                m[r * rank + s] = sum
                            }
                        }
                    }
                }
                y.withUnsafeMutableBufferPointer { y in
                    for f in 0..<3 {
                        let (g, h) = ((f + 1) % 3, (f + 2) % 3)
                        let (length, base) = (lengths[f], offset(factor: f, term: 0))
                        grams[g].withUnsafeBufferPointer { gg in
                            grams[h].withUnsafeBufferPointer { gh in
                                products[g].withUnsafeBufferPointer { mg in
                                    products[h].withUnsafeBufferPointer { mh in
                                        for r in 0..<rank {
                                            let out = base + r * length
                                            for s in 0..<rank {
                                                let rs = r * rank + s
                                                let diagonal = gg[rs] * gh[rs]
                                                let cross = gh[rs] * mg[rs] + gg[rs] * mh[rs]
                                                let o = base + s * length  // p and x share the layout
                                                for e in 0..<length { y[out + e] += diagonal * p[o + e] + cross * x[o + e] }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y
    }

    /// (factor, term, index within the factor) of variable i.
    @inline(__always) func locate(_ i: Int) -> (factor: Int, term: Int, index: Int) {
        if i < rank * a { return (0, i / a, i % a) }
        if i < rank * (a + b) { let j = i - rank * a; return (1, j / b, j % b) }
        let j = i - rank * (a + b)
        return (2, j / c, j % c)
    }

    /// The Gauss–Newton matrix JᵀJ restricted to the variables `free` (k×k, row-major, in the
    /// order of `free`). O(k² + R²·(a + b + c)).
    public func gaussNewtonMatrix(_ x: [Double], free: [Int]) -> [Double] {
        let g = grams(x)
        let k = free.count
        let located = free.map(locate)
        var h = [Double](repeating: 0, count: k * k)
        for p in 0..<k {
            let (fi, r, i) = located[p]
            for q in p..<k {
                let (fj, s, j) = located[q]
                let value: Double
                if fi == fj {
                    // δ_ij times the Hadamard product of the other two Gram matrices.
                    value = i == j ? g[(fi + 1) % 3][r * rank + s] * g[(fi + 2) % 3][r * rank + s] : 0
                } else {
                    // Cross block (factor fi of term r, factor fj of term s): the product of term s's
                    // entry of factor fi, term r's entry of factor fj, and the third factor's Gram entry.
                    value = x[offset(factor: fi, term: s) + i] * x[offset(factor: fj, term: r) + j] * g[3 - fi - fj][r * rank + s]
                }
                h[p * k + q] = value
                h[q * k + p] = value
            }
        }
        return h
    }
}
