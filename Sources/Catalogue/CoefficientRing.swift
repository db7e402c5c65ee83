import Checker
import SchemeModel

/// The ring a catalogue entry is valid over, from the most to the least restrictive:
/// `ZT` coefficients in {-1, 0, 1}, `Z` integers, `Q` rationals, `QI` Gaussian rationals Q(i)
/// (some coefficient has an imaginary part), `Z2` only modulo 2.
public enum CoefficientRing: String, Sendable, CaseIterable, Codable {
    case ternary = "ZT"
    case integers = "Z"
    case rationals = "Q"
    case gaussian = "QI"
    case gf2 = "Z2"

    /// Whether an entry of this ring is a scheme over Q (ZT, Z or Q): what derivations,
    /// searches, `show` and the C export take.
    public var holdsOverQ: Bool { self != .gf2 && self != .gaussian }

    /// The most restrictive ring that describes `scheme`, given its verdict; `nil` if invalid.
    public static func classify(_ scheme: Scheme, _ verdict: Verdict) -> CoefficientRing? {
        guard verdict.valid else { return nil }
        if verdict.ring == .gf2 || !verdict.rings.contains(.rationals) { return .gf2 }
        return coefficients(of: scheme)
    }

    /// The most restrictive of ZT, Z and Q that holds `scheme`'s coefficients (whether or not
    /// the scheme is valid): the ring it is stored under if it holds over Q.
    public static func coefficients(of scheme: Scheme) -> CoefficientRing {
        scheme.hasTernaryCoefficients ? .ternary : scheme.hasIntegerCoefficients ? .integers : .rationals
    }

    /// Whether every scheme over this ring is one over `other` as well (ZT ⊂ Z ⊂ Q ⊂ QI); Z2
    /// only contains itself.
    public func isAtLeastAsRestrictive(as other: CoefficientRing) -> Bool {
        if self == .gf2 || other == .gf2 { return self == other }
        return Self.allCases.firstIndex(of: self)! <= Self.allCases.firstIndex(of: other)!
    }

    /// The ring the checker must verify for an entry of this ring (QI entries: the real and
    /// imaginary parts, each over Q; see `Checker.verify(_: GaussianScheme)`).
    public var checkedRing: IntendedRing { self == .gf2 ? .gf2 : .rationals }
}
