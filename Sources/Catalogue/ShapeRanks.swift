import SchemeModel

/// Where the catalogue stands on one shape: its best entries, the rank derivable from all of it,
/// the best known rank and the lower bound. One line of `fmm ranks`, one row of `fmm site`.
public struct ShapeRanks: Sendable {
    public let shape: Shape
    /// The best entry valid over Q (ZT, Z or Q); a mod-2-only one only when there is none.
    public let catalogue: CatalogueEntry?
    /// The catalogue's best entry valid only mod 2, when it is below every entry valid over Q.
    public let modTwo: CatalogueEntry?
    /// The rank derivable from the whole catalogue (symmetry, direct sums, tensor products).
    public let derived: Int?
    /// How the derived rank is obtained, in words.
    public let recipe: String?
    public let known: KnownRank?
    /// Entries in rings more restrictive than the catalogue entry's, at higher ranks (ZT at r + 1
    /// beside Q at r), the best of each ring.
    public let moreRestrictive: [CatalogueEntry]
    /// The best entry over Q(i) (ring QI), when its rank is below every entry valid over Q.
    public let gaussian: CatalogueEntry?

    /// `entries` are the catalogue's entries of the shape in any ordering.
    public init(shape: Shape, entries: [CatalogueEntry], derived: Int?, recipe: String?, known: KnownRank?) {
        self.shape = shape
        let best = CatalogueEntry.best(of: entries, allowingModTwo: true)
        let modTwoBest = CatalogueEntry.best(of: entries.filter { $0.ring == .gf2 }, allowingModTwo: true)
        catalogue = best
        modTwo = modTwoBest.flatMap { $0.scheme.rank < best?.scheme.rank ?? .max ? $0 : nil }
        let gaussianBest = entries.filter { $0.ring == .gaussian }.min { ($0.scheme.rank, $0.path) < ($1.scheme.rank, $1.path) }
        gaussian = gaussianBest.flatMap { $0.scheme.rank < (best.flatMap { $0.ring.holdsOverQ ? $0.scheme.rank : nil } ?? .max) ? $0 : nil }
        moreRestrictive = CoefficientRing.allCases.compactMap { ring in
            guard let best, ring.holdsOverQ, best.ring.holdsOverQ, ring != best.ring, ring.isAtLeastAsRestrictive(as: best.ring) else { return nil }
            return CatalogueEntry.best(of: entries.filter { $0.ring == ring })
        }.sorted { $0.scheme.rank < $1.scheme.rank }
        (self.derived, self.recipe, self.known) = (derived, recipe, known)
    }

    /// Catalogue rank over Q minus the best known.
    public var catalogueGap: Int? {
        guard let catalogue, catalogue.ring.holdsOverQ, let known else { return nil }
        return catalogue.scheme.rank - known.rank
    }

    /// The catalogue holds a ZT entry at the best known rank where the best known scheme is ternary.
    public var ternaryAtKnownRank: Bool {
        guard let known, known.ring == .ternary else { return false }
        return ([catalogue] + moreRestrictive).contains { $0?.ring == .ternary && $0?.scheme.rank == known.rank }
    }

    /// The catalogue's entry as `rank (ring)`, followed by the entries in more restrictive rings
    /// and an entry over Q(i) of lower rank (`49 (ZT); QI 48`).
    public var catalogueText: String {
        let qi = gaussian.map { "QI \($0.scheme.rank)" }
        guard let catalogue else { return qi ?? "-" }
        return "\(catalogue.scheme.rank) (\(catalogue.ring.rawValue))" + (moreRestrictive.map { "\($0.ring.rawValue) \($0.scheme.rank)" } + [qi].compactMap { $0 }).map { "; \($0)" }.joined()
    }

    /// The best lower bound fmm knows for the shape.
    public var lower: LowerBound { LowerBounds.best(shape) }

    /// The best rank fmm can give over Q: the catalogue's or the derived one.
    public var bestRank: Int? {
        [catalogue.flatMap { $0.ring.holdsOverQ ? $0.scheme.rank : nil }, derived].compactMap { $0 }.min()
    }

    /// Best rank fmm can give over Q minus the best known.
    public var gap: Int? {
        guard let ours = bestRank, let known else { return nil }
        return ours - known.rank
    }

    /// How many shapes the catalogue holds at the best known rank, and with ZT at that rank
    /// where the best known ring is ZT.
    public static func summary(_ rows: [ShapeRanks]) -> String {
        let atRank = rows.filter { $0.catalogueGap.map { $0 <= 0 } ?? false }.count
        let ternaryKnown = rows.filter { $0.known?.ring == .ternary }.count
        let ternary = rows.filter(\.ternaryAtKnownRank).count
        let withEntry = rows.filter { $0.catalogue != nil }.count
        return "catalogue at the best known rank: \(atRank) of \(rows.count) shapes (\(withEntry) with an entry); ZT at the best known rank: \(ternary) of the \(ternaryKnown) whose best known scheme is ternary"
    }
}
