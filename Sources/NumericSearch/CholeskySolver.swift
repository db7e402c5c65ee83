/// Solves a symmetric positive definite system H·δ = g by the Cholesky factorisation H = LLᵀ
/// (Cholesky–Banachiewicz, row by row, so that every inner product runs over two contiguous rows).
/// n³/6 multiply-adds; H is k×k row-major and is overwritten by L (lower triangle).
enum CholeskySolver {
    /// δ with H·δ = g, or nil when H is not numerically positive definite (a pivot ≤ 0).
    static func solve(_ h: inout [Double], _ g: [Double], size n: Int) -> [Double]? {
        guard factor(&h, size: n) else { return nil }
        return substitute(h, g, size: n)
    }

    /// Overwrites H's lower triangle by L with H = LLᵀ; false when a pivot is ≤ 0. Rows are
    /// taken four at a time, so that each earlier row j is read once for all four inner
    /// products L_i·L_j (the triangle is read n/4 times instead of n, which is what bounds the
    /// speed once it outgrows the cache), four lanes at a time (multiply, then add: the default
    /// target has no fused multiply-add, and `addProduct` would call the library's `fma`).
    static func factor(_ h: inout [Double], size n: Int) -> Bool {
        h.withUnsafeMutableBufferPointer { buffer in
            let l = buffer.baseAddress!
            @inline(__always) func lanes(_ row: Int, _ k: Int) -> SIMD4<Double> {
                UnsafeRawPointer(l + row * n + k).loadUnaligned(as: SIMD4<Double>.self)
            }
            /// Σ_{k<length} L[row, k]·L[j, k].
            @inline(__always) func dot(_ row: Int, _ j: Int, _ length: Int) -> Double {
                var sum = SIMD4<Double>()
                var k = 0
                while k + 4 <= length { sum += lanes(row, k) * lanes(j, k); k += 4 }
                var total = sum.sum()
                while k < length { total += l[row * n + k] * l[j * n + k]; k += 1 }
                return total
            }
            var block = 0
            while block < n {
                let rows = min(4, n - block)
                for j in 0..<block {
                    var sums = (SIMD4<Double>(), SIMD4<Double>(), SIMD4<Double>(), SIMD4<Double>())
                    var k = 0
                    while k + 4 <= j {
                        let column = lanes(j, k)
                        sums.0 += lanes(block, k) * column
                        if rows > 1 { sums.1 += lanes(block + 1, k) * column }
                        if rows > 2 { sums.2 += lanes(block + 2, k) * column }
                        if rows > 3 { sums.3 += lanes(block + 3, k) * column }
                        k += 4
                    }
                    for t in 0..<rows {
                        var total = t == 0 ? sums.0.sum() : t == 1 ? sums.1.sum() : t == 2 ? sums.2.sum() : sums.3.sum()
                        for tail in k..<j { total += l[(block + t) * n + tail] * l[j * n + tail] }
                        l[(block + t) * n + j] = (l[(block + t) * n + j] - total) / l[j * n + j]
                    }
                }
                for i in block..<(block + rows) {
                    for j in block...i {
                        let s = l[i * n + j] - dot(i, j, j)
                        if i == j {
                            guard s > 0, s.isFinite else { return false }
                            l[i * n + i] = s.squareRoot()
                        } else {
                            l[i * n + j] = s / l[j * n + j]
                        }
                    }
                }
                block += rows
            }
            return true
        }
    }

    /// Solves LLᵀ·Z = B in place for an n×width block B stored row-major from `start` in `z`
    /// (L from `factor`): all columns at once, by row operations on contiguous rows.
    static func substitute(_ l: UnsafeBufferPointer<Double>, rows z: UnsafeMutableBufferPointer<Double>, start: Int, size n: Int, width: Int) {
        for i in 0..<n {
            let row = start + i * width
            for k in 0..<i where l[i * n + k] != 0 {
                let (factor, other) = (l[i * n + k], start + k * width)
                for e in 0..<width { z[row + e] -= factor * z[other + e] }
            }
            let pivot = 1 / l[i * n + i]
            for e in 0..<width { z[row + e] *= pivot }
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            let row = start + i * width
            for k in (i + 1)..<max(i + 1, n) where l[k * n + i] != 0 {
                let (factor, other) = (l[k * n + i], start + k * width)
                for e in 0..<width { z[row + e] -= factor * z[other + e] }
            }
            let pivot = 1 / l[i * n + i]
            for e in 0..<width { z[row + e] *= pivot }
        }
    }

    /// δ with LLᵀ·δ = g, for L from `factor`.
    static func substitute(_ h: [Double], _ g: [Double], size n: Int) -> [Double] {
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
