import ExactArithmetic
import SchemeModel

extension Scheme {
    /// The restriction to rows `rows` ⊆ 0..<n of A and C, the inner indices `inner` ⊆ 0..<m
    /// (columns of A, rows of B) and columns `columns` ⊆ 0..<p of B and C.
    ///
    /// Reading A only on rows × inner, B only on inner × columns and C only on rows × columns
    /// turns T⟨n,m,p⟩ into T⟨|rows|,|inner|,|columns|⟩, so each term (u, v, w) becomes
    /// (u[rows × inner], v[inner × columns], w[columns × rows]) (w indexes Cᵀ) and the result is a
    /// scheme for the smaller shape, correct over every ring this one is. Terms with a zero factor
    /// are dropped, which is how a restriction can save more than the naive count.
    /// Precondition: the index lists are strictly increasing and within range.
    public func restricted(rows: [Int], inner: [Int], columns: [Int]) -> Scheme {
        let (m, p, n) = (shape.m, shape.p, shape.n)
        func pick(_ entries: [Rational], _ first: [Int], _ second: [Int], width: Int) -> [Rational] {
            first.flatMap { r in second.map { c in entries[r * width + c] } }
        }
        let kept = terms.compactMap { t -> Term? in
            let term = Term(u: pick(t.u, rows, inner, width: m), v: pick(t.v, inner, columns, width: p), w: pick(t.w, columns, rows, width: n))
            return [term.u, term.v, term.w].allSatisfy { $0.contains { !$0.isZero } } ? term : nil
        }
        return Scheme(shape: Shape(rows.count, inner.count, columns.count), terms: kept, intendedRing: intendedRing)
    }

    /// The restriction to `target` with the fewest terms, over the six images of this scheme
    /// under the symmetries (cyclic shifts and transposition, see `permuted(to:)`) and every
    /// choice of the rows, inner indices and columns kept. `nil` unless `target` is smaller (some
    /// image's shape is at least `target` in each dimension and larger in one), or when a factor
    /// matrix has more than 64 entries. Among equally short restrictions the first found is kept.
    public func bestRestriction(to target: Shape) -> Scheme? {
        guard shape.restricts(to: target), shape.uCount <= 64, shape.vCount <= 64, shape.wCount <= 64 else { return nil }
        var best: (scheme: Scheme, rows: [Int], inner: [Int], columns: [Int], rank: Int)?
        for image in symmetricImages where image.shape.n >= target.n && image.shape.m >= target.m && image.shape.p >= target.p {
            let supports = image.terms.map { SupportMasks($0) }
            let s = image.shape
            for rows in Self.subsets(of: s.n, size: target.n) {
                for inner in Self.subsets(of: s.m, size: target.m) {
                    let keepU = Self.mask(rows, inner, width: s.m)
                    for columns in Self.subsets(of: s.p, size: target.p) {
                        let keepV = Self.mask(inner, columns, width: s.p), keepW = Self.mask(columns, rows, width: s.n)
                        var rank = 0
                        for support in supports where support.u & keepU != 0 && support.v & keepV != 0 && support.w & keepW != 0 { rank += 1 }
                        if rank < best?.rank ?? .max { best = (image, rows, inner, columns, rank) }
                    }
                }
            }
        }
        return best.map { $0.scheme.restricted(rows: $0.rows, inner: $0.inner, columns: $0.columns) }
    }

    /// This scheme under the six symmetries: cyclic shifts, each with and without transposition.
    var symmetricImages: [Scheme] {
        let shifts = [self, cycled(), cycled().cycled()]
        return shifts + shifts.map { $0.transposed() }
    }

    /// Which entries of a term's factors are non-zero, one bit per entry (row-major).
    struct SupportMasks {
        let u: UInt64, v: UInt64, w: UInt64
        init(_ term: Term) {
            func bits(_ entries: [Rational]) -> UInt64 {
                entries.enumerated().reduce(0) { $1.element.isZero ? $0 : $0 | (1 << UInt64($1.offset)) }
            }
            (u, v, w) = (bits(term.u), bits(term.v), bits(term.w))
        }
    }

    /// The bits of the row-major positions first × second in a matrix `width` wide.
    static func mask(_ first: [Int], _ second: [Int], width: Int) -> UInt64 {
        first.reduce(0) { acc, r in second.reduce(acc) { $0 | (1 << UInt64(r * width + $1)) } }
    }

    /// All strictly increasing lists of `size` indices from 0..<count.
    static func subsets(of count: Int, size: Int) -> [[Int]] {
        guard size > 0 else { return [[]] }
        guard size <= count else { return [] }
        return (size - 1..<count).flatMap { last in subsets(of: last, size: size - 1).map { $0 + [last] } }
    }
}

extension Shape {
    /// True when some ordering of this shape is at least `target` in each dimension and the shape
    /// is larger, so that its schemes restrict to `target` (`Scheme.bestRestriction(to:)`). That
    /// holds exactly when the sorted dimensions are at least the sorted dimensions of `target`.
    public func restricts(to target: Shape) -> Bool {
        let (a, b) = (normalized, target.normalized)
        return a != b && a.n >= b.n && a.m >= b.m && a.p >= b.p
    }
}
