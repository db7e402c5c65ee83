/// A factor value as a `FactorIndex` keys it: a bit pattern that is never zero for a live term
/// (zero marks an empty hash slot), with a well-mixed 64-bit word to hash.
public protocol FactorKey: Equatable, Sendable {
    static var zero: Self { get }
    var hashWord: UInt64 { get }
}

extension UInt64: FactorKey {
    @inline(__always) public var hashWord: UInt64 { self }
}

/// For one factor slot (u, v or w) of a walk: which live terms have which factor value, kept
/// incrementally so a flip partner and the reduction candidates are found without scanning.
///
/// Each distinct factor value has a record (stable id) holding a doubly linked list of its terms
/// and their count; an open-addressing hash table (linear probing, backward-shift deletion) maps
/// values to records. Records with two or more terms — the possible flips — are listed in
/// `shared` for O(1) uniform picking.
///
/// The tables live in buffers allocated once (a walk never grows past its term capacity), read
/// and written through pointers: the walk's inner loop then pays no copy-on-write uniqueness
/// check per access, which cost a sixth of the flip rate with arrays. The owner keeps the index
/// unshared (`copy()` for a walk that is copied).
final class FactorIndex<Key: FactorKey>: @unchecked Sendable {
    let termCapacity: Int
    private let size: Int
    private let mask: Int
    private let shift: UInt64
    private let keys: UnsafeMutablePointer<Key>           // hash slot → value (zero = empty)
    private let slotRecord: UnsafeMutablePointer<Int32>   // hash slot → record id
    let recordValue: UnsafeMutablePointer<Key>
    let recordHead: UnsafeMutablePointer<Int32>
    let recordCount: UnsafeMutablePointer<Int32>
    private let recordSharedPosition: UnsafeMutablePointer<Int32>
    private let freeRecords: UnsafeMutablePointer<Int32>
    /// Records holding at least two terms, `sharedCount` of them.
    let shared: UnsafeMutablePointer<Int32>
    /// Per term: its record (-1 when the term is not in the index), and its neighbours in the
    /// record's list.
    let termRecord: UnsafeMutablePointer<Int32>
    let next: UnsafeMutablePointer<Int32>
    private let previous: UnsafeMutablePointer<Int32>
    /// sharedCount, freeCount.
    private let counters: UnsafeMutablePointer<Int>

    @inline(__always) var sharedCount: Int { counters[0] }

    init(termCapacity: Int) {
        self.termCapacity = termCapacity
        var size = 64
        while size < 4 * termCapacity { size <<= 1 }
        self.size = size
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        keys = filledBuffer(size, Key.zero)
        slotRecord = filledBuffer(size, -1)
        // A record holds at least one term, so there are never more records than terms.
        recordValue = filledBuffer(termCapacity, Key.zero)
        recordHead = filledBuffer(termCapacity, -1)
        recordCount = filledBuffer(termCapacity, 0)
        recordSharedPosition = filledBuffer(termCapacity, -1)
        freeRecords = filledBuffer(termCapacity, 0)
        for r in 0..<termCapacity { freeRecords[r] = Int32(termCapacity - 1 - r) }
        shared = filledBuffer(termCapacity, 0)
        termRecord = filledBuffer(termCapacity, -1)
        next = filledBuffer(termCapacity, -1)
        previous = filledBuffer(termCapacity, -1)
        counters = filledBuffer(2, 0)
        counters[1] = termCapacity
    }

    deinit {
        for pointer in [slotRecord, recordHead, recordCount, recordSharedPosition, freeRecords, shared, termRecord, next, previous] { pointer.deallocate() }
        keys.deinitialize(count: size)
        keys.deallocate()
        recordValue.deinitialize(count: termCapacity)
        recordValue.deallocate()
        counters.deallocate()
    }

    /// An independent index with the same contents.
    func copy() -> FactorIndex {
        let other = FactorIndex(termCapacity: termCapacity)
        other.keys.update(from: keys, count: size)
        other.slotRecord.update(from: slotRecord, count: size)
        for (to, from) in [(other.recordHead, recordHead), (other.recordCount, recordCount), (other.recordSharedPosition, recordSharedPosition),
                           (other.freeRecords, freeRecords), (other.shared, shared), (other.termRecord, termRecord), (other.next, next),
                           (other.previous, previous)] {
            to.update(from: from, count: termCapacity)
        }
        other.recordValue.update(from: recordValue, count: termCapacity)
        other.counters.update(from: counters, count: 2)
        return other
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
    @inline(__always) func insert(_ t: Int, _ value: Key) {
        var slot = home(value)
        var r: Int32 = -1
        while keys[slot] != .zero {
            if keys[slot] == value { r = slotRecord[slot]; break }
            slot = (slot + 1) & mask
        }
        if r < 0 {
            counters[1] -= 1
            r = freeRecords[counters[1]]
            let ri = Int(r)
            recordValue[ri] = value
            recordHead[ri] = -1
            recordCount[ri] = 0
            recordSharedPosition[ri] = -1
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
            recordSharedPosition[ri] = Int32(counters[0])
            shared[counters[0]] = r
            counters[0] += 1
        }
    }

    /// Removes term t.
    @inline(__always) func remove(_ t: Int) {
        let r = termRecord[t], ri = Int(r)
        let (p, n) = (previous[t], next[t])
        if p >= 0 { next[Int(p)] = n } else { recordHead[ri] = n }
        if n >= 0 { previous[Int(n)] = p }
        termRecord[t] = -1
        recordCount[ri] -= 1
        if recordCount[ri] == 1 {
            removeSwappingLast(ri, list: shared, position: recordSharedPosition, count: &counters[0])
        } else if recordCount[ri] == 0 {
            deleteKey(recordValue[ri])
            freeRecords[counters[1]] = r
            counters[1] += 1
        }
    }

    /// Linear-probing deletion with backward shift, so lookups never need tombstones.
    private func deleteKey(_ value: Key) {
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
