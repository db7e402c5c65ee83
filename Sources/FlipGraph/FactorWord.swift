/// A factor over GF(2) as a bit vector: bit i is the coefficient of entry i of the factor's
/// matrix (row-major, as in `Scheme`). `UInt64` holds factor matrices of up to 64 entries (8×8,
/// the fast path); `Word256` up to 256 (16×16).
public protocol FactorWord: FactorKey, Hashable {
    /// How many entries a factor matrix may have.
    static var capacity: Int { get }
    /// The word with only bit `index` set.
    init(bit index: Int)
    var isZero: Bool { get }
    func bit(_ index: Int) -> Bool
    /// Index of the highest set bit (the word is not zero).
    var highestBit: Int { get }
    /// Index of the lowest set bit (the word is not zero).
    var lowestBit: Int { get }
    /// The number of set bits (non-zero entries of the factor matrix).
    var weight: Int { get }
    static prefix func ~ (word: Self) -> Self
    static func ^ (lhs: Self, rhs: Self) -> Self
    static func & (lhs: Self, rhs: Self) -> Self
    static func | (lhs: Self, rhs: Self) -> Self
}

extension UInt64: FactorWord {
    public static var capacity: Int { 64 }
    @inline(__always) public init(bit index: Int) { self = 1 << UInt64(index) }
    @inline(__always) public var isZero: Bool { self == 0 }
    @inline(__always) public func bit(_ index: Int) -> Bool { self >> UInt64(index) & 1 == 1 }
    @inline(__always) public var highestBit: Int { 63 - leadingZeroBitCount }
    @inline(__always) public var lowestBit: Int { trailingZeroBitCount }
    @inline(__always) public var weight: Int { nonzeroBitCount }
}

/// 256 bits in four words (bit i in word i / 64), for factor matrices up to 16×16.
public struct Word256: FactorWord {
    public var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    @inline(__always) public init(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) { (self.w0, self.w1, self.w2, self.w3) = (w0, w1, w2, w3) }

    public static var capacity: Int { 256 }
    public static let zero = Word256(0, 0, 0, 0)

    @inline(__always) public init(bit index: Int) {
        let one: UInt64 = 1 << UInt64(index & 63)
        switch index >> 6 {
        case 0: self.init(one, 0, 0, 0)
        case 1: self.init(0, one, 0, 0)
        case 2: self.init(0, 0, one, 0)
        default: self.init(0, 0, 0, one)
        }
    }

    @inline(__always) public var isZero: Bool { w0 | w1 | w2 | w3 == 0 }

    @inline(__always) public func bit(_ index: Int) -> Bool {
        let word = index >> 6 == 0 ? w0 : index >> 6 == 1 ? w1 : index >> 6 == 2 ? w2 : w3
        return word >> UInt64(index & 63) & 1 == 1
    }

    @inline(__always) public var highestBit: Int {
        w3 != 0 ? 255 - w3.leadingZeroBitCount : w2 != 0 ? 191 - w2.leadingZeroBitCount : w1 != 0 ? 127 - w1.leadingZeroBitCount : 63 - w0.leadingZeroBitCount
    }

    @inline(__always) public var lowestBit: Int {
        w0 != 0 ? w0.trailingZeroBitCount : w1 != 0 ? 64 + w1.trailingZeroBitCount : w2 != 0 ? 128 + w2.trailingZeroBitCount : 192 + w3.trailingZeroBitCount
    }

    @inline(__always) public var weight: Int { w0.nonzeroBitCount + w1.nonzeroBitCount + w2.nonzeroBitCount + w3.nonzeroBitCount }

    @inline(__always) public static prefix func ~ (a: Word256) -> Word256 { Word256(~a.w0, ~a.w1, ~a.w2, ~a.w3) }
    @inline(__always) public static func ^ (a: Word256, b: Word256) -> Word256 { Word256(a.w0 ^ b.w0, a.w1 ^ b.w1, a.w2 ^ b.w2, a.w3 ^ b.w3) }
    @inline(__always) public static func & (a: Word256, b: Word256) -> Word256 { Word256(a.w0 & b.w0, a.w1 & b.w1, a.w2 & b.w2, a.w3 & b.w3) }
    @inline(__always) public static func | (a: Word256, b: Word256) -> Word256 { Word256(a.w0 | b.w0, a.w1 | b.w1, a.w2 | b.w2, a.w3 | b.w3) }

    @inline(__always) public var hashWord: UInt64 {
        w0 ^ (w1 &* 0xC2B2_AE3D_27D4_EB4F) ^ (w2 &* 0x1656_67B1_9E37_79F9) ^ (w3 &* 0x27D4_EB2F_1656_67C5) ^ (w1 >> 29) ^ (w3 >> 31)
    }
}
