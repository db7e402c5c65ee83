/// The terms of a flip walk: three factors per term id, a flag per term (the sign of a signed
/// walk's term), the list of live ids (for uniform picking) and the free ids. Ids of dead terms
/// are reused; the capacity is fixed when the walk starts.
///
/// Buffers are allocated once and accessed through pointers, so the walk's inner loop pays no
/// copy-on-write check per access; a walk that is copied calls `copy()` before it mutates.
final class TermStore<Factor: FactorKey>: @unchecked Sendable {
    let capacity: Int
    /// Factor `slot` of term t is `factors[3 * t + slot]`.
    let factors: UnsafeMutablePointer<Factor>
    let flags: UnsafeMutablePointer<Bool>
    /// Live ids, `aliveCount` of them; `alivePosition[t]` is t's place there, or -1.
    let alive: UnsafeMutablePointer<Int32>
    let alivePosition: UnsafeMutablePointer<Int32>
    /// Free ids, `freeCount` of them (the next one handed out is the last).
    private let free: UnsafeMutablePointer<Int32>
    /// aliveCount, freeCount.
    private let counters: UnsafeMutablePointer<Int>

    @inline(__always) var aliveCount: Int { counters[0] }
    @inline(__always) var freeCount: Int { counters[1] }

    init(capacity: Int) {
        self.capacity = capacity
        factors = filledBuffer(3 * capacity, .zero)
        flags = filledBuffer(capacity, false)
        alive = filledBuffer(capacity, -1)
        alivePosition = filledBuffer(capacity, -1)
        free = filledBuffer(capacity, 0)
        for i in 0..<capacity { free[i] = Int32(capacity - 1 - i) }
        counters = filledBuffer(2, 0)
        counters[1] = capacity
    }

    deinit {
        factors.deinitialize(count: 3 * capacity)
        factors.deallocate()
        flags.deallocate()
        alive.deallocate()
        alivePosition.deallocate()
        free.deallocate()
        counters.deallocate()
    }

    /// An independent store with the same contents.
    func copy() -> TermStore {
        let other = TermStore(capacity: capacity)
        other.factors.update(from: factors, count: 3 * capacity)
        other.flags.update(from: flags, count: capacity)
        other.alive.update(from: alive, count: capacity)
        other.alivePosition.update(from: alivePosition, count: capacity)
        other.free.update(from: free, count: capacity)
        other.counters.update(from: counters, count: 2)
        return other
    }

    /// Takes a free id and makes it live; nil when none is left.
    @inline(__always) func allocate() -> Int? {
        guard counters[1] > 0 else { return nil }
        counters[1] -= 1
        let t = Int(free[counters[1]])
        alivePosition[t] = Int32(counters[0])
        alive[counters[0]] = Int32(t)
        counters[0] += 1
        return t
    }

    /// Returns live id t to the free ids.
    @inline(__always) func release(_ t: Int) {
        removeSwappingLast(t, list: alive, position: alivePosition, count: &counters[0])
        free[counters[1]] = Int32(t)
        counters[1] += 1
    }

    /// The live ids in increasing order.
    var sortedAlive: [Int] { (0..<aliveCount).map { Int(alive[$0]) }.sorted() }
}

/// A buffer of `count` values, all `value`; the caller deallocates it.
func filledBuffer<T>(_ count: Int, _ value: T) -> UnsafeMutablePointer<T> {
    let pointer = UnsafeMutablePointer<T>.allocate(capacity: count)
    pointer.initialize(repeating: value, count: count)
    return pointer
}

/// Removes `item` from the unordered list `list[0..<count]`, moving the last item into its
/// place; `position` maps items to their places and gets -1 for the removed one.
@inline(__always) func removeSwappingLast(_ item: Int, list: UnsafeMutablePointer<Int32>, position: UnsafeMutablePointer<Int32>, count: inout Int) {
    let place = Int(position[item])
    count -= 1
    let last = list[count]
    if place < count {
        list[place] = last
        position[Int(last)] = Int32(place)
    }
    position[item] = -1
}

/// Picks a random flip: a record shared by two or more terms, uniformly among the shared
/// records of the three slots, and two distinct terms of it, uniformly, in random order. Nil
/// when no two terms share a factor. One 64-bit draw serves the common case: its high 32 bits
/// pick the record (multiply-shift), bit 0 orders the two terms of a two-term record, and bits
/// 1…31 come back as `spare` for the caller's own choices (`spare & 1`, `spare & 2`).
@inline(__always) func randomFlipPair<Key>(_ index: [FactorIndex<Key>], _ rng: inout Xoshiro) -> (slot: Int, first: Int, second: Int, spare: UInt64)? {
    let c0 = index[0].sharedCount, c1 = index[1].sharedCount, c2 = index[2].sharedCount
    let total = c0 + c1 + c2
    guard total > 0 else { return nil }
    let bits = rng.next()
    var pick = Int(((bits >> 32) &* UInt64(total)) >> 32)
    let spare = (bits >> 1) & 0x7FFF_FFFF
    let s = pick < c0 ? 0 : pick < c0 + c1 ? 1 : 2
    pick -= s == 0 ? 0 : s == 1 ? c0 : c0 + c1
    let record = Int(index[s].shared[pick])
    let count = Int(index[s].recordCount[record])
    let head = Int(index[s].recordHead[record])
    // Most shared records hold two terms: then the pair is the list itself.
    if count == 2 {
        let other = Int(index[s].next[head])
        return bits & 1 == 0 ? (s, head, other, spare) : (s, other, head, spare)
    }
    let first = rng.below(count)
    var second = rng.below(count - 1)
    if second >= first { second += 1 }
    var i = -1, j = -1
    var member = head, position = 0
    while member >= 0 && (i < 0 || j < 0) {
        if position == first { i = member }
        if position == second { j = member }
        member = Int(index[s].next[member])
        position += 1
    }
    return (s, i, j, spare)
}

extension TermStore {
    /// Removes live term t from the three slot indexes and frees its id.
    @inline(__always) func kill(_ t: Int, in index: [FactorIndex<Factor>]) {
        for slot in 0..<3 where index[slot].termRecord[t] >= 0 { index[slot].remove(t) }
        release(t)
    }
}
