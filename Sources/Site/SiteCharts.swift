import Catalogue
import Foundation
import Plot

/// The site's plots as standalone SVG files (each mark carries a `<title>` tooltip):
/// - `ranks.svg`: per shape, the catalogue's best rank over Q (catalogue or derived), the best
///   known rank and the lower bound, each divided by the naive rank n·m·p;
/// - `gap.svg`: the gap to the best known rank as a heat map, one panel per n, rows m, columns p;
/// - `exponent.svg`: the exponent 3·ln R / ln(nmp) each rank implies when applied recursively,
///   against ln(nmp), with the naive 3 and Strassen's log₂ 7 drawn for reference.
struct SiteCharts {
    let shapes: [SiteShape]

    struct Figure {
        let file: String
        let caption: String
    }

    static let figures = [
        Figure(file: "ranks.svg", caption: "Rank divided by the naive rank n·m·p, per shape: fmm (catalogue or derived), best known, lower bound."),
        Figure(file: "gap.svg", caption: "Gap between fmm's rank and the best known rank, per shape ⟨n,m,p⟩ (one panel per n; rows m, columns p)."),
        Figure(file: "exponent.svg", caption: "The exponent ω ≤ 3·ln R / ln(nmp) each scheme implies, against the size n·m·p (log scale)."),
    ]

    var files: [SiteFile] {
        [SiteFile(path: "plots/ranks.svg", contents: ranksChart),
         SiteFile(path: "plots/gap.svg", contents: gapChart),
         SiteFile(path: "plots/exponent.svg", contents: exponentChart)]
    }

    typealias SVGNode = Node<XML.DocumentContext>

    /// An SVG element with attributes (values are numbers, colours and names: nothing to escape)
    /// and children.
    static func element(_ name: String, _ attributes: [(String, String)], _ children: [SVGNode] = []) -> SVGNode {
        .element(named: name, nodes: attributes.map { .attribute(named: $0.0, value: $0.1) } + children)
    }

    static func label(_ text: String, x: Double, y: Double, anchor: String = "middle", size: Int = 11, transform: String? = nil) -> SVGNode {
        var attributes = [("x", format(x)), ("y", format(y)), ("text-anchor", anchor), ("font-size", "\(size)")]
        if let transform { attributes.append(("transform", transform)) }
        return element("text", attributes, [.text(text)])
    }

    static func tooltip(_ text: String) -> SVGNode { element("title", [], [.text(text)]) }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    static func document(width: Double, height: Double, title: String, _ children: [SVGNode]) -> String {
        XML(element("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("width", format(width)), ("height", format(height)),
                            ("viewBox", "0 0 \(format(width)) \(format(height))"), ("font-family", "sans-serif")],
                    [element("rect", [("width", "100%"), ("height", "100%"), ("fill", "white")]),
                     label(title, x: width / 2, y: 20, size: 14)] + children)).render(indentedBy: .spaces(1))
    }

    /// Colour of a gap: green at the best known rank, then yellow, orange and red.
    static func colour(gap: Int?) -> String {
        guard let gap else { return "#cbd5e0" }
        switch gap {
        case ...0: return "#38a169"
        case 1...2: return "#ecc94b"
        case 3...5: return "#ed8936"
        default: return "#e53e3e"
        }
    }

    static func gapText(_ gap: Int?) -> String { gap.map { $0 > 0 ? "+\($0)" : "\($0)" } ?? "-" }

    var ranksChart: String {
        let (left, top, bottom, step) = (50.0, 40.0, 70.0, 13.0)
        let plotHeight = 300.0
        let width = left + step * Double(shapes.count) + 20
        let (low, high) = (0.2, 1.05)
        func y(_ ratio: Double) -> Double { top + (high - ratio) / (high - low) * plotHeight }
        var nodes: [SVGNode] = []
        for tick in stride(from: 0.2, through: 1.0, by: 0.2) {
            nodes.append(Self.element("line", [("x1", Self.format(left)), ("x2", Self.format(width - 10)), ("y1", Self.format(y(tick))), ("y2", Self.format(y(tick))),
                                               ("stroke", tick == 1.0 ? "#718096" : "#e2e8f0")]))
            nodes.append(Self.label(String(format: "%.1f", tick), x: left - 6, y: y(tick) + 4, anchor: "end"))
        }
        nodes.append(Self.label("rank / naive", x: 14, y: top + plotHeight / 2, transform: "rotate(-90 14 \(Self.format(top + plotHeight / 2)))"))
        for (index, shape) in shapes.enumerated() {
            let ranks = shape.ranks
            let naive = Double(ranks.shape.naiveRank)
            let x = left + step * (Double(index) + 0.5)
            nodes.append(Self.element("line", [("x1", Self.format(x - 4)), ("x2", Self.format(x + 4)), ("y1", Self.format(y(Double(ranks.lower.rank) / naive))),
                                               ("y2", Self.format(y(Double(ranks.lower.rank) / naive))), ("stroke", "#a0aec0"), ("stroke-width", "2")],
                                      [Self.tooltip("\(shape.title) lower bound \(ranks.lower.rank)")]))
            if let known = ranks.known {
                nodes.append(Self.element("circle", [("cx", Self.format(x)), ("cy", Self.format(y(Double(known.rank) / naive))), ("r", "2.5"), ("fill", "black")],
                                          [Self.tooltip("\(shape.title) best known \(known.rank)")]))
            }
            if let ours = ranks.bestRank {
                nodes.append(Self.element("circle", [("cx", Self.format(x)), ("cy", Self.format(y(Double(ours) / naive))), ("r", "4.5"), ("fill", "none"),
                                                     ("stroke", Self.colour(gap: ranks.gap)), ("stroke-width", "2")],
                                          [Self.tooltip("\(shape.title) fmm \(ours) (gap \(Self.gapText(ranks.gap)))")]))
            }
            let labelY = top + plotHeight + 8
            nodes.append(Self.label(shape.slug, x: x, y: labelY, anchor: "end", size: 8, transform: "rotate(-65 \(Self.format(x)) \(Self.format(labelY)))"))
        }
        nodes += legend(x: left, y: top + plotHeight + bottom - 6, items: [("circle-open", "#38a169", "fmm (colour: gap)"), ("circle", "black", "best known"),
                                                                           ("line", "#a0aec0", "lower bound")])
        return Self.document(width: max(width, 420), height: top + plotHeight + bottom + 10, title: "Ranks relative to the naive algorithm", nodes)
    }

    var gapChart: String {
        let largest = shapes.map { max($0.ranks.shape.n, $0.ranks.shape.m, $0.ranks.shape.p) }.max() ?? 2
        let smallest = shapes.map { min($0.ranks.shape.n, $0.ranks.shape.m, $0.ranks.shape.p) }.min() ?? 2
        let cell = 34.0
        let (top, left, gutter) = (50.0, 30.0, 24.0)
        var byShape: [String: SiteShape] = [:]
        for shape in shapes { byShape[shape.slug] = shape }
        var nodes: [SVGNode] = []
        var x = left
        for n in smallest...largest {
            let columns = largest - n + 1
            nodes.append(Self.label("n = \(n)", x: x + cell * Double(columns) / 2, y: top - 12, size: 12))
            for m in n...largest {
                nodes.append(Self.label("m=\(m)", x: x - 3, y: top + cell * Double(m - n) + cell / 2 + 4, anchor: "end", size: 8))
                for p in m...largest {
                    guard let shape = byShape["\(n)x\(m)x\(p)"] else { continue }
                    let cx = x + cell * Double(p - n), cy = top + cell * Double(m - n)
                    let gap = shape.ranks.gap
                    nodes.append(Self.element("rect", [("x", Self.format(cx)), ("y", Self.format(cy)), ("width", Self.format(cell - 2)), ("height", Self.format(cell - 2)),
                                                       ("fill", Self.colour(gap: gap))],
                                              [Self.tooltip("\(shape.title): fmm \(shape.ranks.bestRank.map(String.init) ?? "-"), best known \(shape.ranks.known.map { "\($0.rank)" } ?? "-"), gap \(Self.gapText(gap))")]))
                    nodes.append(Self.label(Self.gapText(gap), x: cx + cell / 2 - 1, y: cy + cell / 2 + 3, size: 10))
                    nodes.append(Self.label("p=\(p)", x: cx + cell / 2 - 1, y: cy + cell - 5, size: 6))
                }
            }
            x += cell * Double(columns) + gutter + 10
        }
        let height = top + cell * Double(largest - smallest + 1) + 50
        nodes += legend(x: left, y: height - 14, items: [("square", Self.colour(gap: 0), "at best known"), ("square", Self.colour(gap: 1), "+1…2"),
                                                         ("square", Self.colour(gap: 3), "+3…5"), ("square", Self.colour(gap: 6), "+6 or more"),
                                                         ("square", Self.colour(gap: nil), "unknown")])
        return Self.document(width: max(x, 480), height: height, title: "Gap to the best known rank", nodes)
    }

    var exponentChart: String {
        let (left, top, plotWidth, plotHeight) = (60.0, 40.0, 640.0, 320.0)
        let sizes = shapes.map { Double($0.ranks.shape.naiveRank) }
        let (lowSize, highSize) = (log(sizes.min() ?? 8), log(max(sizes.max() ?? 512, 16)))
        let (low, high) = (2.55, 3.02)
        func x(_ size: Double) -> Double { left + (log(size) - lowSize) / max(highSize - lowSize, 1e-9) * plotWidth }
        func y(_ omega: Double) -> Double { top + (high - omega) / (high - low) * plotHeight }
        var nodes: [SVGNode] = []
        for tick in stride(from: 2.6, through: 3.0, by: 0.1) {
            nodes.append(Self.element("line", [("x1", Self.format(left)), ("x2", Self.format(left + plotWidth)), ("y1", Self.format(y(tick))), ("y2", Self.format(y(tick))), ("stroke", "#e2e8f0")]))
            nodes.append(Self.label(String(format: "%.1f", tick), x: left - 6, y: y(tick) + 4, anchor: "end"))
        }
        let strassen = log2(7.0)
        nodes.append(Self.element("line", [("x1", Self.format(left)), ("x2", Self.format(left + plotWidth)), ("y1", Self.format(y(strassen))), ("y2", Self.format(y(strassen))),
                                           ("stroke", "#805ad5"), ("stroke-dasharray", "6 4")]))
        nodes.append(Self.label("Strassen: log₂ 7 ≈ 2.807", x: left + 6, y: y(strassen) + 14, anchor: "start", size: 10))
        for size in [8.0, 16, 32, 64, 128, 256, 512, 1024, 4096] where log(size) >= lowSize - 1e-9 && log(size) <= highSize + 1e-9 {
            nodes.append(Self.label("\(Int(size))", x: x(size), y: top + plotHeight + 16))
        }
        nodes.append(Self.label("n·m·p (log scale)", x: left + plotWidth / 2, y: top + plotHeight + 34))
        nodes.append(Self.label("ω bound", x: 16, y: top + plotHeight / 2, transform: "rotate(-90 16 \(Self.format(top + plotHeight / 2)))"))
        for shape in shapes {
            let size = Double(shape.ranks.shape.naiveRank)
            if let known = shape.ranks.known {
                nodes.append(Self.element("circle", [("cx", Self.format(x(size))), ("cy", Self.format(y(SiteShape.exponent(rank: known.rank, shape: shape.ranks.shape)))), ("r", "2"), ("fill", "black")],
                                          [Self.tooltip("\(shape.title) best known \(known.rank)")]))
            }
            if let ours = shape.ranks.bestRank {
                let omega = SiteShape.exponent(rank: ours, shape: shape.ranks.shape)
                nodes.append(Self.element("circle", [("cx", Self.format(x(size))), ("cy", Self.format(y(omega))), ("r", "4"), ("fill", "none"),
                                                     ("stroke", Self.colour(gap: shape.ranks.gap)), ("stroke-width", "1.5")],
                                          [Self.tooltip(String(format: "%@ fmm %d: ω ≤ %.4f", shape.title, ours, omega))]))
            }
        }
        nodes += legend(x: left, y: top + plotHeight + 56, items: [("circle-open", "#38a169", "fmm (colour: gap)"), ("circle", "black", "best known")])
        return Self.document(width: left + plotWidth + 30, height: top + plotHeight + 70, title: "Exponent implied by each scheme", nodes)
    }

    /// A row of legend marks with their labels.
    func legend(x: Double, y: Double, items: [(mark: String, colour: String, text: String)]) -> [SVGNode] {
        var nodes: [SVGNode] = []
        var cursor = x
        for item in items {
            switch item.mark {
            case "circle": nodes.append(Self.element("circle", [("cx", Self.format(cursor + 5)), ("cy", Self.format(y - 4)), ("r", "3"), ("fill", item.colour)]))
            case "circle-open": nodes.append(Self.element("circle", [("cx", Self.format(cursor + 5)), ("cy", Self.format(y - 4)), ("r", "4.5"), ("fill", "none"), ("stroke", item.colour), ("stroke-width", "2")]))
            case "line": nodes.append(Self.element("line", [("x1", Self.format(cursor)), ("x2", Self.format(cursor + 10)), ("y1", Self.format(y - 4)), ("y2", Self.format(y - 4)), ("stroke", item.colour), ("stroke-width", "2")]))
            default: nodes.append(Self.element("rect", [("x", Self.format(cursor)), ("y", Self.format(y - 10)), ("width", "12"), ("height", "12"), ("fill", item.colour)]))
            }
            nodes.append(Self.label(item.text, x: cursor + 16, y: y, anchor: "start"))
            cursor += 30 + Double(item.text.count) * 7
        }
        return nodes
    }
}
