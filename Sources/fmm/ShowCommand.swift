import ArgumentParser
import Catalogue
import Checker
import Derivation
import SchemeFormats
import SchemeModel

/// `fmm show SHAPE|FILE`: a scheme as its products and the entries of C.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a scheme as products m_r and entries of C, with rank, ring, additions and provenance.",
        discussion: "A shape (e.g. 3x2x4, any ordering, up to 32) takes the best catalogue entry, rearranged by symmetry, or, where it is lower, the derivation fmm ranks reports (symmetry, direct sums and tensor products of every entry); a file is read in any supported format. The output is the algorithm form, which fmm check reads back."
    )

    @Argument(help: "A shape such as 4x4x5, or a scheme file.")
    var target: String

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        if let shape = try? Shape(parsing: target, limits: Limits(maxDimension: 32)) {
            let store = storeOptions.forReading
            let derivation = DerivationTable.ofCatalogue(store, maxDimension: max(shape.n, shape.m, shape.p))
            guard let presented = PresentedScheme.best(for: shape, entries: store.entries(anyOrderingOf: shape), derivation: derivation) else {
                printError("fmm show: the catalogue in \(store.root.path) gives no scheme for \(shape)")
                throw ExitCode(2)
            }
            switch presented.origin {
            case .entry(let entry):
                let note = entry.scheme.shape == shape ? "" : " (stored as \(entry.scheme.shape), rearranged by symmetry)"
                print(describe(presented.scheme, ring: presented.ring.rawValue, source: "\(entry.path)\(note)", provenance: provenanceText(entry.provenance)))
            case .derived(let recipe):
                print(describe(presented.scheme, ring: presented.ring.rawValue, source: "derived: \(recipe)", provenance: nil))
            }
            return
        }
        do {
            for named in try SchemeFile.read(path: target) {
                let verdict = Checker().verify(named.scheme)
                let ring = CoefficientRing.classify(named.scheme, verdict)?.rawValue ?? "INVALID"
                print(describe(named.scheme, ring: ring, source: named.label, provenance: nil))
            }
        } catch {
            printError("fmm show: '\(target)' is neither a shape (NxMxP) nor a readable scheme file: \(error.description)")
            throw ExitCode(2)
        }
    }

    func provenanceText(_ p: Provenance) -> String {
        var parts = ["method: \(p.method)"]
        if let source = p.source { parts.append("source: \(source)") }
        if let reference = p.reference { parts.append("reference: \(reference)") }
        if !p.parents.isEmpty { parts.append("parents: \(p.parents.map { String($0.prefix(12)) }.joined(separator: ", "))") }
        if let seed = p.seed { parts.append("seed: \(seed)") }
        parts.append("date: \(p.date)")
        parts.append("fmm \(p.fmmVersion)")
        return parts.joined(separator: "; ")
    }

    func describe(_ scheme: Scheme, ring: String, source: String, provenance: String?) -> String {
        let names = VariableNames(scheme.shape)
        var lines = ["⟨\(scheme.shape.n),\(scheme.shape.m),\(scheme.shape.p)⟩ rank \(scheme.rank) over \(ring), \(scheme.naiveAdditionCount) additions (naive \(scheme.shape.naiveRank) products)",
                     "from \(source)"]
        if let provenance { lines.append(provenance) }
        lines.append("")
        lines += scheme.terms.enumerated().map { names.multiplication($0, $1) }
        lines.append("")
        lines += names.elements(scheme)
        return lines.joined(separator: "\n")
    }
}
