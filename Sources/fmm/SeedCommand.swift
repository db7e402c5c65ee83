import ArgumentParser
import Catalogue
import SchemeModel

/// `fmm seed`: grows a catalogue by the project's own means, from nothing: the naive scheme for
/// every shape 2 ≤ n ≤ m ≤ p ≤ max, and Strassen's ⟨2,2,2⟩ written from its definition. The
/// best-rank rule then keeps only the better of the two for ⟨2,2,2⟩.
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
        var seeds: [(Scheme, Provenance)] = []
        for n in 2...max {
            for m in n...max {
                for p in m...max {
                    seeds.append((Scheme.naive(Shape(n, m, p)), Provenance(method: "definition", source: "naive algorithm", date: isoDate(), fmmVersion: FMMVersion.string)))
                }
            }
        }
        seeds.append((Scheme.strassen, Provenance(method: "definition", source: "Strassen's seven products", reference: "Strassen 1969", date: isoDate(), fmmVersion: FMMVersion.string)))
        var added = 0
        for (scheme, provenance) in seeds {
            if case .added = try store.add(scheme, provenance: provenance) { added += 1 }
        }
        print("added \(added) entries; the catalogue holds \(store.entryPaths().count)")
    }
}
