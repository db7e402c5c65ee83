import ExactArithmetic
import SchemeModel

/// flip-cpd's files (`data/schemes_paper`). The name gives the tensor: `gg-NMP-…` is the general
/// product ⟨N,M,P⟩; other prefixes (`gt` = A·Aᵀ, …) are structured products, other tensors than
/// ⟨n,m,p⟩, which fmm refuses. The `.txt` is the algorithm form with flat indices
/// (`AlgorithmFormat`); the `.npy` one flat int64 array of (numerator, denominator) pairs: the R
/// factors u (n·m entries each, A row-major), then the R v's (B row-major), then the R w's, which
/// index C row-major (not Cᵀ as the other formats).
public enum FlipCPDFormat {
    /// The flip-cpd tensor prefix of a file name (`gg`, `gt`, …) and the digits after it, if the
    /// name has that form (`gg-333-rank23-…`).
    static func nameParts(_ base: String) -> (prefix: String, digits: String)? {
        guard let match = base.firstMatch(of: /^([a-z]{2})-(\d{3})-rank\d+/) else { return nil }
        return (String(match.1), String(match.2))
    }

    /// The shape a flip-cpd name states (`gg-NMP`); throws for a structured product's name.
    static func shape(fromName base: String) throws(FormatError) -> Shape? {
        guard let (prefix, digits) = nameParts(base) else { return nil }
        guard prefix == "gg" else {
            let kinds = ["gt": "A·Aᵀ"]
            throw FormatError("\(prefix)-\(digits) is a structured product\(kinds[prefix].map { " (\($0))" } ?? "") in flip-cpd's naming, another tensor than the matrix product ⟨n,m,p⟩; fmm checks general products only (gg-…)")
        }
        let d = digits.compactMap(\.wholeNumberValue)
        return try? Shape.validated(d[0], d[1], d[2])
    }

    /// The scheme in a flip-cpd `.npy` array for `shape`.
    static func scheme(_ array: NumPyArray, shape: Shape, name: String, limits: Limits) throws(FormatError) -> Scheme {
        guard case .integers(let values) = array.elements, array.shape.filter({ $0 != 1 }).count <= 1 else {
            throw FormatError(.entry(name), "expected flip-cpd's flat integer array of (numerator, denominator) pairs, found \(array.shape)")
        }
        let sizes = [shape.n * shape.m, shape.m * shape.p, shape.n * shape.p]
        let perTerm = sizes.reduce(0, +)
        guard values.count % (2 * perTerm) == 0, values.count > 0 else {
            throw FormatError(.entry(name), "\(values.count) numbers are not (numerator, denominator) pairs of R × \(perTerm) entries for \(shape)")
        }
        let rank = values.count / (2 * perTerm)
        do { try limits.check(rank: rank) } catch { throw FormatError(.entry(name), error.description) }
        var entries: [Rational] = []
        entries.reserveCapacity(values.count / 2)
        for i in stride(from: 0, to: values.count, by: 2) {
            guard values[i + 1] != 0 else { throw FormatError(.entry(name), "zero denominator at entry \(i / 2)") }
            entries.append(Rational(values[i]) / Rational(values[i + 1]))
        }
        let (uStart, vStart, wStart) = (0, rank * sizes[0], rank * (sizes[0] + sizes[1]))
        let terms = (0..<rank).map { r in
            let rowMajorC = entries[(wStart + r * sizes[2])..<(wStart + (r + 1) * sizes[2])]
            // C[i][k] at i·p + k goes to Cᵀ's k·n + i.
            let w = (0..<sizes[2]).map { t in rowMajorC[rowMajorC.startIndex + (t % shape.n) * shape.p + t / shape.n] }
            return Term(u: Array(entries[(uStart + r * sizes[0])..<(uStart + (r + 1) * sizes[0])]),
                        v: Array(entries[(vStart + r * sizes[1])..<(vStart + (r + 1) * sizes[1])]), w: w)
        }
        return Scheme(shape: shape, terms: terms)
    }
}
