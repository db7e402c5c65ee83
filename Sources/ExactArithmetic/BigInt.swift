import CGMP

/// An arbitrary-precision integer backed by GMP's `mpz_t`, with value semantics: storage is
/// never mutated after construction, so copies share it safely.
public struct BigInt: Sendable {
    /// Owns one initialised `mpz_t`; cleared on deinit.
    /// The `mpz_t` lives at a fixed heap address so GMP calls can read several operands (possibly
    /// the same one) without Swift inout accesses.
    final class Storage: @unchecked Sendable {
        let value = UnsafeMutablePointer<__mpz_struct>.allocate(capacity: 1)
        init() { __gmpz_init(value) }
        deinit {
            __gmpz_clear(value)
            value.deallocate()
        }
    }

    var storage: Storage

    init(storage: Storage) { self.storage = storage }

    /// Runs a GMP call that writes a fresh result into a new integer.
    static func computing(_ body: (UnsafeMutablePointer<__mpz_struct>) -> Void) -> BigInt {
        let result = Storage()
        body(result.value)
        return BigInt(storage: result)
    }

    /// The integer `value`.
    public init(_ value: Int) {
        storage = Storage()
        __gmpz_set_si(storage.value, value)
    }

    /// Parses a decimal integer with an optional sign (`"-123"`); `nil` if `text` is not one.
    public init?(_ text: some StringProtocol) {
        var digits = Substring(text)
        var negative = false
        if let first = digits.first, first == "-" || first == "+" {
            negative = first == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        storage = Storage()
        let status = __gmpz_set_str(storage.value, String(digits), 10)
        guard status == 0 else { return nil }
        if negative { __gmpz_neg(storage.value, storage.value) }
    }

    /// -1, 0 or 1.
    public var signum: Int { Int(fmm_mpz_sgn(storage.value)) }
    public var isZero: Bool { signum == 0 }
    public var isOdd: Bool { fmm_mpz_odd_p(storage.value) != 0 }

    /// Number of bits of |self| (0 for zero).
    public var bitWidth: Int { isZero ? 0 : Int(__gmpz_sizeinbase(storage.value, 2)) }

    /// The value as an `Int` when it fits in 64 bits.
    public var intValue: Int? {
        guard __gmpz_fits_slong_p(storage.value) != 0 else { return nil }
        return __gmpz_get_si(storage.value)
    }

    /// The least non-negative residue of `self` modulo `modulus` (> 0).
    public func residue(modulo modulus: UInt64) -> UInt64 {
        UInt64(__gmpz_fdiv_ui(storage.value, UInt(modulus)))
    }

    public var magnitude: BigInt { BigInt.computing { __gmpz_abs($0, storage.value) } }

    public static func + (a: BigInt, b: BigInt) -> BigInt {
        computing { __gmpz_add($0, a.storage.value, b.storage.value) }
    }
    public static func - (a: BigInt, b: BigInt) -> BigInt {
        computing { __gmpz_sub($0, a.storage.value, b.storage.value) }
    }
    public static func * (a: BigInt, b: BigInt) -> BigInt {
        computing { __gmpz_mul($0, a.storage.value, b.storage.value) }
    }
    public static prefix func - (a: BigInt) -> BigInt {
        computing { __gmpz_neg($0, a.storage.value) }
    }
    public static func += (a: inout BigInt, b: BigInt) { a = a + b }
    public static func *= (a: inout BigInt, b: BigInt) { a = a * b }

    /// Exact quotient `a / b`; `b` must divide `a`.
    public static func exactQuotient(_ a: BigInt, _ b: BigInt) -> BigInt {
        computing { __gmpz_divexact($0, a.storage.value, b.storage.value) }
    }

    /// The least common multiple (non-negative).
    public static func lcm(_ a: BigInt, _ b: BigInt) -> BigInt {
        computing { __gmpz_lcm($0, a.storage.value, b.storage.value) }
    }
}

extension BigInt: Equatable, Comparable, Hashable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }

    public static func == (a: BigInt, b: BigInt) -> Bool {
        __gmpz_cmp(a.storage.value, b.storage.value) == 0
    }
    public static func < (a: BigInt, b: BigInt) -> Bool {
        __gmpz_cmp(a.storage.value, b.storage.value) < 0
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }

    /// Decimal digits with a leading `-` when negative.
    public var description: String {
        let size = __gmpz_sizeinbase(storage.value, 10) + 2
        var buffer = [CChar](repeating: 0, count: size)
        __gmpz_get_str(&buffer, 10, storage.value)
        return String(cString: buffer)
    }
}
