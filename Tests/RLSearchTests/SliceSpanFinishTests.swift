import Checker
import ExactArithmetic
import Foundation
import SchemeFormats
import SchemeModel
import TensorGame
import Testing
import TestSupport

@Suite struct SliceSpanFinishTests {
    /// A random non-zero vector with entries in {-1, 0, 1}.
    static func ternary(_ count: Int, _ rng: inout SeededGenerator) -> [Int32] {
        while true {
            let vector = (0..<count).map { _ in Int32(Int.random(in: -1...1, using: &rng)) }
            if vector.contains(where: { $0 != 0 }) { return vector }
        }
    }

    /// The sum of `terms` random ternary rank-one terms in a tensor shaped like ⟨2,3,3⟩'s
    /// (modes of dimension 6, 9, 6): its rank is at most `terms`, its flattening ranks at
    /// most 6, 9, 6.
    static func randomResidual(terms: Int, seed: UInt64) -> ResidualTensor {
        var rng = SeededGenerator(seed: seed)
        var residual = ResidualTensor(dA: 6, dB: 9, dC: 6)
        for _ in 0..<terms { residual.add(GameMove(u: ternary(6, &rng), v: ternary(9, &rng), w: ternary(6, &rng))) }
        return residual
    }

    /// The rank mod 2 of the mode-B flattening of a 6 × 9 × 6 tensor.
    static func flatteningRankModTwo(_ residual: ResidualTensor) -> Int {
        var rows: [UInt64] = []
        for b in 0..<9 {
            var row: UInt64 = 0
            for a in 0..<6 { for c in 0..<6 where residual[a, b, c] & 1 != 0 { row |= 1 << UInt64(a * 6 + c) } }
            for pivot in rows where row & (pivot & (~pivot &+ 1)) != 0 { row ^= pivot }
            if row != 0 {
                rows = rows.map { $0 & (row & (~row &+ 1)) != 0 ? $0 ^ row : $0 }
                rows.append(row)
            }
        }
        return rows.count
    }

    /// Rank r (9) and r + 1 (10) residuals whose flattening rank is 9 in one mode only: the
    /// Jennrich and extra-terms finishes cannot apply (they need two modes of dimension r), the
    /// GF(2) finish recovers a decomposition of at most the rank they were built with, checked
    /// exactly, whenever the flattening rank mod 2 is also 9 (random ternary terms often have a
    /// smaller one; then a rank-10 residual is beyond the finish), with at most one miss (a
    /// decomposition mod 2 that lifts to nothing). Entries that are even but not zero
    /// (overlapping terms) vanish mod 2 and must come back in the lift.
    @Test(arguments: [9, 10])
    func finishesResidualsOneAboveTheFlatteningRankInOneMode(_ rank: Int) {
        var eligible = 0, finished = 0, finishedWithEvenEntries = 0
        for seed in UInt64(1)...12 {
            let residual = Self.randomResidual(terms: rank, seed: seed)
            let ranks = residual.flatteningRanks
            guard ranks == [6, 9, 6] else { continue }
            #expect(TensorGame.lowRankFinish(residual, flatteningRanks: ranks, below: 100, extraTerms: 2) == nil)
            if Self.flatteningRankModTwo(residual) == 9 { eligible += 1 }
            guard let terms = TensorGame.lowRankFinish(residual, flatteningRanks: ranks, below: 100, extraTerms: 2, gf2: true) else { continue }
            #expect(terms.count <= rank && terms.count >= 9)
            #expect(LowRankFinish.sums(terms, to: residual))
            finished += 1
            if residual.entries.contains(where: { $0 != 0 && $0 % 2 == 0 }) { finishedWithEvenEntries += 1 }
        }
        #expect(eligible >= 3 && finished >= eligible - 1, "finished \(finished), \(eligible) with flattening rank 9 mod 2")
        #expect(finishedWithEvenEntries >= 1)
    }

    /// `below` bounds the length: a rank-10 residual has no finish below 10, and none below 11
    /// when it has rank 11 (two above the flattening rank, beyond this finish).
    @Test func respectsTheBoundAndTheReach() {
        for seed in UInt64(1)...6 {
            let ten = Self.randomResidual(terms: 10, seed: seed)
            #expect(SliceSpanFinish.decompose(ten, lowerBound: 9, below: 10) == nil)
            let eleven = Self.randomResidual(terms: 11, seed: seed)
            if let terms = SliceSpanFinish.decompose(eleven, lowerBound: 9, below: 100) {
                // Only when the eleven terms happen to have a shorter decomposition.
                #expect(terms.count <= 10 && LowRankFinish.sums(terms, to: eleven))
            }
        }
    }

    /// The game's own residuals: ⟨2,3,3⟩ (modes of dimension 6, 9, 6) less k terms of the
    /// catalogue's rank-15 scheme has rank 15 − k. The Jennrich and extra-terms finishes need two
    /// modes of dimension r, so they finish none of these before k = 7; the GF(2) finish takes
    /// most at k = 6 (rank 9, the flattening rank) and many at k = 5 (rank 10), none at k = 4.
    /// The scheme is only the grader here: nothing of it reaches a game.
    @Test(arguments: [(4, 0), (5, 6), (6, 14)])
    func finishesTheGamesResidualsFiveMovesIn(_ removed: Int, _ expected: Int) throws {
        let scheme = try Self.catalogueScheme()
        try #require(scheme.rank == 15 && scheme.terms.allSatisfy { ($0.u + $0.v + $0.w).allSatisfy(\.isInteger) })
        let shape = try Shape(parsing: "2x3x3")
        var rng = SeededGenerator(seed: 5)
        var finished = 0
        for _ in 0..<20 {
            var residual = ResidualTensor(matrixMultiplication: shape)
            for i in (0..<15).shuffled(using: &rng).prefix(removed) { residual.subtract(move(scheme.terms[i])) }
            let ranks = residual.flatteningRanks
            let below = 16 - removed
            #expect(TensorGame.lowRankFinish(residual, flatteningRanks: ranks, below: below, extraTerms: 2) == nil)
            guard let terms = TensorGame.lowRankFinish(residual, flatteningRanks: ranks, below: below, extraTerms: 2, gf2: true) else { continue }
            #expect(terms.count == 15 - removed && LowRankFinish.sums(terms, to: residual))
            finished += 1
        }
        #expect(finished >= expected, "finished \(finished) of 20")
        if expected == 0 { #expect(finished == 0) }
    }

    /// The catalogue's rank-15 ⟨2,3,3⟩ scheme as integer moves (the grader of these tests).
    static func catalogueScheme() throws -> Scheme {
        let url = SharedData.repositoryRoot.appendingPathComponent("catalogue/2x3x3")
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: url.path).first { $0.hasSuffix(".json") })
        return try #require(try SchemeFile.read(path: url.appendingPathComponent(file).path).first?.scheme)
    }

    /// A game with `gf2Finish` maps the lifted finish back into a valid scheme: after six
    /// right moves on ⟨2,3,3⟩ the game's scheme has rank 15 and passes the exact checker; the
    /// game without it completes the same moves to a longer scheme.
    @Test func aGameWithTheFinishYieldsAVerifiedScheme() throws {
        let scheme = try Self.catalogueScheme()
        let shape = try Shape(parsing: "2x3x3")
        var with = TensorGame(shape: shape, moveLimit: 18, gf2Finish: true)
        var without = TensorGame(shape: shape, moveLimit: 18)
        for term in scheme.terms.prefix(6) {
            with.play(move(term))
            without.play(move(term))
        }
        #expect(with.scheme.rank == 15)
        #expect(Checker().verify(with.scheme).valid)
        #expect(without.scheme.rank > 15 && Checker().verify(without.scheme).valid)
    }
}
