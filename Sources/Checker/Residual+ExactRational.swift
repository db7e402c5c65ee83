import ExactArithmetic
import SchemeModel

/// The independent exact path: the residual Σ_r u_r ⊗ v_r ⊗ w_r − T accumulated entry by entry
/// in GMP rationals. Slower than the other paths (an allocation per product) but needs no bound.
enum ExactRationalResidual {
    /// Every failing equation with its exact left-hand side, in (x, y, z) order; `limit` caps how
    /// many are kept, `count` counts all.
    static func wrongEquations(_ sparse: SparseTerms, limit: Int) -> (count: Int, first: [WrongEquation]) {
        let (vCount, wCount) = (sparse.shape.vCount, sparse.shape.wCount)
        var count = 0
        var first: [WrongEquation] = []
        for block in sparse.rowBlocks(blockEntries: 1 << 20) {
            var sums = [Rational](repeating: .zero, count: block.count * vCount * wCount)
            var expected = [Bool](repeating: false, count: sums.count)
            for r in 0..<sparse.rank {
                for a in sparse.u.range(r) {
                    let x = sparse.u.index[a]
                    guard block.contains(x) else { continue }
                    let rowX = (x - block.lowerBound) * vCount
                    for b in sparse.v.range(r) {
                        let uv = sparse.u.coefficient[a] * sparse.v.coefficient[b]
                        let base = (rowX + sparse.v.index[b]) * wCount
                        for c in sparse.w.range(r) { sums[base + sparse.w.index[c]] += uv * sparse.w.coefficient[c] }
                    }
                }
            }
            sparse.forEachTargetEntry(in: block) { expected[$0] = true }
            for offset in sums.indices where sums[offset] != (expected[offset] ? Rational.one : Rational.zero) {
                count += 1
                if first.count < limit {
                    first.append(WrongEquation(equation: sparse.equation(block: block, offset: offset),
                                               expected: expected[offset] ? 1 : 0, actual: sums[offset]))
                }
            }
        }
        return (count, first)
    }
}
