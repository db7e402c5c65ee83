import ExactArithmetic
import SchemeModel

/// The JSON full-scheme format (used by Perminov's FastMatrixMultiplication and by our
/// catalogue): `{"n": [n, m, p], "m": R, "z2": bool, "u": [R rows of n·m], "v": [R rows of m·p],
/// "w": [R rows of p·n], "multiplications": [...], "elements": [...]}` with `w` indexing Cᵀ.
/// Entries are JSON integers or strings `"p/q"`.
public enum JSONSchemeFormat {
    /// Reads one scheme from a parsed document; `extra` fields are ignored. A coefficient with an
    /// imaginary part (`"1+i"`) is an error here: `gaussianScheme(from:)` reads those.
    public static func scheme(from document: JSONValue, limits: Limits = .standard) throws(FormatError) -> Scheme {
        let (real, imaginary) = try gaussianScheme(from: document, limits: limits)
        if imaginary != nil { throw FormatError("complex coefficients: the scheme is over Q(i), which only fmm check and the catalogue's ring QI take") }
        return real
    }

    /// Reads one scheme whose coefficients may be Gaussian rationals, written as strings
    /// `"a+bi"` (`GaussianRational(parsing:)`): the real parts, and the imaginary parts when
    /// some coefficient has one.
    public static func gaussianScheme(from document: JSONValue, limits: Limits = .standard) throws(FormatError) -> (real: Scheme, imaginary: Scheme?) {
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
        guard u.real.count == v.real.count, v.real.count == w.real.count else {
            throw FormatError("u, v, w have \(u.real.count), \(v.real.count), \(w.real.count) rows; they must have one row per product")
        }
        if let declared = document["m"] {
            guard case .number(let text) = declared, let rank = Int(text), rank == u.real.count else {
                throw FormatError("\"m\" does not equal the number of rows of u (\(u.real.count))")
            }
        }
        do { try limits.check(rank: u.real.count) } catch { throw FormatError.limit(error) }
        let real = Scheme(shape: shape, terms: (0..<u.real.count).map { Term(u: u.real[$0], v: v.real[$0], w: w.real[$0]) }, intendedRing: ring)
        guard u.imaginary != nil || v.imaginary != nil || w.imaginary != nil else { return (real, nil) }
        if ring == .gf2 { throw FormatError("complex coefficients in a scheme marked \"z2\"") }
        func parts(_ f: (real: [[Rational]], imaginary: [[Rational]]?), _ length: Int) -> [[Rational]] {
            f.imaginary ?? Array(repeating: Array(repeating: Rational.zero, count: length), count: f.real.count)
        }
        let (iu, iv, iw) = (parts(u, shape.uCount), parts(v, shape.vCount), parts(w, shape.wCount))
        return (real, Scheme(shape: shape, terms: (0..<iu.count).map { Term(u: iu[$0], v: iv[$0], w: iw[$0]) }))
    }

    /// The rows of factor `key`: real parts, and imaginary parts if any coefficient has one.
    private static func factor(_ document: JSONValue, _ key: String, length: Int, limits: Limits) throws(FormatError) -> (real: [[Rational]], imaginary: [[Rational]]?) {
        guard case .array(let rows)? = document[key] else { throw FormatError("missing array \"\(key)\"") }
        guard rows.count <= limits.maxRank else { throw FormatError("\"\(key)\" has \(rows.count) rows, above the rank limit \(limits.maxRank)") }
        var result: [[Rational]] = []
        var imaginaryRows: [[Rational]]?
        result.reserveCapacity(rows.count)
        for (r, row) in rows.enumerated() {
            guard case .array(let entries) = row, entries.count == length else {
                throw FormatError("\"\(key)\" row \(r + 1) must be an array of \(length) coefficients")
            }
            var coefficients: [Rational] = []
            coefficients.reserveCapacity(length)
            for (index, entry) in entries.enumerated() {
                let text: String
                switch entry {
                case .number(let t), .string(let t): text = t
                default: throw FormatError("\"\(key)\" row \(r + 1): coefficients must be numbers or \"p/q\" strings")
                }
                let parsed: Rational?
                do { parsed = try Coefficient.parse(Substring(text), limits: limits) } catch { throw FormatError.limit(error) }
                if let c = parsed {
                    coefficients.append(c)
                    continue
                }
                guard text.utf8.count <= 4 * limits.maxCoefficientDigits + 16, let gaussian = GaussianRational(parsing: text) else {
                    throw FormatError("\"\(key)\" row \(r + 1): '\(text)' is not a rational number")
                }
                coefficients.append(gaussian.real)
                if imaginaryRows == nil { imaginaryRows = Array(repeating: Array(repeating: .zero, count: length), count: rows.count) }
                imaginaryRows![r][index] = gaussian.imaginary
            }
            result.append(coefficients)
        }
        return (result, imaginaryRows)
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

    /// The document for a scheme over Q(i): as `document(_:)`, coefficients with an imaginary
    /// part written as strings `"a+bi"`, without the `multiplications` and `elements` lines.
    public static func document(_ scheme: GaussianScheme, extra: [(key: String, value: JSONValue)] = []) -> JSONValue {
        func rows(_ factor: Int) -> JSONValue {
            .array((0..<scheme.rank).map { r in
                let term = scheme.gaussianTerm(r)
                let coefficients = factor == 0 ? term.u : factor == 1 ? term.v : term.w
                return .array(coefficients.map { $0.isReal && $0.real.isInteger ? .number($0.description) : .string($0.description) })
            })
        }
        let members: [(key: String, value: JSONValue)] = [
            ("n", .array([scheme.shape.n, scheme.shape.m, scheme.shape.p].map { .number("\($0)") })),
            ("m", .number("\(scheme.rank)")),
            ("z2", .bool(false)),
            ("u", rows(0)), ("v", rows(1)), ("w", rows(2)),
        ]
        return .object(members + extra)
    }

    /// The file text for `scheme`.
    public static func write(_ scheme: Scheme) -> String {
        document(scheme).serialized() + "\n"
    }
}
