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
    ///
    /// A term survives a choice when each of its factors is non-zero on the kept block, and each
    /// factor's block depends on two of the three index choices only (u on rows × inner, v on
    /// inner × columns, w on columns × rows). So the terms surviving in each factor are formed
    /// once per pair of choices, as bit sets over the terms, and a choice's rank is the popcount
    /// of three of them ANDed.
    public func bestRestriction(to target: Shape) -> Scheme? {
        guard shape.restricts(to: target), shape.uCount <= 64, shape.vCount <= 64, shape.wCount <= 64 else { return nil }
        var best: (image: Int, rows: [Int], inner: [Int], columns: [Int], rank: Int)?
        for (number, (s, supports)) in supportImages.enumerated() where s.n >= target.n && s.m >= target.m && s.p >= target.p {
            let rowChoices = Self.subsets(of: s.n, size: target.n)
            let innerChoices = Self.subsets(of: s.m, size: target.m)
            let columnChoices = Self.subsets(of: s.p, size: target.p)
            let words = (supports.count + 63) / 64
            /// For each pair (first[a], second[b]), the terms whose factor is non-zero on that
            /// block: `words` words at (a · second.count + b) · words.
            func survivors(_ first: [[Int]], _ second: [[Int]], width: Int, _ factor: (SupportMasks) -> UInt64) -> [UInt64] {
                let factors = supports.map(factor)
                let blocks = first.flatMap { f in second.map { g in Self.mask(f, g, width: width) } }
                var bits = [UInt64](repeating: 0, count: blocks.count * words)
                bits.withUnsafeMutableBufferPointer { bits in
                    for (pair, keep) in blocks.enumerated() {
                        for (t, value) in factors.enumerated() where value & keep != 0 { bits[pair * words + t >> 6] |= 1 << UInt64(t & 63) }
                    }
                }
                return bits
            }
            let keptU = survivors(rowChoices, innerChoices, width: s.m) { $0.u }
            let keptV = survivors(innerChoices, columnChoices, width: s.p) { $0.v }
            let keptW = survivors(columnChoices, rowChoices, width: s.n) { $0.w }
            var bestRank = best?.rank ?? .max, choice: (Int, Int, Int)?
            keptU.withUnsafeBufferPointer { u in keptV.withUnsafeBufferPointer { v in keptW.withUnsafeBufferPointer { w in
                for r in rowChoices.indices {
                    for i in innerChoices.indices {
                        let uBase = (r * innerChoices.count + i) * words
                        for c in columnChoices.indices {
                            let vBase = (i * columnChoices.count + c) * words, wBase = (c * rowChoices.count + r) * words
                            var rank = 0
                            for k in 0..<words { rank += (u[uBase + k] & v[vBase + k] & w[wBase + k]).nonzeroBitCount }
                            if rank < bestRank { (bestRank, choice) = (rank, (r, i, c)) }
                        }
                    }
                }
            } } }
            if let (r, i, c) = choice { best = (number, rowChoices[r], innerChoices[i], columnChoices[c], bestRank) }
        }
        return best.map { symmetricImage($0.image).restricted(rows: $0.rows, inner: $0.inner, columns: $0.columns) }
    }

    /// Image `number` of this scheme under the symmetries, in the order of `supportImages`: the
    /// cyclic shifts 0, 1, 2, then the same transposed (3, 4, 5).
    func symmetricImage(_ number: Int) -> Scheme {
        let shifted = (0..<number % 3).reduce(self) { image, _ in image.cycled() }
        return number < 3 ? shifted : shifted.transposed()
    }

    /// The shapes and term supports of the six symmetric images (`symmetricImage`), formed on
    /// the bit masks: a cyclic shift (u, v, w) → (v, w, u) moves the masks, a transposition
    /// (u, v, w) → (vᵀ, uᵀ, wᵀ) transposes them.
    var supportImages: [(shape: Shape, supports: [SupportMasks])] {
        let own = (shape: shape, supports: terms.map { SupportMasks($0) })
        func cycled(_ image: (shape: Shape, supports: [SupportMasks])) -> (shape: Shape, supports: [SupportMasks]) {
            (image.shape.cycled, image.supports.map { SupportMasks(u: $0.v, v: $0.w, w: $0.u) })
        }
        func transposed(_ image: (shape: Shape, supports: [SupportMasks])) -> (shape: Shape, supports: [SupportMasks]) {
            let (n, m, p) = (image.shape.n, image.shape.m, image.shape.p)
            return (image.shape.transposed, image.supports.map {
                SupportMasks(u: Self.transpose($0.v, rows: m, columns: p), v: Self.transpose($0.u, rows: n, columns: m), w: Self.transpose($0.w, rows: p, columns: n))
            })
        }
        let shifts = [own, cycled(own), cycled(cycled(own))]
        return shifts + shifts.map(transposed)
    }

    /// The mask of a rows × columns matrix (row-major bits) as the mask of its transpose.
    static func transpose(_ mask: UInt64, rows: Int, columns: Int) -> UInt64 {
        var result: UInt64 = 0
        for r in 0..<rows { for c in 0..<columns where mask >> UInt64(r * columns + c) & 1 == 1 { result |= 1 << UInt64(c * rows + r) } }
        return result
    }

    /// Which entries of a term's factors are non-zero, one bit per entry (row-major).
    struct SupportMasks {
        let u: UInt64, v: UInt64, w: UInt64
        init(u: UInt64, v: UInt64, w: UInt64) { (self.u, self.v, self.w) = (u, v, w) }
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
