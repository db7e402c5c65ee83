import ExactArithmetic
import Foundation
import SchemeFormats
import SchemeModel
import TestSupport
import Testing

@Suite struct RoundTripTests {
    static func sample() -> Scheme {
        var rng = SeededGenerator(seed: 11)
        return SchemeMutations.rescaled(Scheme.naive(Shape(2, 3, 4)), using: &rng)
    }

    @Test(arguments: [SchemeFormat.json, .productLines, .mathematica])
    func writeThenReadGivesTheSameScheme(_ format: SchemeFormat) throws {
        let scheme = Self.sample()
        let text = try #require(SchemeFile.text(scheme, format: format))
        #expect(SchemeFormat.detect(Array(text.utf8)) == format)
        let back = try SchemeFile.read(bytes: Array(text.utf8), name: "sample")
        #expect(back.count == 1)
        #expect(back[0].scheme == scheme)
    }

    @Test func wideShapesUseBracedIndices() throws {
        let scheme = Scheme.naive(Shape(10, 1, 2))
        let text = ProductLineFormat.write(scheme)
        #expect(text.contains("a_{10,1}"))
        #expect(try ProductLineFormat.read(text) == scheme)
    }

    @Test func jsonRecordsTheModTwoFlag() throws {
        var scheme = Scheme.naive(Shape(2, 2, 2))
        scheme.intendedRing = .gf2
        let back = try SchemeFile.read(bytes: Array(JSONSchemeFormat.write(scheme).utf8), name: "x.json")
        #expect(back[0].scheme.intendedRing == .gf2)
    }
}

@Suite struct ProductLineTests {
    @Test func readsConstantsNestingAndIndexForms() throws {
        let text = """
        1/2*((a11+a_{1,2}))*(b1_1)*(c_11)/1
        (2/3*a12 - a1_1)*(-(b11))*(c11)*3
        -(a11)*b_11*(c11+c11)/4
        """
        let scheme = try ProductLineFormat.read(text, shape: Shape(1, 2, 1))
        #expect(scheme.terms[0].u == [Rational("1/2")!, Rational("1/2")!])
        #expect(scheme.terms[1].u == [Rational(-3), Rational(2)])
        #expect(scheme.terms[1].v == [Rational(-1), .zero])
        #expect(scheme.terms[2].u == [Rational("-1/4")!, .zero])
        #expect(scheme.terms[2].w == [Rational(2)])
    }

    @Test(arguments: [
        ("(a11)*(b11)", "no factor in 'c'"),
        ("(a11*b11+a12*b21)*(c11)", "not a bilinear product"),
        ("(a11)*(a12)*(b11)*(c11)", "two factors in 'a'"),
        ("(a11)*(b11)*(c11", "unbalanced"),
        ("(a11)*(b11)*(c11)/(a11)", "non-constant"),
        ("(a11)*(b11)*(c11)/0", "division by zero"),
        ("(a123)*(b11)*(c11)", "ambiguous"),
        ("(x11)*(b11)*(c11)", "unexpected 'x'"),
    ])
    func rejectsNonBilinearOrMalformedLines(_ line: String, _ reason: String) {
        do {
            _ = try ProductLineFormat.read(line)
            Issue.record("accepted \(line)")
        } catch {
            #expect(error.description.contains(reason), "\(error.description)")
            #expect(error.description.contains(":1") || error.description.hasPrefix("1"), "\(error.description)")
        }
    }

    @Test func deepNestingIsRefused() {
        let line = String(repeating: "(", count: 500) + "a11" + String(repeating: ")", count: 500) + "*(b11)*(c11)"
        #expect(throws: FormatError.self) { try ProductLineFormat.read(line) }
    }
}

@Suite struct MalformedInputTests {
    static let inputs: [(String, String, String)] = [
        ("empty", "", "empty"),
        ("truncated-json", "{\"n\": [2,2,2], \"m\": 7, \"u\": [[1,0", "truncated"),
        ("non-numeric-json", "{\"n\": [2,2,2], \"m\": 1, \"u\": [[\"x\",0,0,0]], \"v\": [[1,0,0,0]], \"w\": [[1,0,0,0]]}", "not a rational"),
        ("wrong-length-json", "{\"n\": [2,2,2], \"m\": 1, \"u\": [[1,0,0]], \"v\": [[1,0,0,0]], \"w\": [[1,0,0,0]]}", "array of 4"),
        ("absurd-shape-json", "{\"n\": [1000,2,2], \"m\": 1, \"u\": [], \"v\": [], \"w\": []}", "dimension 1000"),
        ("huge-coefficient", "{\"n\": [1,1,1], \"m\": 1, \"u\": [[\"" + String(repeating: "9", count: 5000) + "\"]], \"v\": [[1]], \"w\": [[1]]}", "digits"),
        ("truncated-m", "{{{{1, 0}, {0, 1}}, {{1, 0}", "truncated"),
        ("ragged-m", "{{{{1, 0}, {0}}, {{1}}, {{1}}}}", "rows of different lengths"),
        ("mismatched-m", "{{{{1, 0}}, {{1, 0}}, {{1}}}}", "not n×m, m×p, p×n"),
        ("binary", "\u{01}\u{02}\u{00}\u{03}", "binary"),
        ("zip-garbage", "PK\u{03}\u{04}garbage", "zip"),
        ("npy-garbage", "\u{93}NUMPY\u{01}\u{00}\u{ff}\u{ff}", "npy"),
    ]

    @Test(arguments: inputs)
    func givesAOneLineReason(_ input: (String, String, String)) {
        let (name, text, reason) = input
        var bytes = Array(text.utf8)
        if name == "npy-garbage" { bytes = [0x93] + Array("NUMPY".utf8) + [1, 0, 0xff, 0xff] }
        do {
            _ = try SchemeFile.read(bytes: bytes, name: name)
            Issue.record("\(name) was accepted")
        } catch {
            #expect(error.description.lowercased().contains(reason.lowercased()), "\(name): \(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func truncatedArchiveIsRejected() throws {
        guard SharedData.available(for: "truncatedArchiveIsRejected"), let data = SharedData.directory else { return }
        let bytes = try [UInt8](Data(contentsOf: data.appendingPathComponent("alphatensor/factorizations_f2.npz")))
        for cut in [10, bytes.count / 3, bytes.count - 30] {
            #expect(throws: FormatError.self) { try SchemeFile.read(bytes: Array(bytes[..<cut]), name: "f2.npz") }
        }
    }
}

@Suite struct NpzWriterTests {
    @Test func squareNonSquareAndDyadicSchemesRoundTrip() throws {
        var halves = Scheme.naive(Shape(2, 2, 2))
        halves.terms[0].w = halves.terms[0].w.map { $0 / Rational(2) }
        halves.terms.append(halves.terms[0])
        let schemes = [Scheme.naive(Shape(3, 3, 3)), Scheme.naive(Shape(2, 3, 4)), halves]
        let bytes = try SchemeFile.contents([schemes[0], schemes[1]], format: .npz)
        let back = try SchemeFile.read(bytes: bytes, name: "out.npz")
        #expect(back.map(\.scheme) == [schemes[0], schemes[1]])
        #expect(back.map(\.entry) == ["3,3,3", "2,3,4"])
        let dyadic = try SchemeFile.read(bytes: try SchemeFile.contents([halves], format: .npz), name: "h.npz")
        #expect(dyadic[0].scheme == halves)
    }

    @Test func refusesCoefficientsWithoutAnExactFloat() {
        var thirds = Scheme.naive(Shape(2, 2, 2))
        thirds.terms[0].u = thirds.terms[0].u.map { $0 / Rational(3) }
        #expect(throws: AlphaTensorWriter.UnrepresentableError.self) { try AlphaTensorWriter.archive([thirds]) }
    }
}
