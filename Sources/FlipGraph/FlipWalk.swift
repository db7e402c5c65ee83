import Foundation
import SchemeModel

/// A random walk in the flip graph of ⟨n,m,p⟩ over GF(2) (Kauers–Moosbauer 2023).
///
/// A *flip* takes two terms sharing a factor, a⊗b⊗c + a⊗b'⊗c' → a⊗(b+b')⊗c + a⊗b'⊗(c'+c); a
/// *reduction* removes a term when terms sharing one factor have linearly dependent factors in
/// another slot (the simplest case: a⊗b⊗c + a⊗b⊗c' = a⊗b⊗(c+c')) and drops zero terms,
/// lowering the rank; a *plus transition* (Arai–Ichikawa–Hukushima 2024)
/// splits a term, a'⊗b'⊗c' = a'⊗b⊗c' + a'⊗(b'+b)⊗c', raising the rank by one to leave a plateau.
/// Every move keeps Σ u⊗v⊗w unchanged, so a valid scheme stays valid.
///
/// A `FactorIndex` per slot lists the terms sharing each factor value, so a flip is picked
/// uniformly among the groups of terms that share a factor in O(1), applied in O(1), and the
/// reduction check only visits the terms that share a changed term's new factor.
public struct FlipWalkOf<Word: FactorWord>: Sendable, ReducingWalk {
    public let shape: Shape
    /// Three factors per term id (ids of dead terms are reused), and the live ids.
    var terms: TermStore<Word>
    var index: [FactorIndex<Word>]
    var rng: Xoshiro
    /// Flips performed.
    public private(set) var flips: UInt64 = 0
    /// Flip attempts, including those made when no two terms shared a factor.
    public private(set) var attempts: UInt64 = 0
    public private(set) var reductions: UInt64 = 0
    public private(set) var plusTransitions: UInt64 = 0
    /// Whether reductions include linear dependencies among three or more terms sharing a
    /// factor (`eliminateDependency`), or only pairs of terms sharing two factors, as the
    /// walks of Kauers–Moosbauer and Perminov check.
    public var checksDependencies = true
    /// Terms changed by a reduction that still await their own reduction check.
    var pendingReductions: [Int32] = []
    /// Which drawn flips the walk makes, by the change in weight of the factors they change
    /// (`FlipAcceptance`); `.uniform`, the default, makes every one. A sparsity bias
    /// (`.sparsityBias(0.1)`, `fmm bench flips --sparsity-bias`, docs/search-engine.md) reaches
    /// ⟨3,4,5⟩ 48, ⟨2,4,5⟩ 33 and ⟨3,3,6⟩ 44 from the naive scheme more often and sooner, and
    /// ⟨4,4,4⟩ 49 less often; a learned table is `fmm learn-flips`'s (docs/rl.md).
    public var acceptance: FlipAcceptance = .uniform {
        didSet { thresholds = acceptance.thresholds }
    }
    /// `acceptance.thresholds`, indexed by `FlipAcceptance.index(change)`.
    var thresholds: [UInt64] = []

    public var rank: Int { terms.aliveCount }

    @_specialize(where Word == UInt64)
    @_specialize(where Word == Word256)
    public init(_ scheme: GF2SchemeOf<Word>, seed: UInt64) {
        shape = scheme.shape
        let capacity = max(2 * scheme.rank, scheme.rank + 256)
        terms = TermStore(capacity: capacity)
        index = (0..<3).map { _ in FactorIndex<Word>(termCapacity: capacity) }
        rng = Xoshiro(seed: seed)
        for r in 0..<scheme.rank { add(scheme.u[r], scheme.v[r], scheme.w[r]) }
        // A scheme given with mergeable terms is reduced first.
        for t in terms.sortedAlive where terms.alivePosition[t] >= 0 {
            for slot in 0..<3 where terms.alivePosition[t] >= 0 { reduce(around: t, changed: slot) }
        }
    }

    /// Gives this walk its own buffers if a copy of it shares them (value semantics at the
    /// cost of one check per move).
    @inline(__always) private mutating func makeUnique() {
        guard !isKnownUniquelyReferenced(&terms) else { return }
        terms = terms.copy()
        index = index.map { $0.copy() }
    }

    /// Factor `slot` of term t.
    @inline(__always) private func factor(_ t: Int, _ slot: Int) -> Word { terms.factors[3 * t + slot] }
    @inline(__always) func isAlive(_ t: Int) -> Bool { terms.alivePosition[t] >= 0 }

    /// The current scheme (terms in id order).
    public var scheme: GF2SchemeOf<Word> {
        let ids = terms.sortedAlive
        return GF2SchemeOf(shape: shape, u: ids.map { factor($0, 0) }, v: ids.map { factor($0, 1) }, w: ids.map { factor($0, 2) })
    }

    /// Adds the term a⊗b⊗c; false when no id is free.
    @discardableResult
    private func add(_ a: Word, _ b: Word, _ c: Word) -> Bool {
        guard let t = terms.allocate() else { return false }
        terms.factors[3 * t] = a; terms.factors[3 * t + 1] = b; terms.factors[3 * t + 2] = c
        for slot in 0..<3 { index[slot].insert(t, terms.factors[3 * t + slot]) }
        return true
    }

    private func kill(_ t: Int) { terms.kill(t, in: index) }

    /// Sets one factor of a live term, keeping the index; a zero factor kills the term.
    /// Returns whether the term is still alive.
    @inline(__always)
    private func setFactor(_ t: Int, _ slot: Int, _ value: Word) -> Bool {
        index[slot].remove(t)
        terms.factors[3 * t + slot] = value
        if value.isZero {
            kill(t)
            return false
        }
        index[slot].insert(t, value)
        return true
    }

    /// Performs one random flip; false only when no two terms share a factor (no flip exists).
    @discardableResult
    @_specialize(where Word == UInt64)
    @_specialize(where Word == Word256)
    public mutating func flip() -> Bool {
        makeUnique()
        attempts &+= 1
        guard let (s, i, j, spare) = randomFlipPair(index, &rng) else { return false }
        let swap = spare & 1 == 0
        let s1 = swap ? (s + 1) % 3 : (s + 2) % 3
        let s2 = swap ? (s + 2) % 3 : (s + 1) % 3
        let newI = factor(i, s1) ^ factor(j, s1), newJ = factor(j, s2) ^ factor(i, s2)
        if !thresholds.isEmpty {
            let change = newI.weight + newJ.weight - factor(i, s1).weight - factor(j, s2).weight
            let threshold = thresholds[FlipAcceptance.index(change)]
            if threshold != .max && rng.next() >= threshold { return true }
        }
        flips &+= 1
        let iAlive = setFactor(i, s1, newI)
        let jAlive = setFactor(j, s2, newJ)
        if iAlive { reduce(around: i, changed: s1) }
        if jAlive && isAlive(j) { reduce(around: j, changed: s2) }
        return true
    }

    /// The case |S| = 2, the common one, tested directly: a term sharing t's factor in `slot` and
    /// one more factor merges with t. Returns whether it merged; `next` is then the changed term.
    mutating func mergeSharingTwo(_ t: Int, _ slot: Int, next: inout (Int, Int)?) -> Bool {
        let o1 = (slot + 1) % 3, o2 = (slot + 2) % 3
        let record = Int(index[slot].termRecord[t])
        // Most new factors are held by no other term.
        guard index[slot].recordCount[record] >= 2 else { return false }
        var k = Int(index[slot].recordHead[record])
        while k >= 0 {
            if k != t {
                let mergedSlot = factor(k, o1) == factor(t, o1) ? o2 : factor(k, o2) == factor(t, o2) ? o1 : -1
                if mergedSlot >= 0 {
                    reductions &+= 1
                    let value = factor(k, mergedSlot) ^ factor(t, mergedSlot)
                    kill(t)
                    if setFactor(k, mergedSlot, value) { next = (k, mergedSlot) }
                    return true
                }
            }
            k = Int(index[slot].next[k])
        }
        return false
    }

    /// Looks for a dependent set among the slot-`x` factors of the terms sharing t's factor in
    /// slot `s` (Gaussian elimination over GF(2), each vector carrying the mask of the terms it
    /// combines); applies the reduction to the first one found, removing the term whose vector
    /// completed it. Returns whether it reduced; the changed terms are then `next` and pending.
    mutating func eliminateDependency(_ t: Int, sharing s: Int, among x: Int, next: inout (Int, Int)?) -> Bool {
        let record = Int(index[s].termRecord[t])
        let count = Int(index[s].recordCount[record])
        guard count >= 3, count <= 64 else { return false }
        let head = Int(index[s].recordHead[record])
        // Elimination in scratch space on the stack: the reduced vectors with their highest
        // bits, and the masks of the members each combines.
        let dependent: UInt64 = withUnsafeTemporaryAllocation(of: Word.self, capacity: count) { vectors in
            withUnsafeTemporaryAllocation(of: (highest: Int, mask: UInt64).self, capacity: count) { pivots in
                var size = 0
                var member = head
                while member >= 0 {
                    var vector = factor(member, x)
                    var mask: UInt64 = 1 << UInt64(size)
                    for i in 0..<size where vector.bit(pivots[i].highest) {
                        vector = vector ^ vectors[i]
                        mask ^= pivots[i].mask
                    }
                    if vector.isZero { return mask }
                    vectors[size] = vector
                    pivots[size] = (vector.highestBit, mask)
                    size += 1
                    member = Int(index[s].next[member])
                }
                return 0
            }
        }
        guard dependent != 0 else { return false }
        // The dependent set's terms, in list order; the last one completed the dependency.
        var members: [Int] = []
        var member = head, position = 0
        while member >= 0 {
            if dependent & (1 << UInt64(position)) != 0 { members.append(member) }
            member = Int(index[s].next[member])
            position += 1
        }
        reductions &+= 1
        let y = 3 - s - x
        let removed = members.removeLast()
        let shift = factor(removed, y)
        kill(removed)
        for k in members where setFactor(k, y, factor(k, y) ^ shift) {
            if next == nil { next = (k, y) } else { pendingReductions.append(Int32(3 * k + y)) }
        }
        return true
    }

    /// Splits a random term against another one (rank + 1); false if trivial or out of room.
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
        // a'⊗b'⊗c' = a'⊗b⊗c' + a'⊗(b'+b)⊗c'
        var added = [factor(j, 0), factor(j, 1), factor(j, 2)]
        added[s1] = old ^ b
        _ = setFactor(j, s1, b)
        add(added[0], added[1], added[2])
        plusTransitions &+= 1
        return true
    }
}
