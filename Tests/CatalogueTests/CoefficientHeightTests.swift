import Catalogue
import Derivation
import ExactArithmetic
import Foundation
import SchemeModel
import TestSupport
import Testing

/// Of two entries of one shape with equal rank and ring, the store keeps the one with the
/// smaller coefficients (`Scheme.coefficientHeight`): a Hensel lift with smaller fractions
/// replaces one with larger ones, never the other way round.
@Suite struct CoefficientHeightTests {
    static let provenance = Provenance(method: "test", date: "2026-12-02T00:00:00Z", fmmVersion: "test")

    /// Strassen's scheme after the change of basis A → DA, C → DC with D = diag(1, k): row 2
    /// of every u scaled by k, column 2 of every w (which indexes Cᵀ) by 1/k. Still valid, a
    /// different scheme (A11 + A22 becomes A11 + k·A22, not a multiple of it), over Q for k > 1,
    /// of height k.
    static func strassen(scaledBy k: Int) -> Scheme {
        var scheme = Scheme.strassen
        for r in scheme.terms.indices {
            scheme.terms[r].u = scheme.terms[r].u.enumerated().map { $0.offset / 2 == 1 ? $0.element * Rational(k) : $0.element }
            scheme.terms[r].w = scheme.terms[r].w.enumerated().map { $0.offset % 2 == 1 ? $0.element / Rational(k) : $0.element }
        }
        return scheme
    }

    @Test func theHeightIsTheLargestNumeratorOrDenominator() {
        #expect(Scheme.strassen.coefficientHeight == 1)
        #expect(Self.strassen(scaledBy: 3).coefficientHeight == 3)
        var scheme = Scheme.strassen
        scheme.terms[1].u = scheme.terms[1].u.map { $0 * Rational(numerator: BigInt(5), denominator: BigInt(7))! }
        scheme.terms[1].w = scheme.terms[1].w.map { $0 * Rational(numerator: BigInt(7), denominator: BigInt(5))! }
        #expect(scheme.coefficientHeight == 7)
        scheme.terms[2].v = scheme.terms[2].v.map { $0 * Rational(BigInt("100000000000000000000")!) }
        #expect(scheme.coefficientHeight == .max)
    }

    @Test func aLiftWithSmallerFractionsReplacesOneOfEqualRankAndRing() throws {
        let store = Store(root: try FMMProcess.temporaryDirectory())
        guard case .added(let large) = try store.add(Self.strassen(scaledBy: 5), provenance: Self.provenance) else {
            Issue.record("the height-5 scheme was not added"); return
        }
        #expect(large.ring == .rationals)
        // Larger coefficients at the same rank and ring: not better.
        guard case .notBetter(7) = try store.add(Self.strassen(scaledBy: 9), provenance: Self.provenance) else {
            Issue.record("the height-9 scheme was not turned down"); return
        }
        // Smaller ones: stored, and the height-5 entry goes.
        guard case .added(let small) = try store.add(Self.strassen(scaledBy: 3), provenance: Self.provenance) else {
            Issue.record("the height-3 scheme was not added"); return
        }
        let paths = store.entries(of: Shape(2, 2, 2)).map(\.path)
        #expect(paths == [small.path])
        // A ZT entry of the same rank dominates every Q entry of it, whatever their heights.
        guard case .added(let ternary) = try store.add(Scheme.strassen, provenance: Self.provenance) else {
            Issue.record("Strassen's scheme was not added"); return
        }
        #expect(store.entries(of: Shape(2, 2, 2)).map(\.path) == [ternary.path])
        #expect(store.verify().isEmpty)
    }

    @Test func removingDominatedEntriesKeepsTheSmallestHeight() throws {
        let store = Store(root: try FMMProcess.temporaryDirectory())
        var kept: [Int: String] = [:]
        for k in [4, 2, 6] {
            guard case .added(let entry) = try store.add(Self.strassen(scaledBy: k), provenance: Self.provenance, keepAll: true) else {
                Issue.record("height \(k) was not added"); return
            }
            kept[k] = entry.path
        }
        let removed = try store.removeDominatedEntries()
        #expect(Set(removed) == [kept[4]!, kept[6]!])
        #expect(store.entries(of: Shape(2, 2, 2)).map(\.path) == [kept[2]!])
    }

    @Test func standingsOrderRankThenRingThenHeight() {
        func standing(_ rank: Int, _ ring: CoefficientRing, _ height: Int) -> EntryStanding { EntryStanding(rank: rank, ring: ring, height: height) }
        #expect(standing(7, .rationals, 9).dominates(standing(8, .rationals, 1)))
        #expect(standing(7, .ternary, 1).dominates(standing(7, .rationals, 1)))
        #expect(!standing(7, .rationals, 1).dominates(standing(7, .ternary, 1)))
        #expect(!standing(7, .rationals, 1).dominates(standing(6, .rationals, 99)))
        #expect(!standing(7, .rationals, 1).dominates(standing(8, .integers, 2)), "a Q entry does not replace a Z one of higher rank")
        #expect(standing(7, .integers, 2).dominates(standing(7, .integers, 3)))
        #expect(!standing(7, .integers, 3).dominates(standing(7, .integers, 2)))
        #expect(standing(7, .rationals, 50).dominates(standing(7, .gf2, 1)))
        #expect(!standing(6, .gf2, 1).dominates(standing(7, .rationals, 1)))
        #expect(standing(6, .gf2, 1).dominates(standing(7, .gf2, 1)))
    }
}
