import ExactArithmetic
import SchemeModel

/// AlphaEvolve's published decompositions: `decomposition_NMP = (np.array([...]), np.array([...]),
/// np.array([...]))` in a Jupyter notebook's code cells (`.ipynb`, JSON) or in Python text. The
/// three arrays are u (n·m × R), v (m·p × R) and w (p·n × R, indexing Cᵀ): factors are the
/// columns. Nothing is run: the array literals are parsed. Float entries are taken exactly only
/// when they are binary fractions with denominator at most 2¹⁰ (`0.5`, `-0.25`, `1.`); any other
/// float (a rounded `0.33333334`) is an error, never a guess. Complex entries (`0.5+1.j`, parts
/// taken exactly the same way) give a scheme over Q(i).
public enum NotebookFormat {
    /// Whether `bytes` (starting with `{`) are a notebook: JSON with a `"cells"` member near the top.
    static func isNotebook(_ bytes: [UInt8]) -> Bool {
        String(decoding: bytes.prefix(4096), as: UTF8.self).contains("\"cells\"")
    }

    /// Every decomposition in the file, named by its variable's suffix (`245`), with its
    /// imaginary parts where an entry is complex.
    static func read(_ bytes: [UInt8], text: String, limits: Limits) throws(FormatError) -> [(name: String, scheme: Scheme, imaginary: Scheme?)] {
        var code = text
        if let first = bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }), first == UInt8(ascii: "{") {
            let document = try JSONValue.parse(bytes, maxDepth: limits.maxNestingDepth)
            guard case .array(let cells)? = document["cells"] else { throw FormatError("a notebook without \"cells\"") }
            code = cells.compactMap { cell -> String? in
                guard case .string("code")? = cell["cell_type"] else { return nil }
                switch cell["source"] {
                case .string(let s)?: return s
                case .array(let lines)?: return lines.map { if case .string(let s) = $0 { s } else { "" } }.joined()
                default: return nil
                }
            }.joined(separator: "\n")
        }
        var results: [(name: String, scheme: Scheme, imaginary: Scheme?)] = []
        for match in code.matches(of: /decomposition_(\w+)\s*=\s*\(/) {
            let name = String(match.1)
            var parser = ArrayLiteralParser(Array(code[match.range.upperBound...].unicodeScalars), limits: limits)
            do {
                let arrays = try (0..<3).map { (i: Int) throws(ExpressionError) -> [[(Rational, Rational)]] in
                    if i > 0 { try parser.expect(",") }
                    return try parser.npArray()
                }
                let real = try scheme(name: name, arrays.map { $0.map { $0.map(\.0) } }, limits: limits)
                let complex = arrays.contains { $0.contains { $0.contains { !$0.1.isZero } } }
                let imaginary = complex ? try scheme(name: name, arrays.map { $0.map { $0.map(\.1) } }, limits: limits) : nil
                results.append((name, real, imaginary))
            } catch let error as ExpressionError {
                throw FormatError(.entry("decomposition_\(name)"), error.description)
            } catch let error as FormatError {
                throw error
            } catch {
                throw FormatError(.entry("decomposition_\(name)"), "\(error)")
            }
        }
        guard !results.isEmpty else { throw FormatError("no 'decomposition_… = (np.array(…), np.array(…), np.array(…))' found") }
        return results
    }

    /// The scheme from u, v, w (rows: entries; columns: terms); the shape from the name's three
    /// digits, else from the row counts (n² = (n·m)(p·n)/(m·p)).
    static func scheme(name: String, _ arrays: [[[Rational]]], limits: Limits) throws(FormatError) -> Scheme {
        let rank = arrays[0].first?.count ?? 0
        guard rank > 0, arrays.allSatisfy({ $0.allSatisfy { $0.count == rank } }) else {
            throw FormatError(.entry("decomposition_\(name)"), "the three arrays must have the same number of columns (terms)")
        }
        let (nm, mp, pn) = (arrays[0].count, arrays[1].count, arrays[2].count)
        var shape: Shape?
        let digits = name.compactMap(\.wholeNumberValue)
        if digits.count == 3, name.count == 3 { shape = try? Shape.validated(digits[0], digits[1], digits[2], limits: limits) }
        if shape == nil {
            let n = Int(Double(nm * pn / max(mp, 1)).squareRoot().rounded())
            if n >= 1, n * n * mp == nm * pn { shape = try? Shape.validated(n, nm / n, pn / n, limits: limits) }
        }
        guard let shape, shape.n * shape.m == nm, shape.m * shape.p == mp, shape.p * shape.n == pn else {
            throw FormatError(.entry("decomposition_\(name)"), "arrays of \(nm), \(mp) and \(pn) rows fit no shape ⟨n,m,p⟩\(digits.count == 3 ? " named \(name)" : "")")
        }
        return Scheme(shape: shape, terms: (0..<rank).map { r in Term(u: arrays[0].map { $0[r] }, v: arrays[1].map { $0[r] }, w: arrays[2].map { $0[r] }) })
    }
}

/// Parses `np.array([[…], …], dtype=…)` literals of real or complex numbers.
private struct ArrayLiteralParser {
    let scalars: [Unicode.Scalar]
    let limits: Limits
    var position = 0

    init(_ scalars: [Unicode.Scalar], limits: Limits) { (self.scalars, self.limits) = (scalars, limits) }

    mutating func skipSpaces() { while position < scalars.count, scalars[position].properties.isWhitespace { position += 1 } }

    mutating func expect(_ text: String) throws(ExpressionError) {
        skipSpaces()
        for scalar in text.unicodeScalars {
            guard position < scalars.count, scalars[position] == scalar else { throw ExpressionError("expected '\(text)'") }
            position += 1
        }
    }

    /// `np.array(<2-D list>[, dtype=…])`: its rows, each entry as (real part, imaginary part).
    mutating func npArray() throws(ExpressionError) -> [[(Rational, Rational)]] {
        try expect("np.array(")
        let rows = try list(depth: 0)
        skipSpaces()
        if position < scalars.count, scalars[position] == "," {
            // Keyword arguments such as dtype=np.float32: skipped up to the closing parenthesis.
            while position < scalars.count, scalars[position] != ")" { position += 1 }
        }
        try expect(")")
        guard case .list(let outer) = rows else { throw ExpressionError("expected a 2-D array") }
        return try outer.map { (row: Value) throws(ExpressionError) -> [(Rational, Rational)] in
            guard case .list(let entries) = row else { throw ExpressionError("expected a 2-D array") }
            return try entries.map { (entry: Value) throws(ExpressionError) -> (Rational, Rational) in
                guard case .number(let re, let im) = entry else { throw ExpressionError("expected numbers in a 2-D array") }
                return (re, im)
            }
        }
    }

    indirect enum Value { case number(Rational, Rational), list([Value]) }

    mutating func list(depth: Int) throws(ExpressionError) -> Value {
        skipSpaces()
        guard depth <= 8 else { throw ExpressionError("nesting deeper than 8") }
        if position < scalars.count, scalars[position] == "[" {
            position += 1
            var items: [Value] = []
            while true {
                skipSpaces()
                if position < scalars.count, scalars[position] == "]" { position += 1; return .list(items) }
                if !items.isEmpty { try expect(","); skipSpaces(); if position < scalars.count, scalars[position] == "]" { position += 1; return .list(items) } }
                guard items.count < limits.maxRank * 16 else { throw ExpressionError("array too large") }
                items.append(try list(depth: depth + 1))
            }
        }
        let (re, im) = try number()
        return .number(re, im)
    }

    /// A real (`-0.`, `0.5`, `1.5e+00`) or complex (`0.+1.j`, `2j`) literal as (real part,
    /// imaginary part), each exact when a binary fraction with a small denominator.
    mutating func number() throws(ExpressionError) -> (Rational, Rational) {
        let start = position
        func real(_ p: inout Int) {
            if p < scalars.count, scalars[p] == "+" || scalars[p] == "-" { p += 1 }
            while p < scalars.count, ("0"..."9").contains(scalars[p]) || scalars[p] == "." { p += 1 }
            if p < scalars.count, scalars[p] == "e" || scalars[p] == "E" {
                p += 1
                if p < scalars.count, scalars[p] == "+" || scalars[p] == "-" { p += 1 }
                while p < scalars.count, ("0"..."9").contains(scalars[p]) { p += 1 }
            }
        }
        real(&position)
        let realText = String(String.UnicodeScalarView(scalars[start..<position]))
        var imaginaryText: String?
        if position < scalars.count, scalars[position] == "j" {
            (imaginaryText, position) = (realText, position + 1)
        } else if position < scalars.count, scalars[position] == "+" || scalars[position] == "-" {
            let imaginaryStart = position
            real(&position)
            guard position < scalars.count, scalars[position] == "j" else { throw ExpressionError("malformed number '\(String(String.UnicodeScalarView(scalars[start..<position])))'") }
            imaginaryText = String(String.UnicodeScalarView(scalars[imaginaryStart..<position]))
            position += 1
        }
        if let imaginaryText {
            return (imaginaryText == realText ? .zero : try exact(realText), try exact(imaginaryText))
        }
        return (try exact(realText), .zero)
    }

    /// The exact value of a float literal that is a binary fraction with denominator ≤ 2¹⁰.
    func exact(_ text: String) throws(ExpressionError) -> Rational {
        let unsigned = text.hasPrefix("+") ? String(text.dropFirst()) : text
        let parsed: Rational?
        do { parsed = try Coefficient.parse(Substring(unsigned.hasSuffix(".") ? unsigned + "0" : unsigned), limits: limits) } catch {
            throw ExpressionError(error.description)
        }
        guard let value = parsed else { throw ExpressionError("'\(text)' is not a number") }
        guard (0...10).contains(where: { value.denominator == BigInt(1 << $0) }) else {
            throw ExpressionError("\(text) is not a binary fraction with a denominator up to 1024; a rounded float is not taken as an exact coefficient")
        }
        return value
    }
}
