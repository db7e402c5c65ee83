import ExactArithmetic
import FlipGraph
import SchemeModel

/// An exact finish found modulo 2: a residual whose rank over GF(2) is its flattening rank r or
/// r + 1, decomposed by the span of its slices and lifted 2-adically to Q.
///
/// Take the mode s of largest flattening rank and write X = Σ_k e_k ⊗ X_k with X_k the slices
/// (matrices over the other two modes p, q), reduced mod 2; their span S has dimension r, the
/// GF(2) flattening rank. If X = Σ_{i<t} x_i ⊗ y_i ⊗ c_i over GF(2) (x_i over p, y_i over q, c_i
/// over s), every slice lies in the span T of the rank-one matrices M_i = x_i y_iᵀ, so T ⊇ S and
/// t ≥ dim T. Conversely, t independent rank-one matrices spanning a T ⊇ S give a rank-t
/// decomposition: write each slice X_k = Σ_i c_ki M_i. So
/// - rank r exactly when S is spanned by the rank-one matrices it holds;
/// - rank r + 1 (and not r) exactly when for some rank-one M ∉ S, T = S + ⟨M⟩ is spanned by the
///   rank-one matrices it holds: those of S and those of the coset M + S.
/// All rank-one matrices over (p, q), (2^dp − 1)(2^dq − 1) of them, are grouped by their coset of
/// S (the remainder after reducing by S's echelon basis, computed by linearity from dp·(2^dq − 1)
/// reductions); the rank-r test is the coset S itself, the rank-(r + 1) test each other coset
/// with enough members. Unlike `LowRankFinish` and `ExtraTermsFinish` this needs only one mode
/// of dimension ≥ r, so on ⟨2,3,3⟩ (modes of dimension 6, 9, 6) it finishes residuals of rank
/// up to 10 where they stop at 8.
///
/// A decomposition found mod 2 is lifted with `HenselLift.liftDecomposition` (a residual's
/// decomposition mod 2 need not be the image of one over Q: then there is no finish) and the
/// lift is checked against X exactly before it is returned.
public enum SliceSpanFinish {
    /// Slices are bit matrices of at most 64 entries; modes whose slices have more rank-one
    /// matrices than this are not tried.
    public static let rankOneLimit = 1 << 16

    /// A decomposition of `tensor` of fewer than `below` terms and at least `lowerBound` (the
    /// flattening rank over Q, below which nothing lifts), or nil.
    public static func decompose(_ tensor: ResidualTensor, lowerBound: Int, below: Int) -> [LowRankFinish.RationalTerm]? {
        let dimensions = [tensor.dA, tensor.dB, tensor.dC]
        for s in 0..<3 {
            let (p, q) = ResidualTensor.otherModes(s)
            let (dp, dq) = (dimensions[p], dimensions[q])
            guard dp <= 16, dq <= 16, dp * dq <= 64, ((1 << dp) - 1) * ((1 << dq) - 1) <= rankOneLimit else { continue }
            let slices = Slices((0..<dimensions[s]).map { k in (0..<dp * dq).map { tensor.entry((p, q, s), $0 / dq, $0 % dq, k) } }, q: dq)
            let r = slices.span.dimension
            let lengths = [r, r + 1].filter { $0 >= max(1, lowerBound) && $0 < below }
            guard !lengths.isEmpty else { continue }
            for basis in rankOneBases(of: slices, p: dp, q: dq, lengths: Set(lengths)) {
                if let terms = lift(tensor, slices: slices.bits, basis: basis, modes: (p, q, s)) { return terms }
            }
        }
        return nil
    }

    /// A rank-one matrix x yᵀ over GF(2) (bit i·dq + j is x_i y_j) with its factors.
    struct RankOne {
        let matrix: UInt64
        let x: UInt64
        let y: UInt64
    }

    /// Bases offered to the lift per finish, at most.
    static let basisLimit = 24

    /// Sets of independent rank-one matrices, each spanning a space that contains the slices'
    /// span S, with S's dimension r or r + 1 elements (as `lengths` allows), shortest first, at
    /// most `limit` of them. A space may hold more rank-one matrices than its dimension (x yᵀ
    /// and x y'ᵀ give x (y + y')ᵀ), and then several bases span it; only the image of a
    /// decomposition over Q lifts. So a matrix enters a basis only when it has a rank-one lift
    /// modulo 4 in the space the slices span modulo 4 (`Slices.liftsModuloFour`), a necessary
    /// condition for the image of a term over Q.
    static func rankOneBases(of slices: Slices, p dp: Int, q dq: Int, lengths: Set<Int>, limit: Int = basisLimit) -> [[RankOne]] {
        let span = slices.span
        let r = span.dimension
        // The coset of each rank-one matrix: its remainder modulo S, linear in x for fixed y.
        let xs = (1 << dp) - 1
        var cosets = [UInt64](repeating: 0, count: xs * ((1 << dq) - 1))
        var remainders = [UInt64](repeating: 0, count: 1 << dp)
        for y in 1..<(1 << dq) {
            for x in 1..<(1 << dp) {
                let lower = x & (x - 1)
                remainders[x] = lower == 0 ? span.reduce(UInt64(y) << UInt64(x.trailingZeroBitCount * dq)) : remainders[lower] ^ remainders[x & -x]
                cosets[(y - 1) * xs + x - 1] = remainders[x]
            }
        }
        func element(_ index: Int) -> RankOne {
            let (x, y) = (UInt64(index % xs + 1), UInt64(index / xs + 1))
            var matrix: UInt64 = 0
            for i in 0..<dp where x >> UInt64(i) & 1 != 0 { matrix |= y << UInt64(i * dq) }
            return RankOne(matrix: matrix, x: x, y: y)
        }
        let inside = cosets.indices.filter { cosets[$0] == 0 }.map(element)
        let insideSpan = BitEchelon(inside.map(\.matrix))
        var bases: [[RankOne]] = []
        if lengths.contains(r), insideSpan.dimension == r {
            let candidates = inside.filter { slices.liftsModuloFour($0, anchor: nil) }
            bases += independentSets(of: candidates, size: r, limit: limit)
        }
        guard lengths.contains(r + 1), insideSpan.dimension < r else { return bases }
        // Only a coset with enough rank-one matrices to span T (rank r + 1 mod 2) with those of
        // S can give a basis: count the members of each (open addressing on the coset value).
        let needed = r + 1 - insideSpan.dimension
        var slots = 1
        while slots < 2 * cosets.count { slots <<= 1 }
        var keys = [UInt64](repeating: 0, count: slots), counts = [Int32](repeating: 0, count: slots)
        func slot(_ key: UInt64) -> Int {
            var i = Int(truncatingIfNeeded: (key &* 0x9e37_79b9_7f4a_7c15) >> 40) & (slots - 1)
            while counts[i] != 0 && keys[i] != key { i = (i + 1) & (slots - 1) }
            return i
        }
        var groupOfSlot = [Int32](repeating: -1, count: slots)
        var groups: [[Int]] = []
        for key in cosets where key != 0 {
            let i = slot(key)
            keys[i] = key
            counts[i] += 1
            if counts[i] == needed {
                groupOfSlot[i] = Int32(groups.count)
                groups.append([])
            }
        }
        guard !groups.isEmpty else { return bases }
        for (index, key) in cosets.enumerated() where key != 0 {
            let group = groupOfSlot[slot(key)]
            if group >= 0 { groups[Int(group)].append(index) }
        }
        for group in groups where bases.count < limit {
            let coset = group.map(element)
            var spanned = insideSpan
            for member in coset { spanned.insert(member.matrix) }
            guard spanned.dimension == r + 1 else { continue }
            // T = S + ⟨anchor⟩ for any member: a term of a decomposition outside S is one.
            let pool = inside + coset
            for anchor in coset where bases.count < limit {
                let candidates = pool.filter { $0.matrix != anchor.matrix && slices.liftsModuloFour($0, anchor: anchor) }
                bases += independentSets(of: candidates, size: r + 1, limit: limit - bases.count, starting: [anchor])
            }
        }
        return bases
    }

    /// Up to `limit` sets of `size` linearly independent elements: `starting` and then elements
    /// of `elements`, in lexicographic order of their positions (a depth-first search that
    /// skips an element dependent on those chosen).
    static func independentSets(of elements: [RankOne], size: Int, limit: Int, starting: [RankOne] = []) -> [[RankOne]] {
        var sets: [[RankOne]] = []
        var chosen = starting
        func extend(from index: Int, span: BitEchelon) {
            if chosen.count == size { sets.append(chosen); return }
            guard elements.count - index >= size - chosen.count else { return }
            for i in index..<elements.count where sets.count < limit {
                var wider = span
                guard wider.insert(elements[i].matrix) else { continue }
                chosen.append(elements[i])
                extend(from: i + 1, span: wider)
                chosen.removeLast()
            }
        }
        let start = BitEchelon(starting.map(\.matrix))
        guard start.dimension == starting.count, BitEchelon(starting.map(\.matrix) + elements.map(\.matrix)).dimension >= size else { return [] }
        extend(from: 0, span: start)
        return sets
    }

    /// The slices X_k of one mode as integer matrices (entry i·q + j) and modulo 2.
    struct Slices {
        let integers: [[Int32]]
        let bits: [UInt64]
        let q: Int
        /// S: the span of the slices mod 2, each row tagged with the mask of the slices it sums.
        let span: BitEchelon
        /// K: the halves (Σ_k δ_k X_k)/2 mod 2 of the integer combinations (δ ∈ {0,1}) that
        /// vanish mod 2, together with S.
        let spanWithHalves: BitEchelon

        init(_ integers: [[Int32]], q: Int) {
            precondition(integers.count <= 64)
            self.integers = integers
            self.q = q
            bits = integers.map { slice in slice.enumerated().reduce(UInt64(0)) { $0 | ($1.element & 1 != 0 ? 1 << UInt64($1.offset) : 0) } }
            var span = BitEchelon([])
            var halves: [UInt64] = []
            for (k, slice) in bits.enumerated() where !span.insert(slice, tag: UInt64(1) << UInt64(k)) {
                let vanishing = span.reduce(slice, tag: UInt64(1) << UInt64(k)).tag
                halves.append(Slices.half(Slices.combination(integers, mask: vanishing), count: integers[0].count))
            }
            self.span = span
            spanWithHalves = BitEchelon(span.rows.map(\.vector) + halves)
        }

        /// Σ_{k ∈ mask} X_k over Z.
        static func combination(_ integers: [[Int32]], mask: UInt64) -> [Int32] {
            var sum = [Int32](repeating: 0, count: integers[0].count)
            for (k, slice) in integers.enumerated() where mask >> UInt64(k) & 1 != 0 { for e in sum.indices { sum[e] &+= slice[e] } }
            return sum
        }

        /// (entries / 2) mod 2 of an integer matrix with even entries, as bits.
        static func half(_ entries: [Int32], count: Int) -> UInt64 {
            (0..<count).reduce(UInt64(0)) { $0 | ((entries[$1] >> 1) & 1 != 0 ? 1 << UInt64($1) : 0) }
        }

        /// The integer matrix x yᵀ (0/1 entries) of a rank-one matrix mod 2.
        func integerMatrix(_ element: RankOne) -> [Int32] {
            (0..<integers[0].count).map { Int32(truncatingIfNeeded: (element.x >> UInt64($0 / q)) & (element.y >> UInt64($0 % q)) & 1) }
        }

        /// Whether `element` (in S, or with an anchor in T = S + ⟨anchor⟩) is the image of a
        /// matrix (x + 2e)(y + 2f)ᵀ mod 4 in the span mod 4 of the slices (and of the anchor's
        /// own lift (x_a + 2e')(y_a + 2f')ᵀ, any e', f'). With Z = Σ_{k∈β} X_k + μ·x_a y_aᵀ the
        /// integer combination whose image is the element, that holds when (Z − x yᵀ)/2 mod 2
        /// lies in S + K + {e yᵀ + x fᵀ} (with an anchor, + ⟨x_a y_aᵀ⟩ for its even multiples
        /// and + {e' y_aᵀ + x_a f'ᵀ} when μ = 1).
        func liftsModuloFour(_ element: RankOne, anchor: RankOne?) -> Bool {
            let count = integers[0].count, p = count / q
            var target = element.matrix
            var inAnchorCoset = false
            if let anchor, span.reduce(target) != 0 {
                target ^= anchor.matrix
                inAnchorCoset = true
            }
            // β: the slices whose sum is `target` mod 2.
            let (v, mask) = span.reduce(target, tag: 0)
            guard v == 0 else { return false }
            var z = Slices.combination(integers, mask: mask)
            if inAnchorCoset, let anchor { for (e, value) in integerMatrix(anchor).enumerated() { z[e] &+= value } }
            for (e, value) in integerMatrix(element).enumerated() { z[e] &-= value }
            var room = spanWithHalves
            func addFactorDirections(_ factor: RankOne) {
                for i in 0..<p { room.insert(factor.y << UInt64(i * q)) }
                let columns = (0..<p).reduce(UInt64(0)) { $0 | ((factor.x >> UInt64($1)) & 1 != 0 ? 1 << UInt64($1 * q) : 0) }
                for j in 0..<q { room.insert(columns << UInt64(j)) }
            }
            addFactorDirections(element)
            if let anchor { room.insert(anchor.matrix) }
            if inAnchorCoset, let anchor { addFactorDirections(anchor) }
            return room.reduce(Slices.half(z, count: count)) == 0
        }
    }

    /// The decomposition X_k = Σ_i c_ki M_i mod 2 lifted to Q and checked, or nil.
    static func lift(_ tensor: ResidualTensor, slices: [UInt64], basis: [RankOne], modes: (Int, Int, Int)) -> [LowRankFinish.RationalTerm]? {
        let (p, _, s) = modes
        let dimensions = [tensor.dA, tensor.dB, tensor.dC]
        guard let coefficients = BitEchelon.coordinates(of: slices, in: basis.map(\.matrix)) else { return nil }
        var residues: [UInt8] = []
        for (i, element) in basis.enumerated() {
            for mode in 0..<3 {
                for index in 0..<dimensions[mode] {
                    let bit: UInt64 = mode == p ? element.x >> UInt64(index)
                        : mode == s ? coefficients[index] >> UInt64(i) : element.y >> UInt64(index)
                    residues.append(UInt8(bit & 1))
                }
            }
        }
        guard let lifted = HenselLift.liftDecomposition(of: tensor.entries, dimensions: (tensor.dA, tensor.dB, tensor.dC),
                                                        residues: residues, rank: basis.count) else { return nil }
        let terms: [LowRankFinish.RationalTerm] = lifted.map { ($0.u, $0.v, $0.w) }
        return LowRankFinish.sums(terms, to: tensor) ? terms : nil
    }
}

/// A subspace of GF(2)⁶⁴ in reduced echelon form: each row has a pivot bit that no other row
/// has, and a tag: the XOR of the tags of the vectors inserted that it sums (e.g. the mask of
/// which inputs those were).
struct BitEchelon {
    private(set) var rows: [(vector: UInt64, tag: UInt64, pivot: UInt64)] = []

    init(_ vectors: [UInt64]) { for vector in vectors { insert(vector) } }

    var dimension: Int { rows.count }

    /// `vector` with every pivot bit cleared by adding rows: zero exactly when it lies in the
    /// span, and the same for two vectors exactly when they differ by an element of the span.
    func reduce(_ vector: UInt64) -> UInt64 {
        var v = vector
        for row in rows where v & row.pivot != 0 { v ^= row.vector }
        return v
    }

    /// `reduce` that also adds the rows' tags to `tag`: for a vector in the span, the tags of
    /// the inserted vectors that sum to it.
    func reduce(_ vector: UInt64, tag: UInt64) -> (vector: UInt64, tag: UInt64) {
        var (v, t) = (vector, tag)
        for row in rows where v & row.pivot != 0 { (v, t) = (v ^ row.vector, t ^ row.tag) }
        return (v, t)
    }

    /// Adds `vector` (with `tag`) to the span; false when it was in it already.
    @discardableResult
    mutating func insert(_ vector: UInt64, tag: UInt64 = 0) -> Bool {
        let (v, t) = reduce(vector, tag: tag)
        guard v != 0 else { return false }
        let pivot = v & (~v &+ 1)
        for i in rows.indices where rows[i].vector & pivot != 0 { (rows[i].vector, rows[i].tag) = (rows[i].vector ^ v, rows[i].tag ^ t) }
        rows.append((v, t, pivot))
        return true
    }

    /// For each target, the bit mask c of the `basis` vectors (independent, at most 64) that
    /// sum to it (bit i: basis[i]), or nil when a target is outside their span.
    static func coordinates(of targets: [UInt64], in basis: [UInt64]) -> [UInt64]? {
        precondition(basis.count <= 64)
        var echelon = BitEchelon([])
        for (i, vector) in basis.enumerated() { guard echelon.insert(vector, tag: UInt64(1) << UInt64(i)) else { return nil } }
        var result: [UInt64] = []
        for target in targets {
            let (v, mask) = echelon.reduce(target, tag: 0)
            guard v == 0 else { return nil }
            result.append(mask)
        }
        return result
    }
}
