/// A vector of at most 64 coefficients in {-1, 0, 1}, as two bit planes: bit i of `plus` is set
/// where the coefficient is 1, of `minus` where it is -1 (never both). Read modulo 3 the same
/// planes hold any vector over GF(3), -1 standing for 2.
///
/// *Canonical* vectors have their first non-zero coefficient (lowest index) equal to 1; every
/// non-zero vector is ±1 times exactly one canonical vector, so two factors are equal up to sign
/// exactly when their canonical forms are equal.
public struct TernaryVector: Hashable, Sendable {
    public var plus: UInt64
    public var minus: UInt64

    @inline(__always) public init(plus: UInt64, minus: UInt64) {
        (self.plus, self.minus) = (plus, minus)
    }

    public static let zero = TernaryVector(plus: 0, minus: 0)

    @inline(__always) public var isZero: Bool { plus | minus == 0 }
    @inline(__always) public var support: UInt64 { plus | minus }
    @inline(__always) public var negated: TernaryVector { TernaryVector(plus: minus, minus: plus) }

    /// True when the first non-zero coefficient is -1 (the vector is −1 times a canonical one).
    @inline(__always) public var leadsNegative: Bool {
        let s = plus | minus
        return minus & (s & (0 &- s)) != 0
    }

    /// The coefficient at `index`: -1, 0 or 1.
    @inline(__always) public func coefficient(_ index: Int) -> Int {
        Int(plus >> UInt64(index) & 1) - Int(minus >> UInt64(index) & 1)
    }

    /// The sum modulo 3 (1 + 1 = -1, -1 + -1 = 1, 1 + -1 = 0), coefficient-wise.
    @inline(__always) public func addingModThree(_ y: TernaryVector) -> TernaryVector {
        let xz = ~(plus | minus), yz = ~(y.plus | y.minus)
        return TernaryVector(plus: (plus & yz) | (y.plus & xz) | (minus & y.minus),
                             minus: (minus & yz) | (y.minus & xz) | (plus & y.plus))
    }

    /// The sum over the integers if every coefficient stays in {-1, 0, 1}, else nil.
    @inline(__always) public func addingTernary(_ y: TernaryVector) -> TernaryVector? {
        guard (plus & y.plus) | (minus & y.minus) == 0 else { return nil }
        // Without carries the mod-3 formula is the integer sum.
        let xz = ~(plus | minus), yz = ~(y.plus | y.minus)
        return TernaryVector(plus: (plus & yz) | (y.plus & xz), minus: (minus & yz) | (y.minus & xz))
    }
}

extension TernaryVector: FactorKey {
    @inline(__always) public var hashWord: UInt64 { plus ^ (minus &* 0xC2B2_AE3D_27D4_EB4F) ^ (minus >> 29) }
}

/// The coefficient rings a signed flip walk can work in.
public enum SignedRing: String, Sendable, CaseIterable {
    /// Integers with every coefficient in {-1, 0, 1} (Perminov's ternary flip graph): a sum is
    /// allowed only if it stays ternary, so every scheme walked is valid over Z.
    case ternary = "ZT"
    /// GF(3): any sum, reduced mod 3; a scheme walked is valid mod 3 and must be lifted.
    case mod3 = "Z3"

    /// x + y in this ring, or nil where a ternary sum leaves {-1, 0, 1}.
    @inline(__always) public func add(_ x: TernaryVector, _ y: TernaryVector) -> TernaryVector? {
        switch self {
        case .ternary: return x.addingTernary(y)
        case .mod3: return x.addingModThree(y)
        }
    }

    /// x + c·y for c = ±1.
    @inline(__always) public func add(_ x: TernaryVector, _ y: TernaryVector, times negative: Bool) -> TernaryVector? {
        add(x, negative ? y.negated : y)
    }

    /// The prime the ring's schemes are valid modulo, or nil for the ternary ring (valid over Z).
    public var characteristic: Int? { self == .mod3 ? 3 : nil }
}
