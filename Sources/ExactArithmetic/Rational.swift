import CGMP

/// An exact rational number backed by GMP's `mpq_t`, always in lowest terms with a positive
/// denominator; value semantics: storage is never mutated after construction, so copies share it.
public struct Rational: Sendable {
    /// The `mpq_t` lives at a fixed heap address so GMP calls can read several operands (possibly
    /// the same one) without Swift inout accesses.
    final class Storage: @unchecked Sendable {
        let value = UnsafeMutablePointer<__mpq_struct>.allocate(capacity: 1)
        init() { __gmpq_init(value) }
        deinit {
            __gmpq_clear(value)
            value.deallocate()
        }
    }

    var storage: Storage

    init(storage: Storage) { self.storage = storage }

    static func computing(_ body: (UnsafeMutablePointer<__mpq_struct>) -> Void) -> Rational {
        let result = Storage()
        body(result.value)
        return Rational(storage: result)
    }

    public static let zero = Rational(0)
    public static let one = Rational(1)

    /// Shared storage for the small integers that fill most schemes, so a dense coefficient
    /// array costs a pointer per entry, not a GMP allocation. Safe to share: storage is never
    /// mutated after construction.
    private static let smallIntegers: [Storage] = (-smallIntegerBound...smallIntegerBound).map {
        let storage = Storage()
        __gmpq_set_si(storage.value, $0, 1)
        return storage
    }
    private static let smallIntegerBound = 8

    /// The integer `value` as a rational.
    public init(_ value: Int) {
        if (-Rational.smallIntegerBound...Rational.smallIntegerBound).contains(value) {
            storage = Rational.smallIntegers[value + Rational.smallIntegerBound]
        } else {
            storage = Storage()
            __gmpq_set_si(storage.value, value, 1)
        }
    }

    /// The integer `value` as a rational.
    public init(_ value: BigInt) {
        storage = Storage()
        __gmpq_set_z(storage.value, value.storage.value)
    }

    /// `numerator / denominator` in lowest terms; `nil` when the denominator is zero.
    public init?(numerator: BigInt, denominator: BigInt) {
        guard !denominator.isZero else { return nil }
        storage = Storage()
        __gmpz_set(fmm_mpq_numref(storage.value), numerator.storage.value)
        __gmpz_set(fmm_mpq_denref(storage.value), denominator.storage.value)
        __gmpq_canonicalize(storage.value)
    }

    /// Parses `"7"`, `"-3"`, `"2/3"` or `"-1/8"` (decimal digits only, spaces around `/` allowed);
    /// `nil` for anything else or a zero denominator.
    public init?(_ text: some StringProtocol) {
        let trimmed = text.trimmingASCIIWhitespace()
        if let slash = trimmed.firstIndex(of: "/") {
            guard let p = BigInt(trimmed[..<slash].trimmingASCIIWhitespace()),
                  let q = BigInt(trimmed[trimmed.index(after: slash)...].trimmingASCIIWhitespace()),
                  let value = Rational(numerator: p, denominator: q)
            else { return nil }
            self = value
        } else {
            guard let p = BigInt(trimmed) else { return nil }
            self.init(p)
        }
    }

    /// The exact value of a finite binary floating-point number.
    public init?(exactly value: Double) {
        guard value.isFinite else { return nil }
        storage = Storage()
        __gmpq_set_d(storage.value, value)
    }

    /// The nearest double (rounded toward zero by GMP).
    public var doubleValue: Double { __gmpq_get_d(storage.value) }

    public var numerator: BigInt {
        BigInt.computing { __gmpz_set($0, fmm_mpq_numref(storage.value)) }
    }
    /// Always positive.
    public var denominator: BigInt {
        BigInt.computing { __gmpz_set($0, fmm_mpq_denref(storage.value)) }
    }

    public var signum: Int { Int(fmm_mpq_sgn(storage.value)) }
    public var isZero: Bool { signum == 0 }
    public var isInteger: Bool { fmm_mpz_cmp_si(fmm_mpq_denref(storage.value), 1) == 0 }

    /// The value as an `Int` when it is an integer that fits in 64 bits (no allocation).
    public var intValue: Int? {
        guard isInteger else { return nil }
        let num = fmm_mpq_numref(storage.value)
        guard __gmpz_fits_slong_p(num) != 0 else { return nil }
        return __gmpz_get_si(num)
    }

    /// Numerator and denominator as `Int`s when both fit in 64 bits (no allocation).
    public var smallFraction: (numerator: Int, denominator: Int)? {
        let num = fmm_mpq_numref(storage.value), den = fmm_mpq_denref(storage.value)
        guard __gmpz_fits_slong_p(num) != 0, __gmpz_fits_slong_p(den) != 0 else { return nil }
        return (__gmpz_get_si(num), __gmpz_get_si(den))
    }

    /// The image of `self` in GF(2): `nil` when the denominator is even (no value mod 2).
    public var parity: Bool? {
        guard fmm_mpz_odd_p(fmm_mpq_denref(storage.value)) != 0 else { return nil }
        return fmm_mpz_odd_p(fmm_mpq_numref(storage.value)) != 0
    }

    /// The image of `self` in Z/`modulus` (numerator times the inverse of the denominator);
    /// `nil` when the denominator is not invertible modulo `modulus`.
    public func residue(modulo modulus: UInt64) -> UInt64? {
        let p = ModP.Modulus(modulus)
        if let small = intValue { return p.reduce(small) }
        let den = denominator.residue(modulo: modulus)
        guard let inverse = p.inverse(den) else { return nil }
        return p.multiply(numerator.residue(modulo: modulus), inverse)
    }

    public var magnitude: Rational { Rational.computing { __gmpq_abs($0, storage.value) } }

    public static func + (a: Rational, b: Rational) -> Rational {
        computing { __gmpq_add($0, a.storage.value, b.storage.value) }
    }
    public static func - (a: Rational, b: Rational) -> Rational {
        computing { __gmpq_sub($0, a.storage.value, b.storage.value) }
    }
    public static func * (a: Rational, b: Rational) -> Rational {
        computing { __gmpq_mul($0, a.storage.value, b.storage.value) }
    }
    /// Precondition: `b` is not zero.
    public static func / (a: Rational, b: Rational) -> Rational {
        precondition(!b.isZero, "division by zero")
        return computing { __gmpq_div($0, a.storage.value, b.storage.value) }
    }
    public static prefix func - (a: Rational) -> Rational {
        computing { __gmpq_neg($0, a.storage.value) }
    }
    public static func += (a: inout Rational, b: Rational) { a = a + b }
    public static func -= (a: inout Rational, b: Rational) { a = a - b }
}

extension Rational: Equatable, Comparable, Hashable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }

    public static func == (a: Rational, b: Rational) -> Bool {
        __gmpq_equal(a.storage.value, b.storage.value) != 0
    }
    public static func < (a: Rational, b: Rational) -> Bool {
        __gmpq_cmp(a.storage.value, b.storage.value) < 0
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }

    /// `"p"` for integers, `"p/q"` otherwise.
    public var description: String {
        if let small = intValue { return String(small) }
        return isInteger ? numerator.description : "\(numerator)/\(denominator)"
    }
}

extension StringProtocol {
    func trimmingASCIIWhitespace() -> Substring {
        let s = Substring(self)
        guard let start = s.firstIndex(where: { !$0.isWhitespace }) else { return s[s.endIndex...] }
        let end = s.lastIndex(where: { !$0.isWhitespace })!
        return s[start...end]
    }
}
