import ExactArithmetic
import SchemeModel

/// The JSON full-scheme format (used by Perminov's FastMatrixMultiplication and by our
/// catalogue): `{"n": [n, m, p], "m": R, "z2": bool, "u": [R rows of n·m], "v": [R rows of m·p],
/// "w": [R rows of p·n], "multiplications": [...], "elements": [...]}` with `w` indexing Cᵀ.
/// Entries are JSON integers or strings `"p/q"`.
public enum JSONSchemeFormat {
    /// Reads one scheme from a parsed document; `extra` fields are ignored.
    public static func scheme(from document: JSONValue, limits: Limits = .standard) throws(FormatError) -> Scheme {
        guard case .object = document else { throw FormatError("expected a JSON object with keys n, m, u, v, w") }
        guard case .array(let dims)? = document["n"], dims.count == 3 else {
            throw FormatError("\"n\" must be an array [n, m, p]")
        }
        var d: [Int] = []
        for value in dims {
            guard case .number(let text) = value, let x = Int(text) else { throw FormatError("\"n\" must hold three integers") }
            d.append(x)
        }
        let shape: Shape
        do { shape = try Shape.validated(d[0], d[1], d[2], limits: limits) } catch { throw FormatError.limit(error) }
        var ring = IntendedRing.rationals
        if let z2 = document["z2"] {
            guard case .bool(let flag) = z2 else { throw FormatError("\"z2\" must be true or false") }
            ring = flag ? .gf2 : .rationals
        }
        let u = try factor(document, "u", length: shape.uCount, limits: limits)
        let v = try factor(document, "v", length: shape.vCount, limits: limits)
        let w = try factor(document, "w", length: shape.wCount, limits: limits)
        guard u.count == v.count, v.count == w.count else {
            throw FormatError("u, v, w have \(u.count), \(v.count), \(w.count) rows; they must have one row per product")
        }
        if let declared = document["m"] {
            guard case .number(let text) = declared, let rank = Int(text), rank == u.count else {
                throw FormatError("\"m\" does not equal the number of rows of u (\(u.count))")
            }
        }
        do { try limits.check(rank: u.count) } catch { throw FormatError.limit(error) }
        let terms = (0..<u.count).map { Term(u: u[$0], v: v[$0], w: w[$0]) }
        return Scheme(shape: shape, terms: terms, intendedRing: ring)
    }

    private static func factor(_ document: JSONValue, _ key: String, length: Int, limits: Limits) throws(FormatError) -> [[Rational]] {
        guard case .array(let rows)? = document[key] else { throw FormatError("missing array \"\(key)\"") }
        guard rows.count <= limits.maxRank else { throw FormatError("\"\(key)\" has \(rows.count) rows, above the rank limit \(limits.maxRank)") }
        var result: [[Rational]] = []
        result.reserveCapacity(rows.count)
        for (r, row) in rows.enumerated() {
            guard case .array(let entries) = row, entries.count == length else {
                throw FormatError("\"\(key)\" row \(r + 1) must be an array of \(length) coefficients")
            }
            var coefficients: [Rational] = []
            coefficients.reserveCapacity(length)
            for entry in entries {
                let text: String
                switch entry {
                case .number(let t), .string(let t): text = t
                default: throw FormatError("\"\(key)\" row \(r + 1): coefficients must be numbers or \"p/q\" strings")
                }
                let parsed: Rational?
                do { parsed = try Coefficient.parse(Substring(text), limits: limits) } catch { throw FormatError.limit(error) }
                guard let c = parsed else { throw FormatError("\"\(key)\" row \(r + 1): '\(text)' is not a rational number") }
                coefficients.append(c)
            }
            result.append(coefficients)
        }
        return result
    }

    /// The document for `scheme`, with `extra` members appended after the standard ones.
    public static func document(_ scheme: Scheme, extra: [(key: String, value: JSONValue)] = []) -> JSONValue {
        let names = VariableNames(scheme.shape)
        func rows(_ pick: (Term) -> [Rational]) -> JSONValue {
            .array(scheme.terms.map { term in
                .array(pick(term).map { $0.isInteger ? .number($0.description) : .string($0.description) })
            })
        }
        var members: [(key: String, value: JSONValue)] = [
            ("n", .array([scheme.shape.n, scheme.shape.m, scheme.shape.p].map { .number("\($0)") })),
            ("m", .number("\(scheme.rank)")),
            ("z2", .bool(scheme.intendedRing == .gf2)),
            ("multiplications", .array(scheme.terms.enumerated().map { .string(names.multiplication($0, $1)) })),
            ("elements", .array(names.elements(scheme).map { .string($0) })),
            ("u", rows(\.u)), ("v", rows(\.v)), ("w", rows(\.w)),
        ]
        members.append(contentsOf: extra)
        return .object(members)
    }

    /// The file text for `scheme`.
    public static func write(_ scheme: Scheme) -> String {
        document(scheme).serialized() + "\n"
    }
}
