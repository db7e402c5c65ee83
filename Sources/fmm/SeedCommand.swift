import ArgumentParser
import Catalogue
import Derivation
import SchemeModel

/// `fmm seed`: grows a catalogue by the project's own means: the naive scheme for every shape
/// 2 ≤ n ≤ m ≤ p ≤ max, Strassen's ⟨2,2,2⟩ written from its definition, the pairwise-Strassen
/// construction of ⟨n,2,n⟩ at Hopcroft and Kerr's rank (3n² + n)/2 for 3 ≤ n ≤ max
/// (`Scheme.pairwiseStrassen`), and then, for every
/// shape, the derived scheme (symmetry, direct sums, tensor products of stored entries) where it
/// beats what is stored. The best-rank rule keeps one entry per shape and ring.
struct SeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Add the naive schemes, Strassen's algorithm and the pairwise-Strassen ⟨n,2,n⟩ to the catalogue."
    )

    @Option(help: "Largest dimension of the naive schemes and constructions added.")
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
        seeds += stride(from: 3, through: max, by: 1).map { n in
            (Scheme.pairwiseStrassen(n), Provenance(
                method: "construction", source: "one Strassen algorithm per pair of indices, sharing two products per index",
                reference: "rank (3n²+n)/2 of Hopcroft–Kerr 1971", date: isoDate(), fmmVersion: FMMVersion.string))
        }
        var added = 0
        for (scheme, provenance) in seeds {
            if case .added = try writingTo(store, command: "seed", { try store.add(scheme, provenance: provenance) }) { added += 1 }
        }
        added += try DerivedEntries(store: store, shapes: shapes, maxDimension: max, command: "seed").addAll()
        print("added \(added) entries; the catalogue holds \(store.entryPaths().count)")
    }

    /// The shapes 2 ≤ n ≤ m ≤ p ≤ max.
    var shapes: [Shape] {
        (2...max).flatMap { n in (n...max).flatMap { m in (m...max).map { p in Shape(n, m, p) } } }
    }
}
