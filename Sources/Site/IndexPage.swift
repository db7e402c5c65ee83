import Catalogue
import Foundation
import Plot

/// `index.html`: the catalogue's summary, a sortable table with a row per shape (naive rank,
/// lower bound, catalogue, derived and best known ranks with rings, gap, implied exponent) and the
/// three plots.
struct IndexPage {
    let site: Site

    static let headings = ["shape", "naive", "lower bound", "catalogue", "derived", "best known", "gap", "exponent", "reference"]

    var html: String {
        HTML(
            .lang(.english),
            .head(.encoding(.utf8), .title("fmm catalogue"), .viewport(.accordingToDevice), .stylesheet("style.css")),
            .body(
                .h1("fmm: a verified catalogue of fast matrix multiplication schemes"),
                .p(.class("summary"), .text(ShapeRanks.summary(site.shapes.map(\.ranks)) + ".")),
                .p(.class("summary"), .text("Read from \(site.storeDescription) by fmm \(site.version). Every catalogue entry was found by fmm's own search or derived from such entries, and checked exactly. Click a column heading to sort.")),
                .table(
                    .id("shapes"), .data(named: "sortable", value: "pending"),
                    .thead(.tr(.forEach(Self.headings) { heading in
                        .th(.class(heading == "reference" ? "reference" : ""), .text(heading))
                    })),
                    .tbody(.forEach(site.shapes) { row($0) })
                ),
                .h2("Plots"),
                .forEach(SiteCharts.figures) { figure in
                    .element(named: "figure", nodes: [
                        .img(.src("plots/\(figure.file)"), .alt(figure.caption)),
                        .element(named: "figcaption", text: figure.caption),
                    ])
                },
                .script(.src("sort-table.js"))
            )
        ).render(indentedBy: .spaces(1))
    }

    func row(_ shape: SiteShape) -> Node<HTML.TableContext> {
        let ranks = shape.ranks
        let gapClass = ranks.gap.map { $0 <= 0 ? "gap-zero" : $0 <= 2 ? "gap-small" : "gap-large" } ?? ""
        let known: String = ranks.known.map { "\($0.rank) (\($0.ring?.rawValue ?? "?"))" } ?? "-"
        let gap: String = ranks.gap.map { $0 > 0 ? "+\($0)" : "\($0)" } ?? "-"
        let exponent: String = ranks.bestRank.map { String(format: "%.4f", SiteShape.exponent(rank: $0, shape: ranks.shape)) } ?? "-"
        let cells: [Node<HTML.TableRowContext>] = [
            .td(.data(named: "value", value: "\(ranks.shape.naiveRank)"), .a(.href("shapes/\(shape.slug).html"), .text(shape.title))),
            .td(.text("\(ranks.shape.naiveRank)")),
            .td(.attribute(named: "title", value: ranks.lower.source), .text("\(ranks.lower.rank)")),
            .td(.data(named: "value", value: ranks.catalogue.map { "\($0.scheme.rank)" } ?? ""), .text(ranks.catalogueText)),
            .td(.text(ranks.derived.map(String.init) ?? "-")),
            .td(.data(named: "value", value: ranks.known.map { "\($0.rank)" } ?? ""), .text(known)),
            .td(.class(gapClass), .data(named: "value", value: ranks.gap.map(String.init) ?? ""), .text(gap)),
            .td(.text(exponent)),
            .td(.class("reference"), .text(ranks.known?.reference ?? "")),
        ]
        return .tr(.data(named: "shape", value: shape.slug), .group(cells))
    }
}
