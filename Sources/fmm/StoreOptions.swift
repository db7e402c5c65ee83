import ArgumentParser
import Catalogue
import Foundation
import SchemeModel

/// `--store DIR`: the folder holding `catalogue/` and `proofs/` (default `$FMM_STORE`, else the
/// current directory).
struct StoreOptions: ParsableArguments {
    @Option(help: "Folder holding catalogue/ and proofs/ (default: $FMM_STORE or the current directory).")
    var store: String?

    var resolved: Store { Store.resolve(store) }
}

func isoDate() -> String {
    ISO8601DateFormatter().string(from: Date())
}

/// Runs `body`, which writes to `store`. A write failure (disk full, file size limit, read-only
/// store) becomes one line on stderr and exit status 2; `Store.add` has already rolled back, so
/// the store is as it was before the failed write.
func writingTo<T>(_ store: Store, command: String, _ body: () throws -> T) throws -> T {
    do { return try body() } catch {
        printError("fmm \(command): the store \(store.root.path) was not changed: \(error)")
        throw ExitCode(2)
    }
}

/// What a search's writes to the catalogue came to: the entry last added, and why the last
/// write failed (disk full, read-only store), if one did. A failed write leaves the store as it
/// was (`Store.add` rolls back); the search goes on and reports the failure at its end.
struct CatalogueWrites {
    private(set) var added: CatalogueEntry?
    private(set) var failure: String?

    /// Adds `scheme` (the store checks it exactly once more) and notes the outcome.
    mutating func add(_ scheme: Scheme, provenance: Provenance, to store: Store) {
        do {
            if case .added(let entry) = try store.add(scheme, provenance: provenance) { added = entry }
        } catch {
            failure = "\(error)"
        }
    }

    mutating func noteFailure(_ failure: String) { self.failure = failure }
}
