import ArgumentParser
import Catalogue
import Derivation
import SchemeModel

/// `fmm seed`: grows a catalogue by the project's own means: the naive scheme for every shape
/// 2 ≤ n ≤ m ≤ p ≤ max, Strassen's ⟨2,2,2⟩ written from its definition, and then, for every
/// shape, the derived scheme (symmetry, direct sums, tensor products of stored entries) where it
/// beats what is stored. The best-rank rule keeps one entry per shape and ring.
struct SeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Add the naive schemes and Strassen's algorithm (from its definition) to the catalogue."
    )

    @Option(help: "Largest dimension of the naive schemes added.")
    var max = 6

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        guard (2...16).contains(max) else {
            printError("fmm seed: --max must be within 2...16")
            throw ExitCode(2)
        }
        let store = storeOptions.resolved
        var seeds = shapes.map {
            (Scheme.naive($0), Provenance(method: "definition", source: "naive algorithm", date: isoDate(), fmmVersion: FMMVersion.string))
        }
        seeds.append((Scheme.strassen, Provenance(method: "definition", source: "Strassen's seven products", reference: "Strassen 1969", date: isoDate(), fmmVersion: FMMVersion.string)))
        var added = 0
        for (scheme, provenance) in seeds {
            if case .added = try writingTo(store, command: "seed", { try store.add(scheme, provenance: provenance) }) { added += 1 }
        }
        // Derivations first (restrictions of products can beat sums), then again on the
        // restrictions.
        added += try addDerivations(to: store)
        added += try addRestrictions(to: store)
        added += try addDerivations(to: store)
        print("added \(added) entries; the catalogue holds \(store.entryPaths().count)")
    }

    /// The shapes 2 ≤ n ≤ m ≤ p ≤ max.
    var shapes: [Shape] {
        (2...max).flatMap { n in (n...max).flatMap { m in (m...max).map { p in Shape(n, m, p) } } }
    }

    /// Adds, for each shape, the scheme `make` builds for it (given the lowest rank stored for the
    /// shape among `entries`, the ones valid over Q) with its provenance, where it beats that
    /// rank. Returns the number stored.
    func addWhereBetter(to store: Store, entries: [CatalogueEntry], _ make: (Shape, Int) -> (Scheme, Provenance)?) throws -> Int {
        var added = 0
        for shape in shapes {
            let stored = entries.filter { $0.scheme.shape.normalized == shape }.map(\.scheme.rank).min() ?? Int.max
            guard let (scheme, provenance) = make(shape, stored), scheme.rank < stored else { continue }
            if case .added = try writingTo(store, command: "seed", { try store.add(scheme, provenance: provenance) }) { added += 1 }
        }
        return added
    }

    /// Stores, for each shape, the shortest restriction of an entry (valid over Q) of a larger
    /// shape where it beats the catalogue.
    func addRestrictions(to store: Store) throws -> Int {
        let entries = store.entries().compactMap { try? $0.get() }.filter { $0.ring != .gf2 }
        return try addWhereBetter(to: store, entries: entries) { shape, _ in
            shortestRestriction(to: shape, from: entries).map { ($0.scheme, .restriction(of: $0.parent, to: shape)) }
        }
    }

    /// Stores the derived scheme of each shape whose derivation beats the catalogue.
    func addDerivations(to store: Store) throws -> Int {
        let entries = store.entries().compactMap { try? $0.get() }.filter { $0.ring != .gf2 }
        let table = DerivationTable(maxDimension: max, base: entries.map(\.scheme))
        return try addWhereBetter(to: store, entries: entries) { shape, stored in
            guard let rank = table.rank(shape), rank < stored, let scheme = table.scheme(for: shape) else { return nil }
            return (scheme, Provenance(method: "derivation", source: table.describe(shape),
                                       parents: table.baseSchemes(usedFor: shape).map { entries[$0].hash },
                                       date: isoDate(), fmmVersion: FMMVersion.string))
        }
    }
}
