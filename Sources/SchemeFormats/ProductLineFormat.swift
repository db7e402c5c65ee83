import ExactArithmetic
import SchemeModel

/// The product-line format `.exp` of the flip-graph papers: one product per line,
/// `(-2*a11+2*a12+a21-a22)*(b22+b23)*(c21+c22)`, where `c_ki` is the coefficient of C[i][k].
///
/// The reader accepts any expression that evaluates to a single product of a linear form in
/// the a's, one in the b's and one in the c's: rational coefficients (`2/3*a11`), nested
/// parentheses, constant factors anywhere (`1/2*(a11+a12)*...`, a trailing `/9`), and the
/// indices `a12`, `a_12`, `a_{10,2}`, `a10_2` and `a_10_2`. Anything else (a sum of products,
/// a square of a variable, a missing factor) is rejected with the line number.
public enum ProductLineFormat {
    /// Reads a scheme. Without `shape` the dimensions are taken from the largest indices used.
    public static func read(_ text: String, shape: Shape? = nil, limits: Limits = .standard) throws(FormatError) -> Scheme {
        var products: [(line: Int, factors: [[IndexPair: Rational]])] = []
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let content = line.trimmingCharacters()
            if content.isEmpty || content.hasPrefix("#") { continue }
            guard products.count < limits.maxRank else {
                throw FormatError(.line(lineNumber), "more than \(limits.maxRank) products")
            }
            do {
                var parser = try ExpressionParser(content, letters: ["a", "b", "c"], limits: limits)
                products.append((lineNumber, try parser.product()))
            } catch {
                throw FormatError(.line(lineNumber), error.description)
            }
        }
        guard !products.isEmpty else { throw FormatError("no products found (only blank and comment lines)") }
        let resolved: Shape
        if let shape {
            resolved = shape
        } else {
            var (n, m, p) = (0, 0, 0)
            for product in products {
                for pair in product.factors[0].keys { n = max(n, pair.row); m = max(m, pair.column) }
                for pair in product.factors[1].keys { m = max(m, pair.row); p = max(p, pair.column) }
                for pair in product.factors[2].keys { p = max(p, pair.row); n = max(n, pair.column) }
            }
            do { resolved = try Shape.validated(n, m, p, limits: limits) } catch {
                throw FormatError("cannot infer the shape from the indices used: \(error.description)")
            }
        }
        let dims = [(resolved.n, resolved.m), (resolved.m, resolved.p), (resolved.p, resolved.n)]
        var terms: [Term] = []
        for product in products {
            var vectors: [[Rational]] = []
            for (f, (rows, columns)) in dims.enumerated() {
                var vector = [Rational](repeating: .zero, count: rows * columns)
                for (pair, c) in product.factors[f] {
                    guard pair.row <= rows, pair.column <= columns else {
                        throw FormatError(.line(product.line), "\(["a", "b", "c"][f])\(pair.row)\(pair.column) is outside the \(rows)×\(columns) matrix of shape \(resolved)")
                    }
                    vector[(pair.row - 1) * columns + pair.column - 1] = c
                }
                vectors.append(vector)
            }
            terms.append(Term(u: vectors[0], v: vectors[1], w: vectors[2]))
        }
        return Scheme(shape: resolved, terms: terms)
    }

    /// One product per line (see `VariableNames.productLine`).
    public static func write(_ scheme: Scheme) -> String {
        let names = VariableNames(scheme.shape)
        return scheme.terms.map { names.productLine($0) + "\n" }.joined()
    }
}

/// A 1-based (row, column) position in one of the matrices.
struct IndexPair: Hashable {
    let row: Int, column: Int
}

/// A line's error before the line number is attached.
struct ExpressionError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The value of a sub-expression: `scale` times the product of the linear forms present, one per
/// letter (0 = a, 1 = b, 2 = c; or the parser's own letters); a constant has no forms.
struct PartialProduct {
    var scale: Rational
    var forms: [[IndexPair: Rational]?] = [nil, nil, nil]

    var letters: [Int] { (0..<3).filter { forms[$0] != nil } }

    static func + (x: PartialProduct, y: PartialProduct) throws(ExpressionError) -> PartialProduct {
        let (lx, ly) = (x.letters, y.letters)
        if lx.isEmpty && ly.isEmpty { return PartialProduct(scale: x.scale + y.scale) }
        guard lx.count == 1, lx == ly else {
            throw ExpressionError("not a bilinear product: a sum mixes \(describe(lx)) with \(describe(ly))")
        }
        var merged: [IndexPair: Rational] = [:]
        for (pair, c) in x.forms[lx[0]]! { merged[pair, default: .zero] += x.scale * c }
        for (pair, c) in y.forms[lx[0]]! { merged[pair, default: .zero] += y.scale * c }
        var result = PartialProduct(scale: .one)
        result.forms[lx[0]] = merged.filter { !$0.value.isZero }
        return result
    }

    /// A lone linear form absorbs its scale, so `(-2*c11)` stays with c rather than moving to
    /// the product's common factor; only constants pool into the scale.
    var foldingLoneForm: PartialProduct {
        let present = letters
        guard present.count == 1 else { return self }
        var result = PartialProduct(scale: .one)
        result.forms[present[0]] = forms[present[0]]!.mapValues { $0 * scale }
        return result
    }

    static func * (x: PartialProduct, y: PartialProduct) throws(ExpressionError) -> PartialProduct {
        let (x, y) = (x.foldingLoneForm, y.foldingLoneForm)
        var result = PartialProduct(scale: x.scale * y.scale, forms: x.forms)
        for letter in y.letters {
            guard result.forms[letter] == nil else {
                throw ExpressionError("not a bilinear product: two factors in '\(["a", "b", "c"][letter])'")
            }
            result.forms[letter] = y.forms[letter]
        }
        return result
    }

    static func describe(_ letters: [Int]) -> String {
        letters.isEmpty ? "a constant" : letters.map { ["a", "b", "c"][$0] }.joined(separator: "·")
    }
}

/// Recursive-descent parser: expr := term (± term)*, term := unary ((*|/)? unary)*,
/// unary := (±) unary | number | variable | ( expr ). Factors may stand side by side without
/// `*` (`(a12+a13)(b36-b46)`, `2b21`). The variables are the given letters (at most three);
/// with `flatIndices`, a plain index is one 1-based number (`a5`: the fifth entry, row-major),
/// returned as `IndexPair(row: 5, column: 0)`.
struct ExpressionParser {
    let chars: [Character]
    let letters: [Character]
    let flatIndices: Bool
    let limits: Limits
    var position = 0
    var depth = 0

    init(_ text: Substring, letters: [Character], flatIndices: Bool = false, limits: Limits) throws(ExpressionError) {
        chars = Array(text)
        (self.letters, self.flatIndices, self.limits) = (letters, flatIndices, limits)
    }

    /// The whole text as a product of one linear form per letter, the constant folded into the
    /// first; all zero when the constant is zero.
    mutating func product() throws(ExpressionError) -> [[IndexPair: Rational]] {
        let value = try expression()
        skipSpaces()
        guard position == chars.count else { throw ExpressionError("unexpected '\(chars[position])'") }
        if value.scale.isZero { return letters.map { _ in [:] } }
        for letter in letters.indices where value.forms[letter] == nil {
            throw ExpressionError("not a \(letters.count == 3 ? "bilinear product" : letters.count == 2 ? "product of two linear forms" : "linear form"): no factor in '\(letters[letter])'")
        }
        var first = value.forms[0]!
        for (pair, c) in first { first[pair] = c * value.scale }
        return [first] + letters.indices.dropFirst().map { value.forms[$0]! }
    }

    mutating func skipSpaces() { while position < chars.count, chars[position].isWhitespace { position += 1 } }

    mutating func expression() throws(ExpressionError) -> PartialProduct {
        var value = try term()
        while true {
            skipSpaces()
            guard position < chars.count, chars[position] == "+" || chars[position] == "-" else { return value }
            let negative = chars[position] == "-"
            position += 1
            var next = try term()
            if negative { next.scale = -next.scale }
            value = try value + next
        }
    }

    mutating func term() throws(ExpressionError) -> PartialProduct {
        var value = try unary()
        while true {
            skipSpaces()
            guard position < chars.count else { return value }
            let divide = chars[position] == "/"
            if chars[position] == "*" || divide {
                position += 1
            } else if chars[position] != "(" && !letters.contains(chars[position]) {
                return value
            }
            let next = try unary()
            if divide {
                guard next.letters.isEmpty else { throw ExpressionError("division by a non-constant") }
                guard !next.scale.isZero else { throw ExpressionError("division by zero") }
                value.scale = value.scale / next.scale
            } else {
                value = try value * next
            }
        }
    }

    mutating func unary() throws(ExpressionError) -> PartialProduct {
        skipSpaces()
        guard position < chars.count else { throw ExpressionError("truncated expression") }
        let ch = chars[position]
        if ch == "-" || ch == "+" {
            position += 1
            var value = try nested { (p: inout ExpressionParser) throws(ExpressionError) in try p.unary() }
            if ch == "-" { value.scale = -value.scale }
            return value
        }
        if ch == "(" {
            position += 1
            let value = try nested { (p: inout ExpressionParser) throws(ExpressionError) in try p.expression() }
            skipSpaces()
            guard position < chars.count, chars[position] == ")" else { throw ExpressionError("unbalanced parentheses: expected ')'") }
            position += 1
            return value
        }
        if ch.isNumber { return PartialProduct(scale: try number()) }
        if letters.contains(ch) { return try variable() }
        throw ExpressionError("unexpected '\(ch)'")
    }

    mutating func nested(_ body: (inout ExpressionParser) throws(ExpressionError) -> PartialProduct) throws(ExpressionError) -> PartialProduct {
        depth += 1
        defer { depth -= 1 }
        guard depth <= limits.maxNestingDepth else { throw ExpressionError("nesting deeper than \(limits.maxNestingDepth)") }
        return try body(&self)
    }

    mutating func number() throws(ExpressionError) -> Rational {
        let start = position
        while position < chars.count, chars[position].isNumber || chars[position] == "." { position += 1 }
        let text = String(chars[start..<position])
        let parsed: Rational?
        do { parsed = try Coefficient.parse(Substring(text), limits: limits) } catch { throw ExpressionError(error.description) }
        guard let value = parsed else { throw ExpressionError("'\(text)' is not a number") }
        return value
    }

    mutating func digits() -> Int? {
        let start = position
        while position < chars.count, chars[position].isASCII, chars[position].isNumber { position += 1 }
        guard position > start, position - start <= 6 else { return nil }
        return Int(String(chars[start..<position]))
    }

    mutating func variable() throws(ExpressionError) -> PartialProduct {
        let letter = letters.firstIndex(of: chars[position])!
        position += 1
        let pair: IndexPair
        func accept(_ c: Character) -> Bool {
            if position < chars.count, chars[position] == c { position += 1; return true }
            return false
        }
        if accept("_") {
            if accept("{") {
                // a_{10,2}
                guard let row = digits(), accept(","), let column = digits(), accept("}") else {
                    throw ExpressionError("malformed index: expected a_{i,j}")
                }
                pair = IndexPair(row: row, column: column)
            } else {
                // a_12 (two single digits) or a_10_2
                let start = position
                guard let first = digits() else { throw ExpressionError("malformed index after '_'") }
                if accept("_") {
                    guard let column = digits() else { throw ExpressionError("malformed index after '_'") }
                    pair = IndexPair(row: first, column: column)
                } else {
                    guard position - start == 2 else { throw ExpressionError("ambiguous index; write a_{i,j}") }
                    pair = IndexPair(row: first / 10, column: first % 10)
                }
            }
        } else {
            let start = position
            guard let first = digits() else { throw ExpressionError("variable without an index") }
            if flatIndices {
                let bound = letters == ["m"] ? limits.maxRank : limits.maxDimension * limits.maxDimension
                guard first >= 1, first <= bound else { throw ExpressionError("index \(first) outside 1...\(bound)") }
                var value = PartialProduct(scale: .one)
                value.forms[letter] = [IndexPair(row: first, column: 0): .one]
                return value
            }
            if accept("_") {
                guard let column = digits() else { throw ExpressionError("malformed index after '_'") }
                pair = IndexPair(row: first, column: column)
            } else {
                guard position - start == 2 else { throw ExpressionError("ambiguous index '\(String(chars[start..<position]))'; write a_{i,j}") }
                pair = IndexPair(row: first / 10, column: first % 10)
            }
        }
        guard pair.row >= 1, pair.column >= 1, pair.row <= limits.maxDimension, pair.column <= limits.maxDimension else {
            throw ExpressionError("index (\(pair.row),\(pair.column)) outside 1...\(limits.maxDimension)")
        }
        var value = PartialProduct(scale: .one)
        value.forms[letter] = [pair: .one]
        return value
    }
}
