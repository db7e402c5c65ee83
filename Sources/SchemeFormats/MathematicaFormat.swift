import ExactArithmetic
import SchemeModel

/// The Mathematica nested-list format `.m`: `{{U, V, W}, ...}` with one entry per product, where
/// U is the n×m coefficient matrix of A, V the m×p one of B and W the p×n one of Cᵀ, each a list
/// of rows; coefficients are integers or rationals `3/4`.
public enum MathematicaFormat {
    public static func read(_ text: String, limits: Limits = .standard) throws(FormatError) -> Scheme {
        var parser = ListParser(bytes: Array(text.utf8), limits: limits)
        let document = try parser.document()
        guard case .list(let products) = document, !products.isEmpty else {
            throw FormatError("expected a non-empty list of products {{U, V, W}, ...}")
        }
        guard products.count <= limits.maxRank else { throw FormatError("more than \(limits.maxRank) products") }
        var terms: [Term] = []
        var shape: Shape?
        for (r, product) in products.enumerated() {
            guard case .list(let matrices) = product, matrices.count == 3 else {
                throw FormatError(.entry("product \(r + 1)"), "expected three matrices {U, V, W}")
            }
            var parsed: [(rows: Int, columns: Int, entries: [Rational])] = []
            for (f, matrix) in matrices.enumerated() {
                guard case .list(let rows) = matrix, let firstRow = rows.first, case .list(let first) = firstRow, !first.isEmpty else {
                    throw FormatError(.entry("product \(r + 1)"), "factor \(f + 1) is not a matrix (a list of rows)")
                }
                var entries: [Rational] = []
                for row in rows {
                    guard case .list(let values) = row, values.count == first.count else {
                        throw FormatError(.entry("product \(r + 1)"), "factor \(f + 1) has rows of different lengths")
                    }
                    for value in values {
                        guard case .number(let c) = value else {
                            throw FormatError(.entry("product \(r + 1)"), "factor \(f + 1) holds a list where a number belongs")
                        }
                        entries.append(c)
                    }
                }
                parsed.append((rows.count, first.count, entries))
            }
            let (n, m, p) = (parsed[0].rows, parsed[0].columns, parsed[1].columns)
            guard parsed[1].rows == m, parsed[2].rows == p, parsed[2].columns == n else {
                throw FormatError(.entry("product \(r + 1)"),
                                  "matrix sizes \(parsed.map { "\($0.rows)×\($0.columns)" }.joined(separator: ", ")) are not n×m, m×p, p×n")
            }
            if shape == nil {
                do { shape = try Shape.validated(n, m, p, limits: limits) } catch { throw FormatError.limit(error) }
            }
            guard shape == Shape(n, m, p) else {
                throw FormatError(.entry("product \(r + 1)"), "shape \(n)x\(m)x\(p) differs from the first product's \(shape!)")
            }
            terms.append(Term(u: parsed[0].entries, v: parsed[1].entries, w: parsed[2].entries))
        }
        return Scheme(shape: shape!, terms: terms)
    }

    public static func write(_ scheme: Scheme) -> String {
        let s = scheme.shape
        func matrix(_ entries: [Rational], _ rows: Int, _ columns: Int) -> String {
            "{" + (0..<rows).map { r in
                "{" + (0..<columns).map { entries[r * columns + $0].description }.joined(separator: ", ") + "}"
            }.joined(separator: ", ") + "}"
        }
        let lines = scheme.terms.map { t in
            " {" + matrix(t.u, s.n, s.m) + ", " + matrix(t.v, s.m, s.p) + ", " + matrix(t.w, s.p, s.n) + "}"
        }
        return "{\n" + lines.joined(separator: ",\n") + "\n}\n"
    }
}

/// A Mathematica list expression: nested lists of numbers.
private indirect enum ListValue {
    case list([ListValue])
    case number(Rational)
}

private struct ListParser {
    let bytes: [UInt8]
    let limits: Limits
    var position = 0

    func error(_ message: String) -> FormatError {
        let line = bytes[..<min(position, bytes.count)].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        return FormatError(.line(line), message)
    }

    mutating func skipSpaces() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    mutating func document() throws(FormatError) -> ListValue {
        skipSpaces()
        let value = try self.value(depth: 0)
        skipSpaces()
        if position < bytes.count, bytes[position] == UInt8(ascii: ";") { position += 1; skipSpaces() }
        guard position == bytes.count else { throw error("unexpected text after the list") }
        return value
    }

    mutating func value(depth: Int) throws(FormatError) -> ListValue {
        guard depth < limits.maxNestingDepth else { throw error("nesting deeper than \(limits.maxNestingDepth)") }
        skipSpaces()
        guard position < bytes.count else { throw error("truncated: expected a number or '{'") }
        if bytes[position] == UInt8(ascii: "{") {
            position += 1
            var elements: [ListValue] = []
            skipSpaces()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .list(elements) }
            while true {
                elements.append(try value(depth: depth + 1))
                skipSpaces()
                guard position < bytes.count else { throw error("truncated: unbalanced '{'") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "}") { position += 1; return .list(elements) }
                throw error("expected ',' or '}'")
            }
        }
        let start = position
        let allowed = Set("+-0123456789/. ".utf8)
        while position < bytes.count, allowed.contains(bytes[position]) { position += 1 }
        guard let text = String(validating: bytes[start..<position], as: UTF8.self), !text.trimmingCharacters().isEmpty else {
            throw error("expected a number, found '\(Character(Unicode.Scalar(bytes[position])))'")
        }
        let parsed: Rational?
        do { parsed = try Coefficient.parse(Substring(text), limits: limits) } catch { throw self.error(error.description) }
        guard let c = parsed else { throw error("'\(text.trimmingCharacters())' is not a number") }
        return .number(c)
    }
}
