import ExactArithmetic
import Checker
import FlipGraph
import Foundation
import SchemeFormats
import SchemeModel
import TestSupport
import Testing

@Suite struct FlipWalkTests {
    @Test(arguments: [Shape(2, 2, 2), Shape(3, 3, 3), Shape(2, 3, 4), Shape(4, 4, 4)])
    func flipsKeepSchemesValid(_ shape: Shape) {
        var walk = FlipWalk(GF2Scheme.naive(shape), seed: 7)
        for round in 0..<20 {
            for _ in 0..<2_000 { walk.flip() }
            if round % 5 == 4 { walk.plusTransition() }
            #expect(walk.scheme.isValid)
        }
        // Exactly, with the independent checker.
        #expect(Checker().verify(walk.scheme.scheme).valid)
        #expect(walk.flips > 0)
    }

    @Test func reductionsLowerTheRank() {
        var walk = FlipWalk(GF2Scheme.naive(Shape(3, 3, 3)), seed: 3)
        for _ in 0..<200_000 { walk.flip() }
        #expect(walk.rank < 27)
        #expect(walk.reductions > 0)
        #expect(walk.scheme.isValid)
    }

    /// Three terms share a factor and their second factors are dependent (x₃ = x₁ + x₂), yet no
    /// two of them share two factors: only the general reduction removes one.
    @Test func dependentFactorsAmongTermsSharingOneAreReduced() {
        let naive = GF2Scheme.naive(Shape(2, 2, 2))
        // Two naive terms sharing their A factor: a⊗x₁⊗w₁ + a⊗x₂⊗w₂.
        let (i, j) = (0..<naive.rank).flatMap { i in (0..<naive.rank).map { (i, $0) } }.first { $0 < $1 && naive.u[$0] == naive.u[$1] }!
        let (a, x1, x2, w1, w2) = (naive.u[i], naive.v[i], naive.v[j], naive.w[i], naive.w[j])
        // Rewritten as a⊗x₁⊗(w₁+y) + a⊗x₂⊗(w₂+y) + a⊗(x₁+x₂)⊗y, with y no third factor in use.
        let y = (0..<4).map { UInt64(1) << UInt64($0) }.first { ![w1, w2].contains($0) && ![w1, w2].contains($0 ^ w1) && ![w1, w2].contains($0 ^ w2) }!
        let kept = (0..<naive.rank).filter { $0 != i && $0 != j }
        let split = GF2Scheme(shape: naive.shape, u: kept.map { naive.u[$0] } + [a, a, a], v: kept.map { naive.v[$0] } + [x1, x2, x1 ^ x2],
                              w: kept.map { naive.w[$0] } + [w1 ^ y, w2 ^ y, y])
        #expect(split.isValid)
        #expect(split.rank == 9)
        let walk = FlipWalk(split, seed: 1)
        #expect(walk.rank == 8)
        #expect(walk.reductions == 1)
        #expect(walk.scheme.isValid)
    }

    @Test func plusTransitionRaisesTheRankByOne() {
        var walk = FlipWalk(GF2Scheme.naive(Shape(2, 2, 2)), seed: 5)
        for _ in 0..<100 { walk.flip() }
        let before = walk.rank
        var done = false
        for _ in 0..<10 where !done { done = walk.plusTransition() }
        #expect(walk.rank == before + 1)
        #expect(walk.scheme.isValid)
    }

    @Test func sameSeedSameWalk() {
        var a = FlipSearch<FlipWalk>(start: GF2Scheme.naive(Shape(3, 3, 3)), parameters: .init(maxFlips: 100_000, seed: 11))
        var b = FlipSearch<FlipWalk>(start: GF2Scheme.naive(Shape(3, 3, 3)), parameters: .init(maxFlips: 100_000, seed: 11))
        while !a.finished { _ = a.run(attempts: 10_000) }
        while !b.finished { _ = b.run(attempts: 10_000) }
        #expect(a.best == b.best)
    }
}

@Suite struct FlipAcceptanceTests {
    /// The table holds log p(d) for d = −reach...reach; the sparsity bias is e^(−βd) for d > 0
    /// and 1 otherwise, and changes beyond the reach take the end values.
    @Test func theTableClampsAndHoldsTheSparsityBias() {
        let bias = FlipAcceptance.sparsityBias(0.3)
        #expect(abs(bias.probability(2) - exp(-0.6)) < 1e-12)
        #expect(bias.probability(0) == 1 && bias.probability(-5) == 1)
        #expect(abs(bias.probability(100) - exp(-0.3 * Double(FlipAcceptance.reach))) < 1e-12)
        #expect(FlipAcceptance.uniform.isUniform && !bias.isUniform && FlipAcceptance.sparsityBias(0).isUniform)
    }

    /// A table that refuses flips lowering the factors' weight (p = e^−60 for d < 0) is obeyed:
    /// no flip that leaves the rank alone lowers the scheme's total weight, where the uniform
    /// walk from the same start and seed makes many that do.
    @Test func aTableRefusingWeightLossIsObeyed() {
        func weightLoweringFlips(_ acceptance: FlipAcceptance) -> Int {
            var walk = FlipWalk(GF2Scheme.naive(Shape(3, 3, 4)), seed: 5)
            walk.acceptance = acceptance
            func weight() -> Int { let s = walk.scheme; return (s.u + s.v + s.w).reduce(0) { $0 + $1.nonzeroBitCount } }
            var lowering = 0
            for step in 0..<20_000 {
                let (rank, before) = (walk.rank, weight())
                walk.flip()
                if walk.rank == rank && weight() < before { lowering += 1 }
                if step % 2_000 == 1_999 { walk.plusTransition() }
            }
            #expect(Checker().verify(walk.scheme.scheme).valid)
            return lowering
        }
        let refusing = FlipAcceptance(logProbabilities: (-FlipAcceptance.reach...FlipAcceptance.reach).map { $0 < 0 ? -60 : 0 })
        #expect(weightLoweringFlips(refusing) == 0)
        #expect(weightLoweringFlips(.uniform) > 1_000)
    }
}

@Suite struct SparsityBiasTests {
    /// Every flip of the naive scheme adds two non-zero entries (b → b + b', c' → c' + c), so a
    /// walk whose bias refuses every weight-raising flip (e^(−100·2) is 0 in the table) makes
    /// none, where the uniform walk makes every one it draws.
    @Test func aStrongBiasRefusesEveryFlipOfTheNaiveScheme() {
        var biased = FlipWalk(GF2Scheme.naive(Shape(3, 3, 3)), seed: 2)
        biased.acceptance = .sparsityBias(100)
        var uniform = FlipWalk(GF2Scheme.naive(Shape(3, 3, 3)), seed: 2)
        for _ in 0..<10_000 {
            biased.flip()
            uniform.flip()
        }
        #expect(biased.attempts == 10_000)
        #expect(biased.flips == 0)
        #expect(uniform.flips == 10_000)
        // The search hands its bias to its walk.
        var search = FlipSearch<FlipWalk>(start: GF2Scheme.naive(Shape(3, 3, 3)), parameters: .init(plateauLimit: 1_000_000, seed: 2, acceptance: .sparsityBias(100)))
        _ = search.run(attempts: 10_000)
        #expect(search.totalFlips == 0)
    }

    /// A moderate bias still walks (and reduces) but keeps the factors sparser than the
    /// uniform walk does from the same start and seed; the scheme stays valid.
    @Test func aModerateBiasKeepsFactorsSparse() {
        func meanWeight(bias: Double) -> (Double, FlipWalk) {
            var walk = FlipWalk(GF2Scheme.naive(Shape(4, 4, 4)), seed: 9)
            walk.acceptance = .sparsityBias(bias)
            for round in 0..<20 {
                for _ in 0..<10_000 { walk.flip() }
                if round % 5 == 4 { walk.plusTransition() }
            }
            let scheme = walk.scheme
            let total = (scheme.u + scheme.v + scheme.w).reduce(0) { $0 + $1.nonzeroBitCount }
            return (Double(total) / Double(3 * scheme.rank), walk)
        }
        let (biased, walk) = meanWeight(bias: 0.5)
        let (uniform, _) = meanWeight(bias: 0)
        #expect(walk.flips > 10_000)
        #expect(biased < uniform - 0.5, "mean factor weight \(biased) biased, \(uniform) uniform")
        #expect(Checker().verify(walk.scheme.scheme).valid)
    }
}

@Suite struct FlipSearchTests {
    @Test func reachesStrassenAndLaderman() {
        for (shape, target) in [(Shape(2, 2, 2), 7), (Shape(3, 3, 3), 23)] {
            var search = FlipSearch<FlipWalk>(start: GF2Scheme.naive(shape), parameters: .init(plateauLimit: 50_000, target: target, maxFlips: 50_000_000, seed: 1))
            while !search.finished { _ = search.run(attempts: 100_000) }
            #expect(search.best.rank == target, "\(shape)")
            #expect(search.best.isValid)
        }
    }
}

@Suite struct FlipPoolTests {
    /// Short walks from the pool reach Laderman's rank; every pool member is a distinct valid
    /// scheme of the best rank, checked exactly mod 2.
    @Test func reachesLadermanRankWithADiversePool() {
        var search = FlipPool<FlipWalk>(start: GF2Scheme.naive(Shape(3, 3, 3)), parameters: .init(poolSize: 16, walkLength: 20_000, target: 23, maxFlips: 200_000_000, seed: 5))
        while !search.finished { _ = search.run(attempts: 1 << 16) }
        #expect(search.best.rank == 23)
        #expect(Checker().verify(search.best.scheme, over: .gf2).valid)
        // Walk on at rank 23 so that the pool fills.
        var plateau = FlipPool<FlipWalk>(start: search.best, parameters: .init(poolSize: 16, walkLength: 20_000, target: 0, maxFlips: 4_000_000, seed: 6))
        while !plateau.finished { _ = plateau.run(attempts: 1 << 16) }
        #expect(plateau.pool.count > 1)
        #expect(Set(plateau.pool.map { "\($0.u)\($0.v)\($0.w)" }).count == plateau.pool.count)
        for member in plateau.pool {
            #expect(member.rank == plateau.best.rank)
            #expect(Checker().verify(member.scheme, over: .gf2).valid)
        }
    }

    /// A walk `climbLimit` above the pool's rank ends at its next plateau instead of climbing
    /// on, and the next starts from the pool: with a plus transition every 10 flips on a plateau
    /// at Laderman's rank, no walk gets more than 2 above 23 (without the limit it climbs by one
    /// every 10 flips of its 200,000).
    @Test func walksEndWhenTheyClimbTooHigh() {
        var search = FlipPool<FlipWalk>(start: GF2Scheme.naive(Shape(3, 3, 3)), parameters: .init(poolSize: 16, walkLength: 20_000, target: 23, maxFlips: 200_000_000, seed: 5))
        while !search.finished { _ = search.run(attempts: 1 << 16) }
        var climbing = FlipPool<FlipWalk>(start: search.best, parameters: .init(poolSize: 16, walkLength: 200_000, plateauLimit: 10, climbLimit: 2,
                                                                                target: 0, maxFlips: 400_000, seed: 7))
        var highest = 0
        while !climbing.finished {
            _ = climbing.run(attempts: 1)
            highest = max(highest, climbing.currentRank - climbing.best.rank)
        }
        #expect(highest <= 2)
        #expect(highest >= 1, "plus transitions happened")
    }

    /// Each walk but the first starts with a plus transition, one term above the pool's rank, as
    /// a restarted `FlipSearch` walk does: with walks of one flip at Laderman's rank, the walk
    /// stands at 24 after nearly every flip (a plus transition is skipped only when the two
    /// terms it picks hold the same factor).
    @Test func aNewWalkStartsOneTermAboveThePool() {
        var search = FlipPool<FlipWalk>(start: GF2Scheme.naive(Shape(3, 3, 3)), parameters: .init(poolSize: 16, walkLength: 20_000, target: 23, maxFlips: 200_000_000, seed: 5))
        while !search.finished { _ = search.run(attempts: 1 << 16) }
        var restarting = FlipPool<FlipWalk>(start: search.best, parameters: .init(poolSize: 16, walkLength: 1, target: 0, seed: 8))
        var above = 0
        for _ in 0..<1_000 {
            _ = restarting.run(attempts: 1)
            if restarting.currentRank == restarting.best.rank + 1 { above += 1 }
        }
        #expect(restarting.best.rank == 23)
        #expect(above >= 900)
    }

    /// `stallLimit` (`--restart-after`): a pool that finds no better rank within that many flips
    /// is finished, so that the caller starts a fresh one; ⟨2,2,3⟩ cannot go below 11.
    @Test func aStalledPoolFinishes() {
        var search = FlipPool<FlipWalk>(start: GF2Scheme.naive(Shape(2, 2, 3)), parameters: .init(poolSize: 8, walkLength: 10_000, target: 11, maxFlips: 10_000_000, seed: 3))
        while !search.finished { _ = search.run(attempts: 1 << 10) }
        #expect(search.best.rank == 11)
        var stalling = FlipPool<FlipWalk>(start: search.best, parameters: .init(poolSize: 8, walkLength: 10_000, plateauLimit: 2_000, stallLimit: 50_000, seed: 4))
        var endless = FlipPool<FlipWalk>(start: search.best, parameters: .init(poolSize: 8, walkLength: 10_000, plateauLimit: 2_000, seed: 4))
        for _ in 0..<1_000 where !stalling.finished { _ = stalling.run(attempts: 1_000) }
        _ = endless.run(attempts: 200_000)
        #expect(stalling.finished)
        #expect(stalling.totalFlips == 50_000)
        #expect(!endless.finished && endless.totalFlips > 50_000)
    }
}

@Suite struct HenselLiftTests {
    @Test func liftsAPublishedModTwoImageToAValidIntegerScheme() throws {
        guard SharedData.available(for: "liftsAPublishedModTwoImageToAValidIntegerScheme"), let data = SharedData.directory else { return }
        // Laderman's scheme reduced mod 2 must lift back to a scheme valid over Q.
        let laderman = try SchemeFile.read(path: data.appendingPathComponent("perminov/known/classic/Laderman-333-23-98.m").path)[0].scheme
        let image = try #require(GF2Scheme(laderman))
        let lifted = try #require(HenselLift.lift(image))
        let verdict = Checker().verify(lifted)
        #expect(verdict.valid && verdict.rings.contains(.rationals))
        #expect(GF2Scheme(lifted) == image)
    }

    /// Walks found mod 2 whose lifts have coefficients beyond {−1, 0, 1}: the first attempt
    /// (free variables 0) lifts them; a later attempt whose random free choices make a step
    /// unsolvable must not throw that lift away. Each is checked exactly.
    @Test(arguments: [(Shape(2, 3, 3), 15, UInt64(4)), (Shape(3, 3, 3), 23, UInt64(2))])
    func keepsALiftWhenALaterAttemptFails(_ shape: Shape, _ target: Int, _ seed: UInt64) throws {
        var search = FlipSearch<FlipWalk>(start: GF2Scheme.naive(shape), parameters: .init(plateauLimit: 50_000, target: target, maxFlips: 30_000_000, seed: seed))
        while !search.finished { _ = search.run(attempts: 100_000) }
        try #require(search.best.rank == target)
        var rejected = 0
        let lifted = try #require(HenselLift.lift(search.best, accepting: { candidate in
            let valid = Checker().verify(candidate).valid
            if !valid { rejected += 1 }
            return valid
        }))
        #expect(Checker().verify(lifted).valid)
        #expect(GF2Scheme(lifted) == search.best)
        let coefficients: [Rational] = lifted.terms.flatMap { $0.u + $0.v + $0.w }
        let beyondTernary = coefficients.filter { !$0.isZero && $0 != Rational.one && $0 != -Rational.one }
        #expect(!beyondTernary.isEmpty)
        #expect(rejected == 0)
    }

    @Test func liftsStrassenModTwo() throws {
        let image = try #require(GF2Scheme(Scheme.strassen))
        let lifted = try #require(HenselLift.lift(image))
        #expect(Checker().verify(lifted).valid)
        #expect(lifted.hasIntegerCoefficients)
    }
}
