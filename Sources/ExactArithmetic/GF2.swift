/// Vectors over GF(2), bit-packed into `UInt64` words: bit `i % 64` of word `i / 64` holds
/// coordinate i. Addition is XOR; the dot product is the parity of the AND.
public struct GF2Vector: Sendable, Hashable {
    public private(set) var words: [UInt64]
    public let count: Int

    /// The zero vector of length `count`.
    public init(count: Int) {
        self.count = count
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
    }

    public subscript(index: Int) -> Bool {
        get { words[index >> 6] >> UInt64(index & 63) & 1 == 1 }
        set {
            let mask: UInt64 = 1 << UInt64(index & 63)
            if newValue { words[index >> 6] |= mask } else { words[index >> 6] &= ~mask }
        }
    }

    public var isZero: Bool { words.allSatisfy { $0 == 0 } }

    /// Number of non-zero coordinates.
    public var weight: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// Indices of the non-zero coordinates, increasing.
    public var support: [Int] {
        var result: [Int] = []
        for (w, word) in words.enumerated() {
            var bits = word
            while bits != 0 {
                result.append(w * 64 + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        return result
    }

    /// Coordinate-wise sum (XOR). Precondition: equal lengths.
    public static func + (a: GF2Vector, b: GF2Vector) -> GF2Vector {
        precondition(a.count == b.count)
        var result = a
        for i in result.words.indices { result.words[i] ^= b.words[i] }
        return result
    }

    /// Σ a_i b_i over GF(2).
    public func dot(_ other: GF2Vector) -> Bool {
        var parity: UInt64 = 0
        for i in words.indices { parity ^= words[i] & other.words[i] }
        return parity.nonzeroBitCount & 1 == 1
    }
}
