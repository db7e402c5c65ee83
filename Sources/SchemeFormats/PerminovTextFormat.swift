import ExactArithmetic
import SchemeModel

/// The text output of Perminov's `flip_graph` (ternary_flip_graph): line 1 `n m p R`; line 2 the
/// R factors u concatenated term by term (n·m entries each, A row-major); line 3 the v's (m·p
/// each, B row-major); line 4 the w's (p·n each, Cᵀ row-major). Entries are integers (or
/// fractions `p/q`), separated by blanks. The tool names the ring in the file name (`_ZT`,
/// `_Z2`, `_Z3`).
public enum PerminovTextFormat {
    /// Whether the first non-blank line is four non-negative integers.
    public static func recognises(_ text: String) -> Bool {
        guard let first = text.split(whereSeparator: \.isNewline).first(where: { !$0.trimmingCharacters().isEmpty }) else { return false }
        let words = first.split(whereSeparator: \.isWhitespace)
        return words.count == 4 && words.allSatisfy { $0.allSatisfy(\.isASCII) && Int($0) != nil && !$0.hasPrefix("-") }
    }

    public static func read(_ text: String, limits: Limits = .standard) throws(FormatError) -> Scheme {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().filter { !$0.element.trimmingCharacters().isEmpty }
        guard let header = lines.first else { throw FormatError("the file is empty") }
        let numbers = header.element.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard numbers.count == 4 else { throw FormatError(.line(header.offset + 1), "expected 'n m p R'") }
        let shape: Shape
        do {
            shape = try Shape.validated(numbers[0], numbers[1], numbers[2], limits: limits)
            try limits.check(rank: numbers[3])
        } catch { throw FormatError(.line(header.offset + 1), error.description) }
        let rank = numbers[3]
        guard lines.count == 4 else {
            throw FormatError("expected 4 lines (n m p R, then the u's, v's and w's), found \(lines.count)")
        }
        var factors: [[[Rational]]] = []
        for (f, size) in [shape.n * shape.m, shape.m * shape.p, shape.p * shape.n].enumerated() {
            let (offset, line) = lines[f + 1]
            let words = line.split(whereSeparator: \.isWhitespace)
            guard words.count == rank * size else {
                throw FormatError(.line(offset + 1), "expected \(rank) × \(size) = \(rank * size) entries of \(["u", "v", "w"][f]), found \(words.count)")
            }
            var values: [Rational] = []
            values.reserveCapacity(words.count)
            for word in words {
                let value: Rational?
                do { value = try Coefficient.parse(word, limits: limits) } catch { throw FormatError(.line(offset + 1), error.description) }
                guard let value else { throw FormatError(.line(offset + 1), "'\(word)' is not a number") }
                values.append(value)
            }
            factors.append((0..<rank).map { Array(values[$0 * size..<($0 + 1) * size]) })
        }
        return Scheme(shape: shape, terms: (0..<rank).map { Term(u: factors[0][$0], v: factors[1][$0], w: factors[2][$0]) })
    }

    public static func write(_ scheme: Scheme) -> String {
        let s = scheme.shape
        let header = "\(s.n) \(s.m) \(s.p) \(scheme.rank)"
        let lines = [\Term.u, \Term.v, \Term.w].map { path in scheme.terms.flatMap { $0[keyPath: path] }.map { "\($0)" }.joined(separator: " ") }
        return ([header] + lines).joined(separator: "\n") + "\n"
    }
}
