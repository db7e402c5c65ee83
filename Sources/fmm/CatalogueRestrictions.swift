import Catalogue
import Derivation
import SchemeModel

/// The shortest restriction to `shape` of a catalogue entry of a larger shape (rows and columns
/// of A, B and C dropped, in any ordering of the entry; see `Scheme.bestRestriction(to:)`), with
/// the entry it came from. `form` gives the scheme of an entry that is restricted (the entry's
/// own by default; nil skips the entry). Only restrictions that `accepting` admits count; among
/// equally short ones, the first entry in `entries` order wins.
func shortestRestriction(to shape: Shape, from entries: [CatalogueEntry], form: (CatalogueEntry) -> Scheme? = { $0.scheme },
                         accepting: (Scheme) -> Bool = { _ in true }) -> (scheme: Scheme, parent: CatalogueEntry)? {
    var best: (scheme: Scheme, parent: CatalogueEntry)?
    // Only entries of larger shapes are formed (with --scramble, forming one costs the flips).
    for entry in entries where entry.scheme.shape.restricts(to: shape) {
        guard let restriction = form(entry)?.bestRestriction(to: shape), restriction.rank < best?.scheme.rank ?? .max,
              accepting(restriction) else { continue }
        best = (restriction, entry)
    }
    return best
}

extension Provenance {
    /// How a restriction of `parent` was obtained.
    static func restriction(of parent: CatalogueEntry, to shape: Shape) -> Provenance {
        Provenance(method: "restriction", source: "⟨\(parent.scheme.shape.n),\(parent.scheme.shape.m),\(parent.scheme.shape.p)⟩ rank \(parent.scheme.rank) (\(parent.path)) restricted to ⟨\(shape.n),\(shape.m),\(shape.p)⟩",
                   parents: [parent.hash], date: isoDate(), fmmVersion: FMMVersion.string)
    }
}
