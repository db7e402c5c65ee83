import ExactArithmetic
import SchemeModel

/// Names of matrix entries in the product-line notation, 1-based: `a_ij` for A, `b_jk` for B,
/// and `c_ki` for the coefficient of C[i][k] (the third factor indexes Cᵀ).
/// Single digits (`a12`) while every dimension is at most 9, else `a_{10,2}`.
public struct VariableNames: Sendable {
    public let shape: Shape

    public init(_ shape: Shape) { self.shape = shape }

    var wide: Bool { max(shape.n, shape.m, shape.p) > 9 }

    /// Name of entry `index` of the factor `letter` ("a", "b" or "c").
    public func name(_ letter: Character, _ index: Int) -> String {
        let columns = letter == "a" ? shape.m : letter == "b" ? shape.p : shape.n
        let (row, column) = (index / columns + 1, index % columns + 1)
        return wide ? "\(letter)_{\(row),\(column)}" : "\(letter)\(row)\(column)"
    }

    /// A linear form Σ c_i x_i written as `a11-2*a12+1/2*a21` (terms in index order; `0` if empty).
    public func linearForm(_ letter: Character, _ coefficients: [Rational]) -> String {
        var text = ""
        for (i, c) in coefficients.enumerated() where !c.isZero {
            let magnitude = c.magnitude
            text += c.signum < 0 ? "-" : (text.isEmpty ? "" : "+")
            text += magnitude == .one ? "" : "\(magnitude)*"
            text += name(letter, i)
        }
        return text.isEmpty ? "0" : text
    }

    /// The product of term r as `(a11+a22)*(b11+b22)*(c11+c22)`.
    public func productLine(_ term: Term) -> String {
        "(\(linearForm("a", term.u)))*(\(linearForm("b", term.v)))*(\(linearForm("c", term.w)))"
    }

    /// `m1 = (a11 + a22) * (b11 + b22)`: the r-th multiplication, spaced as in the JSON format.
    public func multiplication(_ r: Int, _ term: Term) -> String {
        "m\(r + 1) = (\(spaced(linearForm("a", term.u)))) * (\(spaced(linearForm("b", term.v))))"
    }

    /// `c11 = m1 + m4 - m5 + m7` for every entry of C, in row-major order of C.
    public func elements(_ scheme: Scheme) -> [String] {
        var lines: [String] = []
        for i in 0..<shape.n {
            for k in 0..<shape.p {
                var sum = ""
                for (r, term) in scheme.terms.enumerated() {
                    let c = term.w[k * shape.n + i]
                    guard !c.isZero else { continue }
                    let magnitude = c.magnitude
                    sum += c.signum < 0 ? (sum.isEmpty ? "-" : " - ") : (sum.isEmpty ? "" : " + ")
                    sum += (magnitude == .one ? "" : "\(magnitude)*") + "m\(r + 1)"
                }
                let entry = wide ? "c_{\(i + 1),\(k + 1)}" : "c\(i + 1)\(k + 1)"
                lines.append("\(entry) = \(sum.isEmpty ? "0" : sum)")
            }
        }
        return lines
    }

    private func spaced(_ form: String) -> String {
        var out = ""
        for (i, ch) in form.enumerated() {
            if i > 0, ch == "+" || ch == "-", !out.hasSuffix("{"), !out.hasSuffix(",") { out += " \(ch) " } else { out.append(ch) }
        }
        return out
    }
}
