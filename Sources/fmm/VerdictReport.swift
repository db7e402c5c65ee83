import Checker
import SchemeFormats
import SchemeModel

/// Renders a `Verdict` for people (text) and machines (JSON).
enum VerdictReport {
    static func text(_ named: NamedScheme, _ verdict: Verdict) -> String {
        let head = "\(named.label): \(verdict.shape) rank \(verdict.rank)"
        let rings = verdict.rings.map(\.rawValue).joined(separator: ", ")
        if verdict.valid {
            return "\(head): valid over \(rings) [\(verdict.primary.proof)]"
        }
        var lines = ["\(head): INVALID over \(verdict.ring.rawValue)" + (rings.isEmpty ? "" : " (holds over \(rings) only)")]
        let check = verdict.primary
        if let obstruction = check.obstruction {
            lines.append("  \(obstruction)")
        } else {
            lines.append("  \(check.wrongCount) wrong Brent equation\(check.wrongCount == 1 ? "" : "s") [\(check.proof)]")
            lines += check.firstWrong.map { "  \($0.description(in: verdict.shape))" }
            if check.wrongCount > check.firstWrong.count { lines.append("  ...") }
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ named: NamedScheme, _ verdict: Verdict) -> JSONValue {
        let check = verdict.primary
        return .object([
            ("file", .string(named.file)),
            ("entry", named.entry.map { .string($0) } ?? .null),
            ("shape", .array([verdict.shape.n, verdict.shape.m, verdict.shape.p].map { .number("\($0)") })),
            ("rank", .number("\(verdict.rank)")),
            ("ring", .string(verdict.ring.rawValue)),
            ("valid", .bool(verdict.valid)),
            ("rings", .array(verdict.rings.map { .string($0.rawValue) })),
            ("errors", .number("\(check.wrongCount)")),
            ("wrong", .array(check.firstWrong.map { w in
                .object([("equation", .string(w.equation.name(in: verdict.shape))),
                         ("expected", .number("\(w.expected)")),
                         ("got", .string(w.actual.description))])
            })),
            ("obstruction", check.obstruction.map { .string($0) } ?? .null),
            ("proof", .string(check.proof.description)),
        ])
    }

    /// A scheme over Q(i): valid over Q(i) (and whether over Q as well), or the wrong equations
    /// of its real or its imaginary part.
    static func text(_ named: NamedScheme, _ verdict: GaussianVerdict) -> String {
        let head = "\(named.label): \(verdict.shape) rank \(verdict.rank)"
        if verdict.valid {
            return "\(head): valid over Q(i)\(verdict.isReal ? ", Q" : ", not over Q (complex coefficients)") [\(verdict.realPart.proof); imaginary part: \(verdict.imaginaryPart!.proof)]"
        }
        let (part, check) = verdict.realPart.holds ? ("imaginary", verdict.imaginaryPart!) : ("real", verdict.realPart)
        var lines = ["\(head): INVALID over Q(i)", "  \(check.wrongCount) wrong Brent equation\(check.wrongCount == 1 ? "" : "s") in the \(part) part [\(check.proof)]"]
        lines += check.firstWrong.map { "  \(part == "real" ? "Re" : "Im") \($0.description(in: verdict.shape))" }
        if check.wrongCount > check.firstWrong.count { lines.append("  ...") }
        return lines.joined(separator: "\n")
    }

    static func json(_ named: NamedScheme, _ verdict: GaussianVerdict) -> JSONValue {
        let check = verdict.realPart.holds ? verdict.imaginaryPart! : verdict.realPart
        return .object([
            ("file", .string(named.file)),
            ("entry", named.entry.map { .string($0) } ?? .null),
            ("shape", .array([verdict.shape.n, verdict.shape.m, verdict.shape.p].map { .number("\($0)") })),
            ("rank", .number("\(verdict.rank)")),
            ("ring", .string("Q(i)")),
            ("valid", .bool(verdict.valid)),
            ("rings", .array((verdict.valid ? ["Q(i)"] + (verdict.isReal ? ["Q"] : []) : []).map { .string($0) })),
            ("errors", .number("\(check.wrongCount)")),
            ("wrong", .array(check.firstWrong.map { w in
                .object([("part", .string(verdict.realPart.holds ? "imaginary" : "real")),
                         ("equation", .string(w.equation.name(in: verdict.shape))),
                         ("expected", .number("\(w.expected)")),
                         ("got", .string(w.actual.description))])
            })),
            ("proof", .string(check.proof.description)),
        ])
    }
}
