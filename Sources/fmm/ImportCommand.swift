import ArgumentParser
import Catalogue
import Checker
import SchemeFormats

/// `fmm import FILE...`: checks schemes exactly and adds the valid ones to the catalogue.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Check schemes exactly and add the valid ones to the catalogue, with certificates.",
        discussion: "Per shape and ring the best rank is kept, at equal rank the smaller coefficients (a better import replaces worse entries); --keep-all keeps every distinct scheme. A wrong scheme never enters. Exit status: 0 all imported or not needed, 1 some scheme was wrong, 2 some file could not be read."
    )

    @Argument(help: "Scheme files in any supported format.")
    var files: [String]

    @Option(help: "Literature reference recorded in the provenance, e.g. \"Strassen 1969\".")
    var reference: String?

    @Flag(help: "Keep every distinct valid scheme, not only the best per shape and ring.")
    var keepAll = false

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var limitOptions: LimitOptions

    func run() throws {
        let store = storeOptions.resolved
        var unreadable = false, rejected = false
        for file in files {
            let schemes: [NamedScheme]
            do { schemes = try SchemeFile.read(path: file, limits: limitOptions.limits, allowingComplex: true) } catch {
                printError("fmm import: \(error.description)")
                unreadable = true
                continue
            }
            for named in schemes {
                let provenance = Provenance(method: "import", source: named.label, reference: reference, date: isoDate(), fmmVersion: FMMVersion.string)
                let outcome = try writingTo(store, command: "import") {
                    if let gaussian = named.gaussian { return try store.add(gaussian, provenance: provenance, keepAll: keepAll) }
                    return try store.add(named.scheme, provenance: provenance, keepAll: keepAll)
                }
                switch outcome {
                case .added(let entry): print("\(named.label): added \(entry.path) (\(entry.ring.rawValue), rank \(entry.scheme.rank))")
                case .duplicate: print("\(named.label): already in the catalogue")
                case .notBetter(let rank): print("\(named.label): kept the stored rank \(rank) (this one has rank \(named.scheme.rank))")
                case .rejected(let verdict):
                    rejected = true
                    print("\(named.label): REJECTED, \(verdict.primary.obstruction ?? "\(verdict.primary.wrongCount) wrong Brent equations over \(verdict.ring.rawValue)")")
                case .rejectedOverQI(let verdict):
                    rejected = true
                    let failing = verdict.imaginaryPart ?? verdict.realPart
                    print("\(named.label): REJECTED, \(failing.wrongCount) wrong Brent equations over Q(i) (\(verdict.imaginaryPart == nil ? "real" : "imaginary") part)")
                }
            }
        }
        if unreadable { throw ExitCode(2) }
        if rejected { throw ExitCode(1) }
    }
}
