/// A vector of coefficients in {-1, 0, 1}, as two bit planes: bit i of `plus` is set where the
/// coefficient is 1, of `minus` where it is -1 (never both). Read modulo 3 the same planes hold
/// any vector over GF(3), -1 standing for 2. `TernaryVector` has 64-bit planes (factor matrices up
/// to 8×8), `WideTernaryVector` 256-bit ones (up to 16×16).
///
/// *Canonical* vectors have their first non-zero coefficient (lowest index) equal to 1; every
/// non-zero vector is ±1 times exactly one canonical vector, so two factors are equal up to sign
/// exactly when their canonical forms are equal.
public struct TernaryVectorOf<Word: FactorWord>: Hashable, Sendable {
    public var plus: Word
    public var minus: Word

    @inline(__always) public init(plus: Word, minus: Word) {
        (self.plus, self.minus) = (plus, minus)
    }

    public static var zero: TernaryVectorOf { TernaryVectorOf(plus: .zero, minus: .zero) }

    @inline(__always) public var isZero: Bool { (plus | minus).isZero }
    @inline(__always) public var support: Word { plus | minus }
    @inline(__always) public var negated: TernaryVectorOf { TernaryVectorOf(plus: minus, minus: plus) }

    /// True when the first non-zero coefficient is -1 (the vector is −1 times a canonical one).
    @inline(__always) public var leadsNegative: Bool {
        let s = plus | minus
        return !s.isZero && minus.bit(s.lowestBit)
    }

    /// The coefficient at `index`: -1, 0 or 1.
    @inline(__always) public func coefficient(_ index: Int) -> Int {
        (plus.bit(index) ? 1 : 0) - (minus.bit(index) ? 1 : 0)
    }

    /// The sum modulo 3 (1 + 1 = -1, -1 + -1 = 1, 1 + -1 = 0), coefficient-wise.
    @inline(__always) public func addingModThree(_ y: TernaryVectorOf) -> TernaryVectorOf {
        let xz = ~(plus | minus), yz = ~(y.plus | y.minus)
        return TernaryVectorOf(plus: (plus & yz) | (y.plus & xz) | (minus & y.minus),
                             minus: (minus & yz) | (y.minus & xz) | (plus & y.plus))
    }

    /// The sum over the integers if every coefficient stays in {-1, 0, 1}, else nil.
    @inline(__always) public func addingTernary(_ y: TernaryVectorOf) -> TernaryVectorOf? {
        guard ((plus & y.plus) | (minus & y.minus)).isZero else { return nil }
        // Without carries the mod-3 formula is the integer sum.
        let xz = ~(plus | minus), yz = ~(y.plus | y.minus)
        return TernaryVectorOf(plus: (plus & yz) | (y.plus & xz), minus: (minus & yz) | (y.minus & xz))
    }
}

extension TernaryVectorOf: FactorKey {
    @inline(__always) public var hashWord: UInt64 {
        let m = minus.hashWord
        return plus.hashWord ^ (m &* 0xC2B2_AE3D_27D4_EB4F) ^ (m >> 29)
    }
}

public typealias TernaryVector = TernaryVectorOf<UInt64>
public typealias WideTernaryVector = TernaryVectorOf<Word256>

/// The coefficient rings a signed flip walk can work in.
public enum SignedRing: String, Sendable, CaseIterable {
    /// Integers with every coefficient in {-1, 0, 1} (Perminov's ternary flip graph): a sum is
    /// allowed only if it stays ternary, so every scheme walked is valid over Z.
    case ternary = "ZT"
    /// GF(3): any sum, reduced mod 3; a scheme walked is valid mod 3 and must be lifted.
    case mod3 = "Z3"

    /// x + y in this ring, or nil where a ternary sum leaves {-1, 0, 1}.
    @inline(__always) public func add<Word>(_ x: TernaryVectorOf<Word>, _ y: TernaryVectorOf<Word>) -> TernaryVectorOf<Word>? {
        switch self {
        case .ternary: return x.addingTernary(y)
        case .mod3: return x.addingModThree(y)
        }
    }

    /// x + c·y for c = ±1.
    @inline(__always) public func add<Word>(_ x: TernaryVectorOf<Word>, _ y: TernaryVectorOf<Word>, times negative: Bool) -> TernaryVectorOf<Word>? {
        add(x, negative ? y.negated : y)
    }

    /// The prime the ring's schemes are valid modulo, or nil for the ternary ring (valid over Z).
    public var characteristic: Int? { self == .mod3 ? 3 : nil }
}
