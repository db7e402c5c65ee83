import ArgumentParser
import Catalogue
import Derivation
import Foundation
import SchemeFormats
import SchemeModel
import Site

/// `fmm site --out DIR`: the catalogue as a static web site.
struct SiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site",
        abstract: "Write the catalogue as a static web site: a sortable index of every shape, a page per shape with downloads, SVG plots.",
        discussion: "Open DIR/index.html in a browser; no server is needed. The index lists, for every shape 2 ≤ n ≤ m ≤ p ≤ --max, the naive rank, the lower bound, the catalogue's entries with rings, the derived and best known ranks, the gap and the exponent 3·ln R / ln(nmp). Each shape page shows the scheme fmm show prints, its additions, provenance and certificate, with the scheme as JSON, .exp, .m, C and LaTeX. The plots: ranks against the naive and best known ranks, the gap as a heat map over (n, m, p), the implied exponents."
    )

    @Option(help: "Folder to write the site into (created if missing; files of the same names are replaced).")
    var out: String

    @Option(help: "Largest dimension of the listed shapes (2...10).")
    var max = 8

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        guard (2...10).contains(max) else {
            printError("fmm site: --max must be within 2...10")
            throw ExitCode(2)
        }
        let store = storeOptions.forReading
        let entries = store.entries().compactMap { try? $0.get() }
        let derivation = DerivationTable.ofCatalogue(store, maxDimension: max)
        let shapes = (2...max).flatMap { n in (n...max).flatMap { m in (m...max).map { Shape(n, m, $0) } } }
        let siteShapes = shapes.map { shape -> SiteShape in
            let ofShape = entries.filter { $0.scheme.shape.normalized == shape.normalized }
            let ranks = ShapeRanks(shape: shape, entries: ofShape, derived: derivation.rank(shape), recipe: derivation.describe(shape),
                                   known: KnownRanks.lookup(shape))
            let presented = PresentedScheme.best(for: shape, entries: ofShape, derivation: derivation)
            let certificate = presented?.entry.flatMap { entry in
                try? String(contentsOf: store.root.appendingPathComponent(Store.certificatePath(for: entry.path)), encoding: .utf8)
            }
            return SiteShape(ranks: ranks, presented: presented, certificate: certificate)
        }
        let site = Site(shapes: siteShapes, storeDescription: store.root.lastPathComponent.isEmpty ? store.root.path : "the store \(store.root.lastPathComponent)",
                        version: FMMVersion.string)
        var progress = ProgressLine()
        let start = Date()
        var done = 0
        let files = site.files { shape in
            done += 1
            progress.show("fmm site: page \(done) of \(siteShapes.count) (\(shape.ranks.shape))", elapsed: Date().timeIntervalSince(start), final: done == siteShapes.count)
        }
        let root = URL(fileURLWithPath: out)
        do {
            for file in files {
                let url = root.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try SchemeFile.writeAtomically(file.contents, to: url.path)
            }
        } catch {
            printError("fmm site: cannot write the site into \(out): \(error)")
            throw ExitCode(1)
        }
        print("fmm site: wrote \(files.count) files for \(siteShapes.count) shapes to \(out); open \(root.appendingPathComponent("index.html").path)")
    }
}
