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
