import ArgumentParser
import Catalogue

/// `fmm merge DIR...`: brings the entries of other stores (cluster shards) into this one.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the catalogues of other stores (e.g. search shards) into this one, re-verifying every entry.",
        discussion: "Each entry is checked exactly again and added with its own provenance; per shape and ring the best rank is kept, at equal rank the smaller coefficients (or every distinct scheme with --keep-all), and an entry is dropped where another of equal or lower rank holds in a more restrictive ring (ZT ⊂ Z ⊂ Q). The campaign journals of fmm grow (campaign/journal*.jsonl) are merged line by line."
    )

    @Argument(help: "Stores (folders holding catalogue/ and proofs/) to merge from.")
    var stores: [String]

    @Flag(help: "Keep every distinct valid scheme.")
    var keepAll = false

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let target = storeOptions.resolved
        var added = 0, rejected = 0
        for path in stores {
            let source = Store.resolve(path)
            for result in source.entries() {
                guard let entry = try? result.get() else {
                    rejected += 1
                    continue
                }
                let outcome = try writingTo(target, command: "merge") {
                    if let gaussian = entry.gaussian { return try target.add(gaussian, provenance: entry.provenance, keepAll: keepAll) }
                    return try target.add(entry.scheme, provenance: entry.provenance, keepAll: keepAll)
                }
                switch outcome {
                case .added(let stored):
                    added += 1
                    print("\(path)/\(entry.path): added \(stored.path)")
                case .rejected, .rejectedOverQI:
                    rejected += 1
                    print("\(path)/\(entry.path): REJECTED (does not verify)")
                case .duplicate, .notBetter:
                    break
                }
            }
        }
        var journalLines = 0
        for path in stores {
            journalLines += try writingTo(target, command: "merge") { try CampaignJournal.merge(from: Store.resolve(path).root, into: target.root) }
        }
        if !keepAll { _ = try writingTo(target, command: "merge") { try target.removeDominatedEntries() } }
        print("merged \(added) entries; \(rejected) rejected\(journalLines > 0 ? "; \(journalLines) campaign journal lines" : "")")
        if rejected > 0 { throw ExitCode(1) }
    }
}
