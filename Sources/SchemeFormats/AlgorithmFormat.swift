import ExactArithmetic
import SchemeModel

/// The algorithm form: the products as `m1 = (a11 + a22) * (b11 + b22)` and the entries of C as
/// `c11 = m1 + m4 - m5 + m7` (the JSON format's `multiplications` and `elements`, `fmm show`'s
/// output, and flip-cpd's `.txt` files). `c12` is C[1][2]. Indices are pairs (`a12`,
/// `a_{10,2}`) or, as flip-cpd writes them, one 1-based number per entry in row-major order
/// (`a5`, `c1`): a file whose plain indices are not all two non-zero digits is read that way.
/// Factors and coefficients may stand side by side (`(a1 - a4)(b1 + b4)`, `2b4`). Lines before
/// the first `m` line that define nothing (headers such as `fmm show`'s) are skipped; after it,
/// every line must define an `m` or a `c`.
public enum AlgorithmFormat {
    /// Whether `text` looks like the algorithm form: some line starts with `m<digits> =`.
    public static func recognises(_ text: String) -> Bool {
        text.split(whereSeparator: \.isNewline).contains { $0.trimmingCharacters().firstMatch(of: /^m\s*_?\d+\s*=/) != nil }
    }

    public static func read(_ text: String, shape hint: Shape? = nil, limits: Limits = .standard) throws(FormatError) -> Scheme {
        // Flat or pair indices, judged on the definitions only (a header may hold any text).
        let definitions = text.split(separator: "\n").filter { line in
            let t = line.trimmingCharacters()
            return t.firstMatch(of: /^[mc][\s_{\d]/) != nil && t.contains("=")
        }
        let flat = usesFlatIndices(definitions.joined(separator: "\n"))
        var products: [Int: (line: Int, factors: [[IndexPair: Rational]])] = [:]
        var entries: [(line: Int, entry: IndexPair, sum: [IndexPair: Rational])] = []
        var headerShape: Shape?
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let content = line.trimmingCharacters()
            if content.isEmpty || content.hasPrefix("#") || content.hasPrefix("//") { continue }
            guard let equals = content.firstIndex(of: "="), let name = content[..<equals].trimmingCharacters().first, ["m", "c"].contains(name) else {
                if products.isEmpty {
                    if headerShape == nil, let match = content.firstMatch(of: /⟨(\d+),(\d+),(\d+)⟩/), let n = Int(match.1), let m = Int(match.2), let p = Int(match.3) {
                        headerShape = try? Shape.validated(n, m, p, limits: limits)
                    }
                    continue
                }
                throw FormatError(.line(lineNumber), "expected 'mK = (…)(…)' or 'cIJ = …'")
            }
            let lhs = content[..<equals].trimmingCharacters(), rhs = content[content.index(after: equals)...]
            do throws(ExpressionError) {
                if name == "m" {
                    guard let r = Int(lhs.dropFirst().filter { $0 != "_" }), r >= 1, r <= limits.maxRank else {
                        throw ExpressionError("'\(lhs)' is not a product name m1, m2, …")
                    }
                    guard products[r] == nil else { throw ExpressionError("\(lhs) is defined twice") }
                    var parser = try ExpressionParser(rhs, letters: ["a", "b"], flatIndices: flat, limits: limits)
                    products[r] = (lineNumber, try parser.product())
                } else {
                    var left = try ExpressionParser(lhs, letters: ["c"], flatIndices: flat, limits: limits)
                    let target = try left.product()[0]
                    guard target.count == 1, let entry = target.first, entry.value == .one else { throw ExpressionError("'\(lhs)' is not an entry of C") }
                    var parser = try ExpressionParser(rhs, letters: ["m"], flatIndices: true, limits: limits)
                    let trimmed = rhs.trimmingCharacters()
                    entries.append((lineNumber, entry.key, trimmed == "0" ? [:] : try parser.product()[0]))
                }
            } catch {
                throw FormatError(.line(lineNumber), error.description)
            }
        }
        guard !products.isEmpty else { throw FormatError("no products 'mK = …' found") }
        guard !entries.isEmpty else { throw FormatError("no entries 'cIJ = …' of C found") }
        let rank = products.keys.max()!
        if let missing = (1...rank).first(where: { products[$0] == nil }) { throw FormatError("m\(missing) is used in the numbering but not defined") }
        let shape = try resolveShape(hint ?? headerShape, flat: flat, products: products.values.map(\.factors), entries: entries.map(\.entry), limits: limits)
        for (r, product) in products {
            for (f, (rows, columns)) in [(shape.n, shape.m), (shape.m, shape.p)].enumerated() {
                for pair in product.factors[f].keys where flat ? pair.row > rows * columns : (pair.row > rows || pair.column > columns) {
                    throw FormatError(.line(product.line), "m\(r): \(["a", "b"][f]) index outside the \(rows)×\(columns) matrix of \(shape)")
                }
            }
        }
        var terms = (1...rank).map { r in
            Term(u: vector(products[r]!.factors[0], rows: shape.n, columns: shape.m, flat: flat),
                 v: vector(products[r]!.factors[1], rows: shape.m, columns: shape.p, flat: flat),
                 w: [Rational](repeating: .zero, count: shape.p * shape.n))
        }
        for (line, entry, sum) in entries {
            let (i, k) = flat ? ((entry.row - 1) / shape.p, (entry.row - 1) % shape.p) : (entry.row - 1, entry.column - 1)
            guard i >= 0, i < shape.n, k >= 0, k < shape.p else { throw FormatError(.line(line), "the entry is outside C of shape \(shape.n)×\(shape.p)") }
            for (product, c) in sum {
                guard product.row >= 1, product.row <= rank else { throw FormatError(.line(line), "m\(product.row) is not defined") }
                terms[product.row - 1].w[k * shape.n + i] += c
            }
        }
        return Scheme(shape: shape, terms: terms)
    }

    /// The products and the entries of C, one per line (see `VariableNames`).
    public static func write(_ scheme: Scheme) -> String {
        let names = VariableNames(scheme.shape)
        return (scheme.terms.enumerated().map { names.multiplication($0, $1) } + [""] + names.elements(scheme)).joined(separator: "\n") + "\n"
    }

    /// Flat indices when some plain index (`a5`, `b12`, `c10` with no `_`) is not two non-zero digits.
    static func usesFlatIndices(_ text: String) -> Bool {
        let chars = Array(text.unicodeScalars)
        var i = 0
        while i < chars.count {
            defer { i += 1 }
            guard "abc".unicodeScalars.contains(chars[i]), i == 0 || !(chars[i - 1].properties.isAlphabetic || ("0"..."9").contains(chars[i - 1]) || chars[i - 1] == "_") else { continue }
            var j = i + 1
            while j < chars.count, ("0"..."9").contains(chars[j]) { j += 1 }
            let digits = chars[(i + 1)..<j]
            if digits.isEmpty || (j < chars.count && chars[j] == "_") { continue }
            if digits.count != 2 || digits.contains("0") { return true }
        }
        return false
    }

    static func vector(_ form: [IndexPair: Rational], rows: Int, columns: Int, flat: Bool) -> [Rational] {
        var vector = [Rational](repeating: .zero, count: rows * columns)
        for (pair, c) in form { vector[flat ? pair.row - 1 : (pair.row - 1) * columns + pair.column - 1] += c }
        return vector
    }

    /// The shape from the hint, else from the indices: pairs give the dimensions directly; flat
    /// indices give n·m, m·p and n·p (the largest a, b and c used), hence n² = (n·m)(n·p)/(m·p).
    static func resolveShape(_ hint: Shape?, flat: Bool, products: [[[IndexPair: Rational]]], entries: [IndexPair], limits: Limits) throws(FormatError) -> Shape {
        if let hint { return hint }
        if flat {
            let nm = products.flatMap { $0[0].keys.map(\.row) }.max() ?? 0
            let mp = products.flatMap { $0[1].keys.map(\.row) }.max() ?? 0
            let np = entries.map(\.row).max() ?? 0
            let nSquared = nm * np / max(mp, 1)
            let n = Int(Double(nSquared).squareRoot().rounded())
            guard n >= 1, n * n * mp == nm * np, nm % n == 0, np % n == 0 else {
                throw FormatError("cannot infer the shape from the flat indices (largest a\(nm), b\(mp), c\(np)); name the file like gg-NMP-… or NxMxP")
            }
            do { return try Shape.validated(n, nm / n, np / n, limits: limits) } catch { throw FormatError(error.description) }
        }
        let n = max(products.flatMap { $0[0].keys.map(\.row) }.max() ?? 0, entries.map(\.row).max() ?? 0)
        let m = max(products.flatMap { $0[0].keys.map(\.column) }.max() ?? 0, products.flatMap { $0[1].keys.map(\.row) }.max() ?? 0)
        let p = max(products.flatMap { $0[1].keys.map(\.column) }.max() ?? 0, entries.map(\.column).max() ?? 0)
        do { return try Shape.validated(n, m, p, limits: limits) } catch { throw FormatError("cannot infer the shape from the indices used: \(error.description)") }
    }
}
