import Catalogue
import Derivation
import SchemeModel

/// What reaching a shape's best known rank would bring besides the shape itself: the other
/// shapes up to `maxDimension` whose best known rank would then follow by derivation (symmetry,
/// direct sums, tensor products) from the catalogue's entries, and does not now. ⟨3,3,6⟩ at 40
/// would bring ⟨3,3,7⟩ 49 = 40 + 9, ⟨3,3,8⟩ 55 = 40 + 15 and ⟨3,6,6⟩ 80 = 2 · 40.
struct DerivationLeverage {
    let maxDimension: Int
    /// The catalogue's lowest rank over Q per sorted shape.
    let catalogueRanks: [Shape: Int]
    /// The best known rank of every shape (with all dimensions at least 2) that the
    /// derivations do not reach today.
    let open: [Shape: Int]

    init(store: Store, maxDimension: Int) {
        var best: [Shape: Int] = [:]
        for case .success(let entry) in store.entries() where entry.ring.holdsOverQ {
            let shape = entry.scheme.shape.normalized
            guard shape.p <= maxDimension else { continue }
            best[shape] = min(best[shape] ?? .max, entry.scheme.rank)
        }
        self.maxDimension = maxDimension
        catalogueRanks = best
        var open: [Shape: Int] = [:]
        for (shape, rank) in DerivationTable.ranks(maxDimension: maxDimension, given: best) where shape.n >= 2 {
            if let known = KnownRanks.lookup(shape)?.rank, rank > known { open[shape] = known }
        }
        self.open = open
    }

    /// The number of other shapes that `shape` at its best known rank would bring to theirs.
    func unlocks(_ shape: Shape) -> Int {
        let s = shape.normalized
        guard let known = open[s] else { return 0 }
        var given = catalogueRanks
        given[s] = known
        let after = DerivationTable.ranks(maxDimension: maxDimension, given: given)
        return open.filter { other, target in other != s && after[other]! <= target }.count
    }
}
