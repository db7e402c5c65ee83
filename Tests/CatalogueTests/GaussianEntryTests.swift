import Catalogue
import Checker
import ExactArithmetic
import Foundation
import SchemeFormats
import SchemeModel
import TestSupport
import Testing

/// Entries over Q(i) (ring QI): stored with certificates of both parts, read back, verified,
/// dominated by schemes over Q of equal rank, and refused where a scheme over Q is needed.
@Suite struct GaussianEntryTests {
    /// Strassen with term r scaled as ((1 + i)·u, (1 − i)/2·v, w): valid over Q(i) only.
    static var complexStrassen: GaussianScheme {
        let half = Rational(1) / Rational(2)
        var real = Scheme.strassen
        var imaginary = Scheme(shape: real.shape, terms: real.terms.map { t in
            Term(u: t.u.map { _ in .zero }, v: t.v.map { _ in .zero }, w: t.w.map { _ in .zero })
        })
        for r in 0..<7 {
            let (u, v) = (Scheme.strassen.terms[r].u, Scheme.strassen.terms[r].v)
            real.terms[r].v = v.map { $0 * half }
            imaginary.terms[r].u = u
            imaginary.terms[r].v = v.map { -$0 * half }
        }
        return GaussianScheme(real: real, imaginary: imaginary)
    }

    static let provenance = Provenance(method: "test", date: "2026-11-30T00:00:00Z", fmmVersion: "test")

    static func emptyStore() throws -> Store { Store(root: try FMMProcess.temporaryDirectory()) }

    @Test func aSchemeOverQIIsStoredWithItsCertificateAndReadBack() throws {
        let store = try Self.emptyStore()
        guard case .added(let entry) = try store.add(Self.complexStrassen, provenance: Self.provenance) else {
            Issue.record("the scheme over Q(i) was not added")
            return
        }
        #expect(entry.ring == .gaussian && entry.path.hasPrefix("catalogue/2x2x2/QI-r7-"))
        #expect(store.verify().isEmpty)
        let stored = try #require(store.entries(of: Shape(2, 2, 2)).first)
        #expect(stored.gaussian == Self.complexStrassen && stored.hash == Self.complexStrassen.contentHash)
        // The certificate proves both parts.
        let certificate = try JSONValue.parse([UInt8](Data(contentsOf: store.root.appendingPathComponent(Store.certificatePath(for: entry.path)))))
        guard case .array(let checks)? = certificate["verified"] else { Issue.record("no checks"); return }
        #expect(checks.compactMap { if case .string(let part)? = $0["part"] { part } else { nil } } == ["real", "imaginary"])
        #expect(certificate["ring"] == .string("QI"))
        // The same scheme again is a duplicate; it is also not an entry over Q.
        guard case .duplicate = try store.add(Self.complexStrassen, provenance: Self.provenance) else { Issue.record("expected a duplicate"); return }
        let ranks = ShapeRanks(shape: Shape(2, 2, 2), entries: store.entries(of: Shape(2, 2, 2)), derived: 8, recipe: "naive", known: nil)
        #expect(ranks.catalogue == nil && ranks.gaussian?.path == entry.path && ranks.catalogueText == "QI 7")
        #expect(CatalogueEntry.best(of: store.entries(of: Shape(2, 2, 2))) == nil)
    }

    /// A scheme over Q of equal rank replaces the QI entry, and then dominates it.
    @Test func aSchemeOverQOfEqualRankDominates() throws {
        let store = try Self.emptyStore()
        _ = try store.add(Self.complexStrassen, provenance: Self.provenance)
        guard case .added = try store.add(Scheme.strassen, provenance: Self.provenance) else { Issue.record("Strassen was not added"); return }
        #expect(store.entries(of: Shape(2, 2, 2)).map(\.ring) == [.ternary])
        guard case .notBetter(7) = try store.add(Self.complexStrassen, provenance: Self.provenance) else { Issue.record("expected notBetter(7)"); return }
        // With keepAll both stay.
        guard case .added = try store.add(Self.complexStrassen, provenance: Self.provenance, keepAll: true) else { Issue.record("expected added"); return }
        #expect(Set(store.entries(of: Shape(2, 2, 2)).map(\.ring)) == [.ternary, .gaussian])
    }

    /// A wrong imaginary part is rejected; a scheme whose imaginary parts vanish is stored over Q.
    @Test func wrongAndRealSchemesOverQI() throws {
        let store = try Self.emptyStore()
        var imaginary = Self.complexStrassen.imaginary
        imaginary.terms[2].w[0] = Rational(1)
        guard case .rejectedOverQI(let verdict) = try store.add(GaussianScheme(real: Self.complexStrassen.real, imaginary: imaginary), provenance: Self.provenance) else {
            Issue.record("a wrong scheme over Q(i) was not rejected")
            return
        }
        #expect(!verdict.valid)
        #expect(store.entries(of: Shape(2, 2, 2)).isEmpty)
        let real = GaussianScheme(real: Scheme.strassen, imaginary: Scheme(shape: Scheme.strassen.shape, terms: Scheme.strassen.terms.map { t in
            Term(u: t.u.map { _ in .zero }, v: t.v.map { _ in .zero }, w: t.w.map { _ in .zero })
        }))
        guard case .added(let entry) = try store.add(real, provenance: Self.provenance) else { Issue.record("not added"); return }
        #expect(entry.ring == .ternary)
    }

    /// A coefficient changed in a stored QI entry (its hash updated to match) fails `verify`,
    /// which names the part and an equation.
    @Test func verifyFindsAWrongCoefficientInAQIEntry() throws {
        let store = try Self.emptyStore()
        guard case .added(let entry) = try store.add(Self.complexStrassen, provenance: Self.provenance) else { Issue.record("not added"); return }
        var imaginary = Self.complexStrassen.imaginary
        imaginary.terms[0].u[0] = Rational(2)
        let corrupted = GaussianScheme(real: Self.complexStrassen.real, imaginary: imaginary)
        let document = JSONSchemeFormat.document(corrupted, extra: [("ring", .string("QI")), ("hash", .string(corrupted.contentHash)),
                                                                   ("provenance", .object([("method", .string("test")), ("date", .string("d")), ("fmm_version", .string("t"))]))])
        try Data(document.serialized().utf8).write(to: store.root.appendingPathComponent(entry.path))
        // The certificate is made to name the new hash, so only the check itself can object.
        let certificateURL = store.root.appendingPathComponent(Store.certificatePath(for: entry.path))
        let certificate = try String(contentsOf: certificateURL, encoding: .utf8).replacingOccurrences(of: entry.hash, with: corrupted.contentHash)
        try Data(certificate.utf8).write(to: certificateURL)
        let problems = store.verify()
        #expect(problems.count == 1)
        #expect(problems.first?.reason.contains("not valid over QI") == true && problems.first?.reason.contains("real part: a11·b11·c11") == true, "\(problems)")
    }

    /// The JSON form of a scheme over Q(i) reads back identically; readers that need a scheme
    /// over Q refuse it with a clear message.
    @Test func complexJSONRoundTripsAndIsRefusedWhereQIsNeeded() throws {
        let text = JSONSchemeFormat.document(Self.complexStrassen).serialized()
        #expect(text.contains("\"1/2-1/2i\"") || text.contains("\"-1/2-1/2i\"") || text.contains("i\""))
        let document = try JSONValue.parse(Array(text.utf8))
        let (real, imaginary) = try JSONSchemeFormat.gaussianScheme(from: document)
        #expect(real == Self.complexStrassen.real && imaginary == Self.complexStrassen.imaginary)
        #expect(throws: FormatError.self) { try JSONSchemeFormat.scheme(from: document) }
        do {
            _ = try SchemeFile.read(bytes: Array(text.utf8), name: "complex.json")
            Issue.record("read a complex scheme without allowingComplex")
        } catch {
            #expect(error.description.contains("complex coefficients"))
        }
        let named = try SchemeFile.read(bytes: Array(text.utf8), name: "complex.json", allowingComplex: true)
        #expect(named.first?.gaussian == Self.complexStrassen)
    }
}
