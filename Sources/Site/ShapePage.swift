import Catalogue
import Export
import Foundation
import Plot
import SchemeFormats
import SchemeModel

/// `shapes/NxMxP.html`: one shape's ranks (catalogue, derived, best known, lower bound), the
/// scheme fmm gives for it as products m_r and entries of C, its additions, provenance and
/// certificate, and links to the downloads beside the page.
struct ShapePage {
    let shape: SiteShape
    let version: String

    /// A file offered for download, named after the shape and rank.
    struct Download {
        let name: String
        let label: String
        let contents: String
    }

    /// JSON, product lines (.exp), Mathematica (.m), C (double, one level), LaTeX and the
    /// certificate, for the presented scheme.
    var downloads: [Download] {
        guard let presented = shape.presented else { return [] }
        let scheme = presented.scheme
        let stem = "\(shape.slug)-r\(scheme.rank)-\(presented.ring.rawValue)"
        let description = [titleLine(presented), sourceLine(presented)]
        var files = [
            Download(name: "\(stem).json", label: "JSON", contents: SchemeFile.text(scheme, format: .json) ?? ""),
            Download(name: "\(stem).exp", label: ".exp (product lines)", contents: SchemeFile.text(scheme, format: .productLines) ?? ""),
            Download(name: "\(stem).m", label: ".m (Mathematica)", contents: SchemeFile.text(scheme, format: .mathematica) ?? ""),
        ]
        let name = "fmm_\(shape.ranks.shape.n)x\(shape.ranks.shape.m)x\(shape.ranks.shape.p)"
        if let c = try? scheme.cSource(CExportOptions(name: name, description: description)) {
            files.append(Download(name: "\(stem).c", label: "C", contents: c))
        }
        files.append(Download(name: "\(stem).tex", label: "LaTeX", contents: scheme.latex(LaTeXOptions(title: description[0], details: [description[1]], fragment: false))))
        if let certificate = shape.certificate {
            files.append(Download(name: "\(stem).cert.json", label: "certificate", contents: certificate))
        }
        return files
    }

    func titleLine(_ presented: PresentedScheme) -> String {
        "\(shape.title) rank \(presented.scheme.rank) over \(presented.ring.rawValue)"
    }

    func sourceLine(_ presented: PresentedScheme) -> String {
        switch presented.origin {
        case .entry(let entry): "catalogue entry \(entry.path) (hash \(entry.hash.prefix(16)))"
        case .derived(let recipe): "derived: \(recipe)"
        }
    }

    var html: String {
        let ranks = shape.ranks
        return HTML(
            .lang(.english),
            .head(.encoding(.utf8), .title("\(shape.title) · fmm catalogue"), .viewport(.accordingToDevice), .stylesheet("../style.css")),
            .body(
                .nav(.a(.href("../index.html"), .text("← all shapes"))),
                .h1(.text(shape.title)),
                .element(named: "dl", nodes: facts(ranks).flatMap { fact -> [Node<HTML.BodyContext>] in
                    [.element(named: "dt", text: fact.0), .element(named: "dd", text: fact.1)]
                } + [.class("facts")]),
                .unwrap(shape.presented) { presented in
                    .group([
                        .h2("Downloads"),
                        .ul(.class("downloads"), .forEach(downloads) { download in
                            .li(.a(.href("\(shape.slug)/\(download.name)"), .text(download.label)))
                        }),
                        .unwrap(presented.entry) { entry in .group([.h2("Provenance"), provenance(entry.provenance)]) },
                        .unwrap(shape.certificate) { certificate in .group([.h2("Certificate"), self.certificate(certificate)]) },
                        .h2("Products"),
                        .pre(.text(products(presented.scheme))),
                    ])
                }
            )
        ).render(indentedBy: .spaces(1))
    }

    /// The shape's facts as (label, text) pairs.
    func facts(_ ranks: ShapeRanks) -> [(String, String)] {
        var facts: [(String, String)] = [("naive rank", "\(ranks.shape.naiveRank)"),
                                         ("lower bound", "\(ranks.lower.rank) (\(ranks.lower.source))")]
        facts.append(("catalogue", ranks.catalogueText))
        if let modTwo = ranks.modTwo { facts.append(("valid mod 2 only", "\(modTwo.scheme.rank)")) }
        facts.append(("derived", ranks.derived.map { "\($0)\(ranks.recipe.map { ": \($0)" } ?? "")" } ?? "-"))
        facts.append(("best known", ranks.known.map { "\($0.rank) (\($0.ring?.rawValue ?? "ring not stated")), \($0.reference)" } ?? "-"))
        facts.append(("gap", ranks.gap.map { $0 > 0 ? "+\($0)" : "\($0)" } ?? "-"))
        if let presented = shape.presented {
            let scheme = presented.scheme
            let counts = SchemePrograms(scheme, reduce: true).counts
            facts.append(("scheme shown", titleLine(presented)))
            facts.append(("from", sourceLine(presented)))
            facts.append(("additions", "\(counts.naive) as written, \(counts.reduced) after common subexpressions (as exported to C)"))
            facts.append(("exponent", String(format: "ω ≤ 3·ln %d / ln %d = %.4f", scheme.rank, ranks.shape.naiveRank,
                                              SiteShape.exponent(rank: scheme.rank, shape: ranks.shape))))
        }
        return facts
    }

    func provenance(_ p: Provenance) -> Node<HTML.BodyContext> {
        var facts: [(String, String)] = [("method", p.method)]
        if let source = p.source { facts.append(("source", source)) }
        if let reference = p.reference { facts.append(("reference", reference)) }
        if !p.parents.isEmpty { facts.append(("parents", p.parents.map { String($0.prefix(12)) }.joined(separator: ", "))) }
        if let seed = p.seed { facts.append(("seed", "\(seed)")) }
        facts.append(("date", p.date))
        facts.append(("found by", "fmm \(p.fmmVersion)"))
        return .element(named: "dl", nodes: facts.flatMap { fact -> [Node<HTML.BodyContext>] in
            [.element(named: "dt", text: fact.0), .element(named: "dd", text: fact.1)]
        } + [.class("facts")])
    }

    /// The certificate's checks, one line each (`Q: exact in 64-bit integers (entry bound 8)`).
    func certificate(_ text: String) -> Node<HTML.BodyContext> {
        var lines: [String] = []
        if let json = try? JSONValue.parse(Array(text.utf8)) {
            if case .array(let checks)? = json["verified"] {
                for check in checks {
                    if case .string(let ring)? = check["ring"], case .string(let method)? = check["method"] { lines.append("\(ring): \(method)") }
                }
            }
            if case .string(let checker)? = json["checker"], case .string(let date)? = json["date"] { lines.append("checker \(checker), \(date)") }
        }
        return .ul(.forEach(lines) { .li(.text($0)) })
    }

    /// The products m_r and the entries of C, as `fmm show` prints them.
    func products(_ scheme: Scheme) -> String {
        let names = VariableNames(scheme.shape)
        return (scheme.terms.enumerated().map { names.multiplication($0, $1) } + [""] + names.elements(scheme)).joined(separator: "\n")
    }
}
