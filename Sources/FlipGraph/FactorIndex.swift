/// A factor value as a `FactorIndex` keys it: a bit pattern that is never zero for a live term
/// (zero marks an empty hash slot), with a well-mixed 64-bit word to hash.
protocol FactorKey: Equatable, Sendable {
    static var zero: Self { get }
    var hashWord: UInt64 { get }
}

extension UInt64: FactorKey {
    @inline(__always) var hashWord: UInt64 { self }
}

/// For one factor slot (u, v or w) of a walk: which live terms have which factor value, kept
/// incrementally so a flip partner and the reduction candidates are found without scanning.
///
/// Each distinct factor value has a record (stable id) holding a doubly linked list of its terms
/// and their count; an open-addressing hash table (linear probing, backward-shift deletion) maps
/// values to records. Records with two or more terms — the possible flips — are listed in
/// `shared` for O(1) uniform picking.
struct FactorIndex<Key: FactorKey>: Sendable {
    private var keys: [Key]             // hash slot → value (zero = empty; factors are never zero)
    private var slotRecord: [Int32]     // hash slot → record id
    private let mask: Int
    private let shift: UInt64

    private(set) var recordValue: [Key] = []
    private(set) var recordHead: [Int32] = []
    private(set) var recordCount: [Int32] = []
    private var recordSharedPosition: [Int32] = []
    private var freeRecords: [Int32] = []
    /// Records holding at least two terms.
    private(set) var shared: [Int32] = []

    /// Per term: its record, and its neighbours in the record's list.
    private(set) var termRecord: [Int32]
    private(set) var next: [Int32]
    private var previous: [Int32]

    init(termCapacity: Int) {
        var size = 64
        while size < 4 * termCapacity { size <<= 1 }
        keys = [Key](repeating: .zero, count: size)
        slotRecord = [Int32](repeating: -1, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        termRecord = [Int32](repeating: -1, count: termCapacity)
        next = [Int32](repeating: -1, count: termCapacity)
        previous = [Int32](repeating: -1, count: termCapacity)
    }

    @inline(__always) private func home(_ value: Key) -> Int { Int((value.hashWord &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    /// The record of `value`, or -1.
    @inline(__always) func record(of value: Key) -> Int32 {
        var slot = home(value)
        while keys[slot] != .zero {
            if keys[slot] == value { return slotRecord[slot] }
            slot = (slot + 1) & mask
        }
        return -1
    }

    /// Adds term t with factor `value`.
    mutating func insert(_ t: Int, _ value: Key) {
        var slot = home(value)
        var r: Int32 = -1
        while keys[slot] != .zero {
            if keys[slot] == value { r = slotRecord[slot]; break }
            slot = (slot + 1) & mask
        }
        if r < 0 {
            if let free = freeRecords.popLast() {
                r = free
                recordValue[Int(r)] = value
                recordHead[Int(r)] = -1
                recordCount[Int(r)] = 0
                recordSharedPosition[Int(r)] = -1
            } else {
                r = Int32(recordValue.count)
                recordValue.append(value)
                recordHead.append(-1)
                recordCount.append(0)
                recordSharedPosition.append(-1)
            }
            keys[slot] = value
            slotRecord[slot] = r
        }
        let ri = Int(r)
        let head = recordHead[ri]
        next[t] = head
        previous[t] = -1
        if head >= 0 { previous[Int(head)] = Int32(t) }
        recordHead[ri] = Int32(t)
        termRecord[t] = r
        recordCount[ri] += 1
        if recordCount[ri] == 2 {
            recordSharedPosition[ri] = Int32(shared.count)
            shared.append(r)
        }
    }

    /// Removes term t.
    mutating func remove(_ t: Int) {
        let r = termRecord[t], ri = Int(r)
        let (p, n) = (previous[t], next[t])
        if p >= 0 { next[Int(p)] = n } else { recordHead[ri] = n }
        if n >= 0 { previous[Int(n)] = p }
        termRecord[t] = -1
        recordCount[ri] -= 1
        if recordCount[ri] == 1 {
            let position = Int(recordSharedPosition[ri])
            let last = shared.removeLast()
            if position < shared.count {
                shared[position] = last
                recordSharedPosition[Int(last)] = Int32(position)
            }
            recordSharedPosition[ri] = -1
        } else if recordCount[ri] == 0 {
            deleteKey(recordValue[ri])
            freeRecords.append(r)
        }
    }

    /// Linear-probing deletion with backward shift, so lookups never need tombstones.
    private mutating func deleteKey(_ value: Key) {
        var slot = home(value)
        while keys[slot] != value { slot = (slot + 1) & mask }
        var hole = slot
        var probe = (slot + 1) & mask
        while keys[probe] != .zero {
            let ideal = home(keys[probe])
            // Move the entry back if the hole lies cyclically between its home and its slot.
            let distanceToProbe = (probe - ideal) & mask, distanceToHole = (hole - ideal) & mask
            if distanceToHole < distanceToProbe {
                keys[hole] = keys[probe]
                slotRecord[hole] = slotRecord[probe]
                hole = probe
            }
            probe = (probe + 1) & mask
        }
        keys[hole] = .zero
        slotRecord[hole] = -1
    }
}
