import SchemeModel

/// How one ring's check was decided.
public enum Proof: Sendable, Equatable, CustomStringConvertible {
    /// Exact accumulation in 64-bit integers after clearing denominators: every partial sum is
    /// bounded by `bound` < 2^62, so no step overflowed.
    case machineIntegers(bound: String)
    /// Residual computed modulo `primes`; their product exceeds twice the bound on every
    /// integer residual entry, so a zero residue is a zero entry.
    case modular(primes: [UInt64], boundBits: Int)
    /// Residual computed exactly with GMP rationals.
    case exactRational
    /// Residual computed over GF(2), bit-packed.
    case gf2

    public var description: String {
        switch self {
        case .machineIntegers(let bound): "exact in 64-bit integers (entry bound \(bound))"
        case .modular(let primes, let bits): "modular, \(primes.count) prime(s) of 62 bits against an entry bound of \(bits) bits"
        case .exactRational: "exact with GMP rationals"
        case .gf2: "exact over GF(2)"
        }
    }
}

/// The outcome of checking the Brent equations over one ring.
public struct RingCheck: Sendable {
    /// `"Q"` or `"Z2"`.
    public let ring: IntendedRing
    /// Number of Brent equations that fail.
    public let wrongCount: Int
    /// The first failing equations in (x, y, z) order, at most `Checker.reportedEquations`.
    public let firstWrong: [WrongEquation]
    /// Why the result is certain.
    public let proof: Proof
    /// Set when the scheme cannot be read in this ring at all (a denominator 2 modulo 2).
    public let obstruction: String?

    public var holds: Bool { wrongCount == 0 && obstruction == nil }
}

/// The judgement of a scheme: whether it holds over the ring it is meant for, and over which
/// rings it holds.
public struct Verdict: Sendable {
    public let shape: Shape
    public let rank: Int
    /// The ring the scheme is judged against (its declared ring, or the one asked for).
    public let ring: IntendedRing
    /// The checks that ran, the judged ring's first.
    public let checks: [RingCheck]

    /// The check over the judged ring.
    public var primary: RingCheck { checks[0] }
    /// True when the Brent equations hold over the judged ring.
    public var valid: Bool { primary.holds }
    /// The rings over which the scheme is proven to hold, `Q` first.
    public var rings: [IntendedRing] {
        [.rationals, .gf2].filter { r in checks.contains { $0.ring == r && $0.holds } }
    }
}
