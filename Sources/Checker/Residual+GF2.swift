import ExactArithmetic
import SchemeModel

/// The residual over GF(2), bit-packed: the third mode (Cᵀ) of each (x, y) fibre is a row of
/// UInt64 words, and a term adds w_r to the fibre (x, y) whenever u_r[x]·v_r[y] is odd.
enum GF2Residual {
    /// A coefficient with an even denominator has no image in GF(2); returns the first such one.
    static func obstruction(_ sparse: SparseTerms) -> String? {
        for (name, factor) in [("u", sparse.u), ("v", sparse.v), ("w", sparse.w)] {
            guard let i = factor.coefficient.firstIndex(where: { !$0.isInteger && $0.parity == nil }) else { continue }
            let r = factor.start.lastIndex { $0 <= i }!
            return "coefficient \(factor.coefficient[i]) in \(name) of product \(r + 1) has an even denominator, so it has no value mod 2"
        }
        return nil
    }

    /// Failing equations mod 2 in (x, y, z) order (each has left-hand side 1 − expected);
    /// precondition: no obstruction.
    static func wrongEquations(_ sparse: SparseTerms, limit: Int) -> (count: Int, first: [WrongEquation]) {
        let (vCount, wCount) = (sparse.shape.vCount, sparse.shape.wCount)
        let words = (wCount + 63) / 64
        // Odd coefficients only: an even one vanishes mod 2.
        func odd(_ f: SparseTerms.Factor, _ r: Int) -> [Int] { f.range(r).filter { f.coefficient[$0].parity! }.map { f.index[$0] } }
        var count = 0
        var first: [WrongEquation] = []
        for block in sparse.rowBlocks(blockEntries: 1 << 26) {
            var fibres = [UInt64](repeating: 0, count: block.count * vCount * words)
            for r in 0..<sparse.rank {
                let xs = odd(sparse.u, r).filter { block.contains($0) }
                guard !xs.isEmpty else { continue }
                let ys = odd(sparse.v, r)
                var w = [UInt64](repeating: 0, count: words)
                for z in odd(sparse.w, r) { w[z >> 6] ^= 1 << UInt64(z & 63) }
                for x in xs {
                    for y in ys {
                        let base = ((x - block.lowerBound) * vCount + y) * words
                        for k in 0..<words { fibres[base + k] ^= w[k] }
                    }
                }
            }
            let n = sparse.shape.n, m = sparse.shape.m, p = sparse.shape.p
            for x in block {
                let (i, j) = (x / m, x % m)
                for k in 0..<p {
                    let z = k * n + i
                    fibres[((x - block.lowerBound) * vCount + j * p + k) * words + (z >> 6)] ^= 1 << UInt64(z & 63)
                }
            }
            for fibre in 0..<(block.count * vCount) {
                for k in 0..<words {
                    var bits = fibres[fibre * words + k]
                    while bits != 0 {
                        let z = k * 64 + bits.trailingZeroBitCount
                        bits &= bits - 1
                        count += 1
                        if first.count < limit {
                            let equation = BrentEquation(x: block.lowerBound + fibre / vCount, y: fibre % vCount, z: z)
                            let expected = equation.expected(in: sparse.shape)
                            first.append(WrongEquation(equation: equation, expected: expected, actual: Rational(1 - expected)))
                        }
                    }
                }
            }
        }
        return (count, first)
    }
}
