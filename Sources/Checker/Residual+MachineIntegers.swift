#if canImport(Glibc)
import Glibc
#endif
import ExactArithmetic
import SchemeModel

/// The fast exact path: clear denominators and accumulate in 64-bit integers.
///
/// With d_r the product of the denominators' lcms of u_r, v_r, w_r, U_r = d_u·u_r (and so on)
/// integral, and L = lcm_r d_r, the Brent equations are equivalent to the integer identity
/// Σ_r (L/d_r)·U_r ⊗ V_r ⊗ W_r − L·T = 0. Every partial sum of an entry is bounded by
/// B = L + Σ_r (L/d_r)·‖U_r‖∞‖V_r‖∞‖W_r‖∞; when B < 2^62 (checked with overflow detection)
/// wrapping arithmetic never wraps and the integer residual is exact.
struct MachineIntegerResidual {
    /// Per-term integer data: scaled coefficient c_r = L/d_r folded into U_r.
    var u: [Int] = [], v: [Int] = [], w: [Int] = []
    let scale: Int
    let bound: Int

    /// `nil` when some number along the way does not fit, or B ≥ 2^62.
    init?(_ sparse: SparseTerms) {
        var termDenominators: [Int] = []
        var scaledU: [Int] = [], scaledV: [Int] = [], scaledW: [Int] = []
        var norms: [(Int, Int, Int)] = []
        termDenominators.reserveCapacity(sparse.rank)
        for r in 0..<sparse.rank {
            guard let (du, nu) = MachineIntegerResidual.clearDenominators(sparse.u, r, into: &scaledU),
                  let (dv, nv) = MachineIntegerResidual.clearDenominators(sparse.v, r, into: &scaledV),
                  let (dw, nw) = MachineIntegerResidual.clearDenominators(sparse.w, r, into: &scaledW)
            else { return nil }
            let (duv, o1) = du.multipliedReportingOverflow(by: dv)
            let (d, o2) = duv.multipliedReportingOverflow(by: dw)
            guard !o1, !o2 else { return nil }
            termDenominators.append(d)
            norms.append((nu, nv, nw))
        }
        var scale = 1
        for d in termDenominators {
            guard let l = MachineIntegerResidual.lcm(scale, d) else { return nil }
            scale = l
        }
        var bound = scale
        for r in 0..<sparse.rank {
            let c = scale / termDenominators[r]
            let (a, o1) = c.multipliedReportingOverflow(by: norms[r].0)
            let (b, o2) = a.multipliedReportingOverflow(by: norms[r].1)
            let (e, o3) = b.multipliedReportingOverflow(by: norms[r].2)
            let (s, o4) = bound.addingReportingOverflow(e)
            guard !o1, !o2, !o3, !o4, s < (1 << 62) else { return nil }
            bound = s
            // Fold c_r into u so the inner loop is two multiplications; |c_r·U| ≤ B.
            for i in sparse.u.range(r) { scaledU[i] *= c }
        }
        (u, v, w) = (scaledU, scaledV, scaledW)
        self.scale = scale
        self.bound = bound
    }

    /// Appends d·coefficient for term r's non-zeros; returns (d, max |d·coefficient|), d the lcm
    /// of the denominators.
    private static func clearDenominators(_ factor: SparseTerms.Factor, _ r: Int, into out: inout [Int]) -> (Int, Int)? {
        var d = 1
        for i in factor.range(r) {
            guard let (_, den) = factor.coefficient[i].smallFraction, let l = lcm(d, den) else { return nil }
            d = l
        }
        var norm = 0
        for i in factor.range(r) {
            let (num, den) = factor.coefficient[i].smallFraction!
            let (x, overflow) = num.multipliedReportingOverflow(by: d / den)
            guard !overflow, x != Int.min else { return nil }
            out.append(x)
            norm = max(norm, abs(x))
        }
        return (d, norm)
    }

    private static func lcm(_ a: Int, _ b: Int) -> Int? {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        let (l, overflow) = (a / x).multipliedReportingOverflow(by: b)
        return overflow ? nil : l
    }

    /// Every failing equation with its integer residual Σ_r c_r U V W − L·T (exact),
    /// in increasing (x, y, z) order; `limit` caps how many are kept, `count` counts all.
    func wrongEquations(_ sparse: SparseTerms, limit: Int) -> (count: Int, first: [(BrentEquation, Int)]) {
        let (vCount, wCount) = (sparse.shape.vCount, sparse.shape.wCount)
        var count = 0
        var first: [(BrentEquation, Int)] = []
        for block in sparse.rowBlocks() {
            // calloc: large zeroed blocks come straight from mmap, so untouched pages are never
            // written (a Swift array would memset the whole block first).
            let size = block.count * vCount * wCount
            guard let raw = calloc(size, MemoryLayout<Int>.stride) else { fatalError("out of memory for a \(size)-entry residual block") }
            defer { free(raw) }
            let t = UnsafeMutableBufferPointer(start: raw.assumingMemoryBound(to: Int.self), count: size)
            for r in 0..<sparse.rank {
                for a in sparse.u.range(r) {
                    let x = sparse.u.index[a]
                    guard block.contains(x) else { continue }
                    let ua = u[a], rowX = (x - block.lowerBound) * vCount
                    for b in sparse.v.range(r) {
                        let uv = ua &* v[b], base = (rowX + sparse.v.index[b]) * wCount
                        for c in sparse.w.range(r) { t[base + sparse.w.index[c]] &+= uv &* w[c] }
                    }
                }
            }
            sparse.forEachTargetEntry(in: block) { t[$0] &-= scale }
            for offset in 0..<size where t[offset] != 0 {
                count += 1
                if first.count < limit { first.append((sparse.equation(block: block, offset: offset), t[offset])) }
            }
        }
        return (count, first)
    }
}
