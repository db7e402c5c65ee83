import ArgumentParser
import Catalogue
import Foundation

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
