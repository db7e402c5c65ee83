import Catalogue
import Derivation
import SchemeModel

/// Catalogue entries built from other entries: the shortest restriction of a larger entry, and
/// the derivation table's scheme (symmetry, direct sums, tensor products of stored entries), each
/// stored for a shape where no entry of equal or lower rank in the same or a more restrictive
/// ring exists (`Store.add`'s rule). Derivations are formed twice: from every entry valid over Q
/// (the lowest rank), and from the ZT entries alone, so that a ternary scheme of a shape stands
/// beside a lower-rank one over Q where only ternary parts give it.
struct DerivedEntries {
    let store: Store
    let shapes: [Shape]
    /// Largest dimension the derivation table covers.
    let maxDimension: Int
    /// The command named in a write error (`fmm seed`, `fmm grow`).
    let command: String

    /// Derivations, restrictions of the result, then derivations again (restrictions of products
    /// can beat sums). Returns the number of entries stored.
    func addAll() throws -> Int {
        try addDerivations() + addRestrictions() + addDerivations()
    }

    /// Stores, for each shape, the shortest restriction of an entry of a larger shape (valid over
    /// Q; derived ones included: a restricted product can beat every sum) where it is better.
    func addRestrictions() throws -> Int {
        let entries = store.entriesOverQ
        return try addWhereBetter { shape in
            shortestRestriction(to: shape, from: entries).map { ($0.scheme, .restriction(of: $0.parent, to: shape)) }
        }
    }

    /// Stores the derived scheme of each shape where it is better, from all entries valid over Q
    /// and from the ZT entries alone. Entries that are themselves derivations are left out of the
    /// table's base: the table forms them again from their parts, so a derived entry is renewed
    /// when a part is replaced by one of equal rank in a better ring or with smaller
    /// coefficients (⟨2,6,8⟩ 77 = ⟨2,6,6⟩ 56 ⊕ ⟨2,6,2⟩ 21 goes from Q to Z with its ⟨2,6,6⟩).
    func addDerivations() throws -> Int {
        var added = 0
        for ternaryOnly in [false, true] {
            let entries = store.entriesOverQ.filter { $0.provenance.method != "derivation" && (ternaryOnly ? $0.ring == .ternary : true) }
            let table = DerivationTable(maxDimension: maxDimension, base: entries.map(\.scheme))
            added += try addWhereBetter { shape in
                guard table.rank(shape) != nil, let scheme = table.scheme(for: shape) else { return nil }
                return (scheme, Provenance(method: "derivation", source: table.describe(shape),
                                           parents: table.baseSchemes(usedFor: shape).map { entries[$0].hash },
                                           date: isoDate(), fmmVersion: FMMVersion.string))
            }
        }
        return added
    }

    /// Offers each shape's scheme from `make` to the store unless an entry that dominates it
    /// (`EntryStanding.dominates`, taking the scheme's coefficients for its ring) already exists,
    /// which saves the exact check of a scheme the store would turn down. Returns the number
    /// stored.
    private func addWhereBetter(_ make: (Shape) -> (Scheme, Provenance)?) throws -> Int {
        let stored = store.entriesOverQ
        var added = 0
        for shape in shapes {
            guard let (scheme, provenance) = make(shape) else { continue }
            let standing = EntryStanding(rank: scheme.rank, ring: CoefficientRing.coefficients(of: scheme), height: scheme.coefficientHeight)
            let dominated = stored.contains { $0.scheme.shape.normalized == shape.normalized && $0.standing.dominates(standing) }
            if dominated { continue }
            if case .added = try writingTo(store, command: command, { try store.add(scheme, provenance: provenance) }) { added += 1 }
        }
        return added
    }
}
