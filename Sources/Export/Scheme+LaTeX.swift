import ExactArithmetic
import SchemeModel

/// Options of the LaTeX exporter.
public struct LaTeXOptions: Sendable {
    /// First line of the document (shape, rank, ring).
    public var title: String
    /// Further lines (source, provenance).
    public var details: [String]
    /// Only the equations (an `align*` environment), for inclusion in a paper.
    public var fragment: Bool
    /// Most terms on one printed line before a break.
    public var termsPerLine: Int

    public init(title: String, details: [String] = [], fragment: Bool = false, termsPerLine: Int = 9) {
        (self.title, self.details, self.fragment, self.termsPerLine) = (title, details, fragment, termsPerLine)
    }
}

extension Scheme {
    /// The scheme as LaTeX: the products M_1…M_R as `align*` rows (linear forms in the entries
    /// a_{ij} of A and b_{jk} of B, fractions as \tfrac), then the entries c_{ik} of C as sums of
    /// the M_r. Long rows break after `termsPerLine` terms so nothing runs off the page. Indices
    /// are written a_{12}, or a_{10,2} when a dimension exceeds 9. Without `fragment` the result is a
    /// standalone `article` that states shape, rank, ring and provenance.
    public func latex(_ options: LaTeXOptions) -> String {
        let wide = max(shape.n, shape.m, shape.p) > 9
        func entry(_ letter: String, _ row: Int, _ column: Int) -> String {
            wide ? "\(letter)_{\(row + 1),\(column + 1)}" : "\(letter)_{\(row + 1)\(column + 1)}"
        }
        func coefficientPrefix(_ c: Rational, first: Bool) -> String {
            let sign = c.signum < 0 ? "-" : (first ? "" : "+")
            let m = c.magnitude
            let value = m == .one ? "" : m.isInteger ? "\(m)\\," : "\\tfrac{\(m.numerator)}{\(m.denominator)}"
            return sign + value
        }
        /// Terms of a linear form as LaTeX pieces (each with its sign).
        func linearTerms(_ coefficients: [Rational], _ name: (Int) -> String) -> [String] {
            var pieces: [String] = []
            for (i, c) in coefficients.enumerated() where !c.isZero {
                pieces.append(coefficientPrefix(c, first: pieces.isEmpty) + name(i))
            }
            return pieces.isEmpty ? ["0"] : pieces
        }
        /// Joins pieces into `&`-aligned rows of at most `termsPerLine` pieces.
        func rows(_ lhs: String, _ pieces: [String]) -> [String] {
            var lines: [String] = []
            var current: [String] = []
            for piece in pieces {
                current.append(piece)
                if current.count == options.termsPerLine {
                    lines.append(current.joined(separator: " "))
                    current = []
                }
            }
            if !current.isEmpty { lines.append(current.joined(separator: " ")) }
            return lines.enumerated().map { i, line in
                (i == 0 ? "\(lhs) &= " : "&\\qquad ") + line + " \\\\"
            }
        }
        var body: [String] = ["\\begin{align*}"]
        for (r, term) in terms.enumerated() {
            let a = linearTerms(term.u) { entry("a", $0 / shape.m, $0 % shape.m) }
            let b = linearTerms(term.v) { entry("b", $0 / shape.p, $0 % shape.p) }
            // Parentheses are separate pieces so a break may fall between or inside the factors.
            var pieces = a.count == 1 ? a : ["\\bigl(" + a[0]] + a.dropFirst()
            if a.count > 1 { pieces[pieces.count - 1] += "\\bigr)" }
            var right = b.count == 1 ? b : ["\\bigl(" + b[0]] + b.dropFirst()
            if b.count > 1 { right[right.count - 1] += "\\bigr)" }
            right[0] = "\\cdot " + right[0]
            body += rows("M_{\(r + 1)}", pieces + right)
        }
        body.append("\\end{align*}")
        body.append("\\begin{align*}")
        for i in 0..<shape.n {
            for k in 0..<shape.p {
                let column = terms.map { $0.w[k * shape.n + i] }
                body += rows(entry("c", i, k), linearTerms(column) { "M_{\($0 + 1)}" })
            }
        }
        body.append("\\end{align*}")
        if options.fragment { return body.joined(separator: "\n") + "\n" }
        var document = [
            "\\documentclass[10pt]{article}",
            "\\usepackage[margin=2cm]{geometry}",
            "\\usepackage{amsmath}",
            "\\allowdisplaybreaks",
            "\\begin{document}",
            "\\section*{\(LaTeXText.escape(options.title))}",
        ]
        for line in options.details { document.append(LaTeXText.escape(line) + "\\\\") }
        document.append("Convention: $A$ is $\(shape.n)\\times \(shape.m)$, $B$ is $\(shape.m)\\times \(shape.p)$, $C = AB$; "
                        + "$a_{ij}$, $b_{jk}$, $c_{ik}$ are their entries.")
        document += body
        document.append("\\end{document}")
        return document.joined(separator: "\n") + "\n"
    }
}

/// Escaping of plain text for LaTeX.
enum LaTeXText {
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "\\": out += "\\textbackslash{}"
            case "{", "}", "$", "&", "#", "_", "%": out += "\\\(ch)"
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            case "<": out += "$\\langle$"
            case ">": out += "$\\rangle$"
            case "⟨": out += "$\\langle$"
            case "⟩": out += "$\\rangle$"
            case "⊗": out += "$\\otimes$"
            case "⊕": out += "$\\oplus$"
            case _ where ch.isASCII: out.append(ch)
            default: out += "?"
            }
        }
        return out
    }
}
