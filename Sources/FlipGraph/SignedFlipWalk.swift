import SchemeModel

/// A random walk in the flip graph of ⟨n,m,p⟩ with coefficients -1, 0, 1: over Z with every
/// coefficient kept in {-1, 0, 1} (the ternary flip graph of Perminov, arXiv 2511.20317), or over
/// GF(3) (flip-cpd's search3), selected by `SignedRing`.
///
/// Each term is stored as s·a⊗b⊗c with canonical factors (first non-zero coefficient 1) and a
/// sign s = ±1, so terms that share a factor up to sign share its canonical form. For two terms
/// s_i·a⊗b_i⊗c_i and s_j·a⊗b_j⊗c_j with σ = s_i·s_j and any δ = ±1,
///
///     s_i·a⊗b_i⊗c_i + s_j·a⊗b_j⊗c_j = s_i·a⊗(b_i + δ·b_j)⊗c_i + s_j·a⊗b_j⊗(c_j − δσ·c_i),
///
/// which is the *flip* (δ drawn at random; over ZT a flip whose new factors leave {-1, 0, 1} is
/// refused, after trying the other δ). A *reduction* merges two terms sharing two factors,
/// s_i·a⊗b⊗c_i + s_j·a⊗b⊗c_j = s_j·a⊗b⊗(c_j + σ·c_i) (over ZT only when the sum stays ternary),
/// or removes one of three or more terms sharing a factor whose other factors in one slot are
/// linearly dependent (as the GF(2) walk does; from the naive ⟨4,4,4⟩ the GF(2) walk needed a
/// median 21.6 s to reach 49 with pairs only, against 0.55 s with these), and a zero factor
/// removes its term. A *plus transition* splits a term with a factor b of another one,
/// s·a'⊗b'⊗c' = s·a'⊗(τb)⊗c' + s·a'⊗(b' − τb)⊗c'. Every move keeps Σ terms unchanged over Z
/// (ternary) or mod 3, so a valid scheme stays valid.
public struct SignedFlipWalkOf<Word: FactorWord>: Sendable, ReducingWalk {
    public typealias Vector = TernaryVectorOf<Word>
    public let shape: Shape
    public let ring: SignedRing
    /// Three canonical factors per term id (ids of dead terms are reused), the term's sign as
    /// its flag (set: -1), and the live ids.
    var terms: TermStore<Vector>
    var index: [FactorIndex<Vector>]
    var rng: Xoshiro
    /// Flips performed.
    public private(set) var flips: UInt64 = 0
    /// Flip attempts, including those refused because a coefficient would leave {-1, 0, 1}.
    public private(set) var attempts: UInt64 = 0
    public private(set) var reductions: UInt64 = 0
    public private(set) var plusTransitions: UInt64 = 0
    /// Whether reductions include linear dependencies among three or more terms sharing a
    /// factor, or only pairs of terms sharing two factors.
    public var checksDependencies = true
    /// Terms changed by a reduction that still await their own reduction check (3·term + slot).
    var pendingReductions: [Int32] = []

    public var rank: Int { terms.aliveCount }

    /// Precondition: the scheme is in `ring`'s representation (`SignedScheme.ring`).
    @_specialize(where Word == UInt64)
    @_specialize(where Word == Word256)
    public init(_ scheme: SignedSchemeOf<Word>, seed: UInt64) {
        shape = scheme.shape
        ring = scheme.ring
        let capacity = max(2 * scheme.rank, scheme.rank + 256)
        terms = TermStore(capacity: capacity)
        index = (0..<3).map { _ in FactorIndex<Vector>(termCapacity: capacity) }
        rng = Xoshiro(seed: seed)
        for r in 0..<scheme.rank where !(scheme.u[r].isZero || scheme.v[r].isZero || scheme.w[r].isZero) {
            add([scheme.u[r], scheme.v[r], scheme.w[r]], negative: false)
        }
        for t in terms.sortedAlive where isAlive(t) {
            for slot in 0..<3 where isAlive(t) { reduce(around: t, changed: slot) }
        }
    }

    /// Gives this walk its own buffers if a copy of it shares them.
    @inline(__always) private mutating func makeUnique() {
        guard !isKnownUniquelyReferenced(&terms) else { return }
        terms = terms.copy()
        index = index.map { $0.copy() }
    }

    @inline(__always) private func factor(_ t: Int, _ slot: Int) -> Vector { terms.factors[3 * t + slot] }
    @inline(__always) private func isNegative(_ t: Int) -> Bool { terms.flags[t] }
    @inline(__always) func isAlive(_ t: Int) -> Bool { terms.alivePosition[t] >= 0 }

    /// The current scheme (terms in id order, each term's sign folded into its first factor).
    public var scheme: SignedSchemeOf<Word> {
        let ids = terms.sortedAlive
        return SignedSchemeOf(shape: shape, ring: ring, u: ids.map { isNegative($0) ? factor($0, 0).negated : factor($0, 0) },
                            v: ids.map { factor($0, 1) }, w: ids.map { factor($0, 2) })
    }

    /// Adds the term ±x⊗y⊗z (factors not necessarily canonical, none zero); false when no id
    /// is free.
    @discardableResult
    private func add(_ factors: [Vector], negative sign: Bool) -> Bool {
        guard let t = terms.allocate() else { return false }
        var sign = sign
        for slot in 0..<3 {
            var x = factors[slot]
            if x.leadsNegative { x = x.negated; sign.toggle() }
            terms.factors[3 * t + slot] = x
            index[slot].insert(t, x)
        }
        terms.flags[t] = sign
        return true
    }

    private func kill(_ t: Int) { terms.kill(t, in: index) }

    /// Sets one factor of a live term (canonicalising it into the term's sign); a zero factor
    /// kills the term. Returns whether the term is still alive.
    @inline(__always)
    private func setFactor(_ t: Int, _ slot: Int, _ value: Vector) -> Bool {
        index[slot].remove(t)
        if value.isZero {
            terms.factors[3 * t + slot] = .zero
            kill(t)
            return false
        }
        if value.leadsNegative {
            terms.factors[3 * t + slot] = value.negated
            terms.flags[t].toggle()
        } else {
            terms.factors[3 * t + slot] = value
        }
        index[slot].insert(t, terms.factors[3 * t + slot])
        return true
    }

    /// Performs one random flip attempt; false only when no two terms share a factor (no flip
    /// exists). Over ZT an attempt whose both signs would leave {-1, 0, 1} changes nothing.
    @discardableResult
    @_specialize(where Word == UInt64)
    @_specialize(where Word == Word256)
    public mutating func flip() -> Bool {
        makeUnique()
        attempts &+= 1
        guard let (s, i, j, bits) = randomFlipPair(index, &rng) else { return false }
        let swap = bits & 1 == 0
        let s1 = swap ? (s + 1) % 3 : (s + 2) % 3
        let s2 = swap ? (s + 2) % 3 : (s + 1) % 3
        // b_i + δ·b_j and c_j − δσ·c_i, with δ = -1 when `delta` is set.
        let sigma = isNegative(i) != isNegative(j)
        var delta = bits & 2 == 0
        var newB = ring.add(factor(i, s1), factor(j, s1), times: delta)
        var newC = ring.add(factor(j, s2), factor(i, s2), times: delta == sigma)
        if newB == nil || newC == nil {
            delta.toggle()
            newB = ring.add(factor(i, s1), factor(j, s1), times: delta)
            newC = ring.add(factor(j, s2), factor(i, s2), times: delta == sigma)
            guard newB != nil && newC != nil else { return true }
        }
        flips &+= 1
        let iAlive = setFactor(i, s1, newB!)
        let jAlive = setFactor(j, s2, newC!)
        if iAlive { reduce(around: i, changed: s1) }
        if jAlive && isAlive(j) { reduce(around: j, changed: s2) }
        return true
    }

    /// Merges term t with a term sharing its factor in `slot` and one more (up to sign):
    /// s_t·x⊗y⊗c_t + s_k·x⊗y⊗c_k = s_k·x⊗y⊗(c_k + σ·c_t). Returns whether it merged; `next` is
    /// then the changed term.
    mutating func mergeSharingTwo(_ t: Int, _ slot: Int, next: inout (Int, Int)?) -> Bool {
        let o1 = (slot + 1) % 3, o2 = (slot + 2) % 3
        let record = Int(index[slot].termRecord[t])
        // Most new factors are held by no other term.
        guard index[slot].recordCount[record] >= 2 else { return false }
        var k = Int(index[slot].recordHead[record])
        while k >= 0 {
            if k != t {
                let mergedSlot = factor(k, o1) == factor(t, o1) ? o2 : factor(k, o2) == factor(t, o2) ? o1 : -1
                if mergedSlot >= 0, let sum = ring.add(factor(k, mergedSlot), factor(t, mergedSlot), times: isNegative(k) != isNegative(t)) {
                    reductions &+= 1
                    kill(t)
                    if setFactor(k, mergedSlot, sum) { next = (k, mergedSlot) }
                    return true
                }
            }
            k = Int(index[slot].next[k])
        }
        return false
    }

    /// Looks for a dependency Σ_{k∈S} c_k·x_k = 0 (c_k = ±1) among the slot-`x` factors of the
    /// terms s_k·a⊗x_k⊗y_k sharing t's factor a in slot `s`: Gaussian elimination over GF(3),
    /// each vector carrying its combination; over ZT the dependency must also hold over Z. Then
    /// for the term e that completed it, x_e = −c_e·Σ_{k≠e} c_k·x_k, so
    ///   Σ_{k∈S} s_k·a⊗x_k⊗y_k = Σ_{k≠e} s_k·a⊗x_k⊗(y_k − s_k·s_e·c_e·c_k·y_e),
    /// and e goes (over ZT only if every new y_k stays ternary). Returns whether it reduced; the
    /// changed terms are then `next` and pending.
    mutating func eliminateDependency(_ t: Int, sharing s: Int, among x: Int, next: inout (Int, Int)?) -> Bool {
        let record = Int(index[s].termRecord[t])
        let count = Int(index[s].recordCount[record])
        guard count >= 3, count <= 64 else { return false }
        let head = Int(index[s].recordHead[record])
        // Reduced vectors and their combinations (GF(3) masks over the members' positions).
        var basis: [(vector: Vector, mask: TernaryVector)] = []
        basis.reserveCapacity(count)
        var dependency: TernaryVector?
        var member = head, position = 0
        while member >= 0 {
            var vector = factor(member, x)
            var mask = TernaryVector(plus: 1 << UInt64(position), minus: 0)
            for b in basis {
                let lead = b.vector.support.lowestBit
                guard vector.support.bit(lead) else { continue }
                // vector −= c·b with c = vector's coefficient at b's lead (b's lead is 1).
                let negate = vector.plus.bit(lead)
                vector = vector.addingModThree(negate ? b.vector.negated : b.vector)
                mask = mask.addingModThree(negate ? b.mask.negated : b.mask)
            }
            if vector.isZero { dependency = mask; break }
            basis.append(vector.leadsNegative ? (vector.negated, mask.negated) : (vector, mask))
            member = Int(index[s].next[member])
            position += 1
        }
        guard let dependency else { return false }
        // The dependent set's terms and coefficients, in list order; the last one completed it.
        var members: [(term: Int, negativeCoefficient: Bool)] = []
        member = head
        position = 0
        while member >= 0 && position < 64 {
            let bit: UInt64 = 1 << UInt64(position)
            if dependency.support & bit != 0 { members.append((member, dependency.minus & bit != 0)) }
            member = Int(index[s].next[member])
            position += 1
        }
        if ring == .ternary && !holdsOverIntegers(members.map { ($0.term, $0.negativeCoefficient) }, slot: x) { return false }
        let (e, ce) = members.removeLast()
        let y = 3 - s - x
        let ye = factor(e, y)
        var updated: [Vector] = []
        updated.reserveCapacity(members.count)
        for (k, ck) in members {
            // y_k − s_k·s_e·c_e·c_k·y_e: the multiplier is −1 when the product of signs is +1.
            let productNegative = ((isNegative(k) != isNegative(e)) != ce) != ck
            guard let value = ring.add(factor(k, y), ye, times: !productNegative) else { return false }
            updated.append(value)
        }
        reductions &+= 1
        kill(e)
        for ((k, _), value) in zip(members, updated) where setFactor(k, y, value) {
            if next == nil { next = (k, y) } else { pendingReductions.append(Int32(3 * k + y)) }
        }
        return true
    }

    /// Whether Σ c_k·x_k = 0 over Z for the slot-`slot` factors x_k of the given terms (c_k = -1
    /// where marked, else 1): a GF(3) dependency of ternary vectors may leave multiples of 3.
    private func holdsOverIntegers(_ terms: [(Int, Bool)], slot: Int) -> Bool {
        var sums = [Int8](repeating: 0, count: Word.capacity)
        var touched = Word.zero
        for (k, negativeCoefficient) in terms {
            let v = factor(k, slot)
            touched = touched | v.support
            for i in 0..<Word.capacity where v.support.bit(i) {
                sums[i] += v.plus.bit(i) != negativeCoefficient ? 1 : -1
            }
        }
        return (0..<Word.capacity).allSatisfy { !touched.bit($0) || sums[$0] == 0 }
    }

    /// Splits a random term with a factor of another term (rank + 1); false if the draw was
    /// trivial, left {-1, 0, 1} for both signs, or no room is left.
    @discardableResult
    @_specialize(where Word == UInt64)
    @_specialize(where Word == Word256)
    public mutating func plusTransition() -> Bool {
        makeUnique()
        guard rank >= 2, terms.freeCount > 0 else { return false }
        let i = Int(terms.alive[rng.below(rank)])
        var j = Int(terms.alive[rng.below(rank)])
        if i == j { j = Int(terms.alive[(Int(terms.alivePosition[i]) + 1) % rank]) }
        let s1 = rng.below(3)
        let b = factor(i, s1), old = factor(j, s1)
        guard b != old else { return false }
        // s·a'⊗b'⊗c' = s·a'⊗(τb)⊗c' + s·a'⊗(b' − τb)⊗c', τ = -1 when `tau` is set.
        var tau = rng.next() & 1 == 0
        var rest = ring.add(old, b, times: !tau)
        if rest == nil {
            tau.toggle()
            rest = ring.add(old, b, times: !tau)
        }
        guard let rest, !rest.isZero else { return false }
        var factors = [factor(j, 0), factor(j, 1), factor(j, 2)]
        factors[s1] = rest
        let sign = isNegative(j)
        _ = setFactor(j, s1, tau ? b.negated : b)
        add(factors, negative: sign)
        plusTransitions &+= 1
        return true
    }
}
