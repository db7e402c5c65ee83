/// Arithmetic in Z/pZ for a modulus p < 2^63, on `UInt64` residues in [0, p).
public enum ModP {
    /// A modulus with its arithmetic; products go through 128-bit intermediates.
    public struct Modulus: Sendable, Hashable {
        public let value: UInt64

        /// Precondition: 2 ≤ value < 2^63 (so a sum of two residues cannot overflow).
        public init(_ value: UInt64) {
            precondition(value >= 2 && value < (1 << 63), "modulus out of range")
            self.value = value
        }

        @inlinable public func add(_ a: UInt64, _ b: UInt64) -> UInt64 {
            let s = a &+ b
            return s >= value ? s &- value : s
        }

        @inlinable public func subtract(_ a: UInt64, _ b: UInt64) -> UInt64 {
            a >= b ? a &- b : a &+ (value &- b)
        }

        @inlinable public func negate(_ a: UInt64) -> UInt64 { a == 0 ? 0 : value &- a }

        @inlinable public func multiply(_ a: UInt64, _ b: UInt64) -> UInt64 {
            let (high, low) = a.multipliedFullWidth(by: b)
            // Below 2^64 (always for moduli under 2^32) one 64-bit division suffices.
            return high == 0 ? low % value : value.dividingFullWidth((high, low)).remainder
        }

        /// `base^exponent` by repeated squaring.
        public func power(_ base: UInt64, _ exponent: UInt64) -> UInt64 {
            var result: UInt64 = 1 % value, b = base % value, e = exponent
            while e > 0 {
                if e & 1 == 1 { result = multiply(result, b) }
                b = multiply(b, b)
                e >>= 1
            }
            return result
        }

        /// The inverse of `a` by the extended Euclidean algorithm; `nil` when gcd(a, p) ≠ 1.
        /// Remainders and Bézout coefficients stay below p in magnitude, so machine integers
        /// suffice below 2^32 (the common, faster case); larger moduli use 128-bit ones.
        public func inverse(_ a: UInt64) -> UInt64? {
            value < 1 << 32 ? Self.euclideanInverse(Int(a % value), modulo: Int(value)) : Self.euclideanInverse(Int128(a % value), modulo: Int128(value))
        }

        static func euclideanInverse<T: FixedWidthInteger & SignedInteger>(_ a: T, modulo m: T) -> UInt64? {
            var (oldR, r) = (a, m)
            var (oldS, s): (T, T) = (1, 0)
            while r != 0 {
                let q = oldR / r
                (oldR, r) = (r, oldR - q * r)
                (oldS, s) = (s, oldS - q * s)
            }
            guard oldR == 1 else { return nil }
            return UInt64(((oldS % m) + m) % m)
        }

        /// The residue of a signed machine integer.
        @inlinable public func reduce(_ a: Int) -> UInt64 {
            a >= 0 ? UInt64(a) % value : negate(UInt64(a.magnitude) % value)
        }
    }

    /// Deterministic primality for 64-bit integers (Miller–Rabin with the first twelve prime
    /// bases, which is exact below 3.3·10^24). Precondition: n < 2^63.
    public static func isPrime(_ n: UInt64) -> Bool {
        if n < 2 { return false }
        precondition(n < (1 << 63), "isPrime is defined here for n < 2^63")
        let small: [UInt64] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37]
        for p in small where n % p == 0 { return n == p }
        var d = n - 1, s = 0
        while d & 1 == 0 { d >>= 1; s += 1 }
        let m = Modulus(n)
        witness: for a in small {
            var x = m.power(a, d)
            if x == 1 || x == n - 1 { continue }
            for _ in 1..<max(s, 1) {
                x = m.multiply(x, x)
                if x == n - 1 { continue witness }
            }
            return false
        }
        return true
    }

    /// The `count` largest primes below 2^62, in decreasing order. Each exceeds 2^61, so a
    /// product of k of them exceeds 2^(61k).
    public static func largePrimes(_ count: Int) -> [UInt64] {
        var primes: [UInt64] = []
        var candidate: UInt64 = (1 << 62) - 1
        while primes.count < count {
            if isPrime(candidate) { primes.append(candidate) }
            candidate -= 2
        }
        return primes
    }
}
