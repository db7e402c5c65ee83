import ArgumentParser
import Catalogue
import Checker
import Derivation
import Export
import SchemeFormats
import SchemeModel

/// `fmm export SHAPE|FILE --to c|latex`.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a scheme as a C function or as a LaTeX document.",
        discussion: "A shape (any ordering) takes the best catalogue entry valid over Q, rearranged by symmetry; a file takes its scheme (--entry for an npz). Exit status 2 for unreadable input or a scheme that cannot be exported (mod-2-only schemes have no C export)."
    )

    @Argument(help: "A shape such as 4x4x5, or a scheme file.")
    var target: String

    @Option(help: "c or latex.")
    var to: String

    @Option(help: "Name of the C function (default fmm_<n>x<m>x<p>).")
    var name: String?

    @Option(help: "Output path (written atomically); standard output when omitted.")
    var out: String?

    @Option(help: "C: apply the scheme recursively up to this many times (0: the leaf product only).")
    var levels = 1

    @Option(help: "C: recurse only while the blocks keep at least this many rows and columns.")
    var cutoff = 1

    @Option(help: "C: double or float.")
    var type = "double"

    @Flag(help: "C: keep the naive linear combinations (no addition reduction).")
    var noReduction = false

    @Flag(help: "LaTeX: only the equations, for inclusion in a paper.")
    var fragment = false

    @Option(help: "For a file holding several schemes (npz), the entry to take, e.g. 4,4,4.")
    var entry: String?

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        do {
            let (scheme, description) = try resolve()
            let text: String
            switch to {
            case "c", "C":
                guard type == "double" || type == "float" else { throw ExportError("--type must be double or float") }
                let s = scheme.shape
                text = try scheme.cSource(CExportOptions(name: name ?? "fmm_\(s.n)x\(s.m)x\(s.p)", levels: levels,
                                                         useFloat: type == "float", reduceAdditions: !noReduction,
                                                         description: description, cutoff: cutoff))
            case "latex", "tex":
                text = scheme.latex(LaTeXOptions(title: description.first ?? "", details: Array(description.dropFirst()), fragment: fragment))
            default:
                throw ExportError("--to must be c or latex")
            }
            if let out { try SchemeFile.writeAtomically(text, to: out) } else { print(text, terminator: "") }
        } catch let error as ExitCode {
            throw error
        } catch {
            printError("fmm export: \(error)")
            throw ExitCode(2)
        }
    }

    /// The scheme to export and lines describing it (shape and rank, ring, source).
    func resolve() throws -> (Scheme, [String]) {
        if let shape = try? Shape(parsing: target, limits: Limits(maxDimension: 32)) {
            let store = storeOptions.forReading
            let derivation = DerivationTable.ofCatalogue(store, maxDimension: max(shape.n, shape.m, shape.p))
            guard let presented = PresentedScheme.best(for: shape, entries: store.entries(anyOrderingOf: shape), derivation: derivation) else {
                throw ExportError("the catalogue in \(store.root.path) gives no scheme for \(shape) valid over Q")
            }
            let title = "<\(shape.n),\(shape.m),\(shape.p)> rank \(presented.scheme.rank) over \(presented.ring.rawValue)"
            switch presented.origin {
            case .entry(let entry):
                var lines = [title, "catalogue entry \(entry.path) (hash \(entry.hash.prefix(16)))",
                             "provenance: \(entry.provenance.method)\(entry.provenance.source.map { ", \($0)" } ?? "")\(entry.provenance.reference.map { ", \($0)" } ?? "")"]
                if entry.scheme.shape != shape { lines.append("stored as \(entry.scheme.shape), rearranged by symmetry") }
                return (presented.scheme, lines)
            case .derived(let recipe):
                return (presented.scheme, [title, "derived: \(recipe)"])
            }
        }
        var schemes = try SchemeFile.read(path: target)
        if let entry { schemes = schemes.filter { $0.entry == entry } }
        guard schemes.count == 1, let named = schemes.first else {
            throw ExportError(schemes.isEmpty ? "no such entry in \(target)" : "\(target) holds \(schemes.count) schemes; choose one with --entry")
        }
        let verdict = Checker().verify(named.scheme)
        guard verdict.valid else { throw ExportError("\(named.label) is not a valid scheme over \(verdict.ring.rawValue); refusing to export it") }
        let ring = CoefficientRing.classify(named.scheme, verdict)?.rawValue ?? "?"
        let s = named.scheme.shape
        return (named.scheme, ["<\(s.n),\(s.m),\(s.p)> rank \(named.scheme.rank) over \(ring)", "from \(named.label)"])
    }
}
