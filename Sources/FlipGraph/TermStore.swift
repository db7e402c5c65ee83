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
        factors = .allocate(capacity: 3 * capacity)
        factors.initialize(repeating: .zero, count: 3 * capacity)
        flags = .allocate(capacity: capacity)
        flags.initialize(repeating: false, count: capacity)
        alive = .allocate(capacity: capacity)
        alive.initialize(repeating: -1, count: capacity)
        alivePosition = .allocate(capacity: capacity)
        alivePosition.initialize(repeating: -1, count: capacity)
        free = .allocate(capacity: capacity)
        for i in 0..<capacity { (free + i).initialize(to: Int32(capacity - 1 - i)) }
        counters = .allocate(capacity: 2)
        counters.initialize(repeating: 0, count: 2)
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
        let position = Int(alivePosition[t])
        counters[0] -= 1
        let last = alive[counters[0]]
        if position < counters[0] {
            alive[position] = last
            alivePosition[Int(last)] = Int32(position)
        }
        alivePosition[t] = -1
        free[counters[1]] = Int32(t)
        counters[1] += 1
    }

    /// The live ids in increasing order.
    var sortedAlive: [Int] { (0..<aliveCount).map { Int(alive[$0]) }.sorted() }
}
