/// Solves a symmetric positive definite system H·δ = g by the Cholesky factorisation H = LLᵀ
/// (Cholesky–Banachiewicz, row by row, so that every inner product runs over two contiguous rows).
/// n³/6 multiply-adds; H is k×k row-major and is overwritten by L (lower triangle).
enum CholeskySolver {
    /// δ with H·δ = g, or nil when H is not numerically positive definite (a pivot ≤ 0).
    static func solve(_ h: inout [Double], _ g: [Double], size n: Int) -> [Double]? {
        let factored: Bool = h.withUnsafeMutableBufferPointer { l in
            for i in 0..<n {
                let rowI = i * n
                for j in 0...i {
                    let rowJ = j * n
                    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                    var k = 0
                    while k + 4 <= j {
                        s0 += l[rowI + k] * l[rowJ + k]
                        s1 += l[rowI + k + 1] * l[rowJ + k + 1]
                        s2 += l[rowI + k + 2] * l[rowJ + k + 2]
                        s3 += l[rowI + k + 3] * l[rowJ + k + 3]
                        k += 4
                    }
                    while k < j { s0 += l[rowI + k] * l[rowJ + k]; k += 1 }
                    let s = l[rowI + j] - (s0 + s1) - (s2 + s3)
                    if i == j {
                        guard s > 0, s.isFinite else { return false }
                        l[rowI + i] = s.squareRoot()
                    } else {
                        l[rowI + j] = s / l[rowJ + j]
                    }
                }
            }
            return true
        }
        guard factored else { return nil }
        var y = g
        // L y = g, then Lᵀ δ = y.
        for i in 0..<n {
            var s = y[i]
            for k in 0..<i { s -= h[i * n + k] * y[k] }
            y[i] = s / h[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = y[i]
            for k in (i + 1)..<max(i + 1, n) { s -= h[k * n + i] * y[k] }
            y[i] = s / h[i * n + i]
        }
        return y
    }
}
