import Checker
import Derivation
import SchemeModel

/// The scheme fmm gives for a shape in `show`, `export` and `site`: the catalogue's best entry
/// valid over Q, rearranged by symmetry to the requested ordering, unless the derivation from the
/// whole catalogue (symmetry, direct sums, tensor products) has a lower rank.
public struct PresentedScheme: Sendable {
    /// Where the scheme comes from.
    public enum Origin: Sendable {
        /// A stored entry (possibly of another ordering of the shape).
        case entry(CatalogueEntry)
        /// A derivation, described in words (`DerivationTable.describe`).
        case derived(recipe: String)
    }

    public let scheme: Scheme
    /// The most restrictive ring the scheme is valid over (ZT, Z or Q).
    public let ring: CoefficientRing
    public let origin: Origin

    /// The entry it comes from, if any.
    public var entry: CatalogueEntry? {
        if case .entry(let entry) = origin { return entry }
        return nil
    }

    /// `entries`: the catalogue's entries of any ordering of `shape`; `derivation`: a table built
    /// from the whole catalogue (`DerivationTable.ofCatalogue`) covering `shape`.
    public static func best(for shape: Shape, entries: [CatalogueEntry], derivation: DerivationTable) -> PresentedScheme? {
        let best = CatalogueEntry.best(of: entries)
        if let best, best.scheme.rank <= derivation.rank(shape) ?? .max, let scheme = best.scheme.permuted(to: shape) {
            return PresentedScheme(scheme: scheme, ring: best.ring, origin: .entry(best))
        }
        guard let scheme = derivation.scheme(for: shape), let ring = CoefficientRing.classify(scheme, Checker().verify(scheme)) else { return nil }
        return PresentedScheme(scheme: scheme, ring: ring, origin: .derived(recipe: derivation.describe(shape) ?? ""))
    }
}

extension DerivationTable {
    /// The table `fmm ranks` derives from: every entry of the store valid over Q as a base, up to
    /// dimension `maxDimension`.
    public static func ofCatalogue(_ store: Store, maxDimension: Int) -> DerivationTable {
        DerivationTable(maxDimension: maxDimension, base: store.entriesOverQ.map(\.scheme))
    }
}

extension Store {
    /// The readable entries valid over Q (ZT, Z and Q): the bases of derivations.
    public var entriesOverQ: [CatalogueEntry] { entries().compactMap { try? $0.get() }.filter(\.ring.holdsOverQ) }
}
