import SchemeModel

/// What decides between two entries of one shape: rank first, then the ring (ZT before Z
/// before Q before QI), then the coefficient height (`Scheme.coefficientHeight`).
public struct EntryStanding: Sendable, Equatable {
    public let rank: Int
    public let ring: CoefficientRing
    public let height: Int

    public init(rank: Int, ring: CoefficientRing, height: Int) {
        (self.rank, self.ring, self.height) = (rank, ring, height)
    }

    /// Whether an entry of this standing makes one of `other`'s unnecessary: it holds over a
    /// ring at least as restrictive (so it is valid wherever `other` is) and has lower rank, or
    /// equal rank and a strictly more restrictive ring, or equal rank and ring and coefficients
    /// no larger. So a Q entry of rank r stays beside a ZT entry of rank r + 1, and of two Q
    /// entries of rank r the one with the smaller numerators and denominators stays. An entry
    /// valid only mod 2 is dominated by every entry of equal or lower rank, and dominates only
    /// other such entries.
    public func dominates(_ other: EntryStanding) -> Bool {
        if other.ring == .gf2 { return rank < other.rank || (rank == other.rank && (ring != .gf2 || height <= other.height)) }
        guard ring != .gf2, ring.isAtLeastAsRestrictive(as: other.ring) else { return false }
        if rank != other.rank { return rank < other.rank }
        return ring != other.ring || height <= other.height
    }
}

extension CatalogueEntry {
    /// This entry's rank, ring and coefficient height (of the real and imaginary parts together
    /// for a QI entry).
    public var standing: EntryStanding {
        EntryStanding(rank: scheme.rank, ring: ring, height: max(scheme.coefficientHeight, imaginary?.coefficientHeight ?? 0))
    }
}
