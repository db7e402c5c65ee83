import ArgumentParser
import Catalogue
import Foundation
import SchemeModel

/// `--store DIR`: the folder holding `catalogue/` and `proofs/`.
///
/// Commands that write (search, grow, seed, import, merge) use `--store`, else `$FMM_STORE`, else
/// the current directory. Commands that only read (ranks, show, export, verify) go on, when
/// neither is given and the current directory holds no catalogue, to the bundled catalogue: the
/// one installed beside the executable (`PREFIX/share/fmm` for `PREFIX/bin/fmm`, as
/// `tools/install.sh` lays it out) or the repository a development build sits in; they say so on
/// standard error, and name a store that holds no catalogue.
struct StoreOptions: ParsableArguments {
    @Option(help: "Folder holding catalogue/ and proofs/ (default: $FMM_STORE, else the current directory; commands that only read fall back to the bundled catalogue).")
    var store: String?

    /// The store to write to.
    var resolved: Store { Store.resolve(store) }

    /// The store to read from, with a note on standard error where it may not be the expected one.
    var forReading: Store {
        let explicit = store ?? Store.environmentStore
        let chosen = Store.resolve(explicit)
        if chosen.holdsCatalogue { return chosen }
        if explicit == nil, let bundled = Self.bundledStore {
            writeToStandardError("fmm: no catalogue in the current directory; reading the bundled catalogue in \(bundled.root.path) (--store or $FMM_STORE choose another)\n")
            return bundled
        }
        writeToStandardError("fmm: the store \(chosen.root.path) holds no catalogue\n")
        return chosen
    }

    /// The catalogue installed with the executable: `../share/fmm` beside its `bin`, else the
    /// nearest folder above it holding `catalogue/` and `proofs/` (a build inside the repository).
    static var bundledStore: Store? {
        guard let path = Bundle.main.executablePath else { return nil }
        let folder = URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent()
        var candidates = [folder.deletingLastPathComponent().appendingPathComponent("share/fmm")]
        var ancestor = folder
        for _ in 0..<6 {
            candidates.append(ancestor)
            ancestor = ancestor.deletingLastPathComponent()
        }
        return candidates.map { Store(root: $0.standardizedFileURL) }.first { $0.holdsCatalogue }
    }
}

extension Store {
    /// Whether the folder has a `catalogue/` with at least one shape folder in it.
    var holdsCatalogue: Bool {
        !((try? FileManager.default.contentsOfDirectory(atPath: catalogueDirectory.path)) ?? []).isEmpty
    }
}

/// `--shard i/N` as (i, N) with 0 ≤ i < N; otherwise a one-line error naming `command` and
/// exit status 2.
func parseShard(_ text: String, command: String) throws -> (index: Int, count: Int) {
    let parts = text.split(separator: "/").compactMap { Int($0) }
    guard parts.count == 2, parts[1] >= 1, (0..<parts[1]).contains(parts[0]) else {
        printError("fmm \(command): --shard must be i/N with 0 ≤ i < N")
        throw ExitCode(2)
    }
    return (parts[0], parts[1])
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
