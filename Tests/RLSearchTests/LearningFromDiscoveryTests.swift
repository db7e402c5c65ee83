import Checker
import Foundation
@testable import RLSearch
import SchemeModel
import TensorGame
import Testing
import TestSupport

/// What the agent does with a discovery: the game that found a better decomposition returns it,
/// and training on that one game teaches the policy moves that win the game in other bases.
@Suite struct LearningFromDiscoveryTests {
    func cyclicSettings(learn: Bool) -> RLAgent.Settings {
        var settings = RLAgent.Settings()
        settings.rule = .cyclic
        settings.hidden = 128
        settings.learn = learn
        return settings
    }

    /// The MCTS often sees Strassen's rank in a sampled move it does not play; the game that
    /// found rank 7 must still return a 7-term decomposition (the search's line, replayed), or
    /// the agent would never learn from its discovery.
    @Test func theGameThatFindsRankSevenReturnsIt() throws {
        let shape = try Shape(parsing: "2x2x2")
        let agent = RLAgent(shape: shape, settings: cyclicSettings(learn: false), seed: 5)
        let deadline = DispatchTime.now().uptimeNanoseconds + 600_000_000_000
        var discovery: (TensorGame, Int)?
        for _ in 0..<20_000 where agent.progress.bestRank > 7 {
            let before = agent.progress.bestRank
            let finished = agent.playGame(deadline: deadline, improved: { _ in })
            if agent.progress.bestRank == 7, before > 7 { discovery = finished }
        }
        let (game, length) = try #require(discovery, "no game reached rank 7")
        #expect(length == 7)
        #expect(game.scheme.rank == 7)
        #expect(Checker().verify(game.scheme).valid)
    }

    /// One rank-7 game in one basis, remembered and trained on, teaches moves that win the
    /// game in other bases: after the same training the policy's loss on the winning first
    /// moves (the orbits after which the exact finish needs at most 4 terms) at the start of
    /// the game in fresh random bases is lower than that of an identical agent trained on
    /// synthetic data alone. (One game moves it little, 11.1 → 9.7 against 10.2 nats here; in a
    /// run every further win adds examples, which is what `fmm bench rl --cyclic` measures.)
    @Test func trainingOnOneWonGameGeneralisesToFreshBases() throws {
        let shape = try Shape(parsing: "2x2x2")
        // A basis with one row operation in which Strassen's moves still have entries in F.
        var generator = SeededGenerator(seed: 9)
        var basis: BasisChange
        repeat {
            basis = BasisChange.random([4, 4, 4], elementaryOperations: 1, sameForAllModes: true, using: &generator)
        } while !strassenCyclicMoves().allSatisfy { move in
            let mapped = basis.map(move, toNewBasis: true)
            return (mapped.u + mapped.v + mapped.w).allSatisfy { abs($0) <= 1 }
        }
        var game = TensorGame(shape: shape, basis: basis, rule: .cyclic, moveLimit: 8)
        for move in strassenCyclicMoves() { game.play(basis.map(move, toNewBasis: true)) }
        #expect(game.residual.isZero)

        /// The mean over fresh bases and Strassen's two orbits of the policy loss (−log p) of
        /// the orbit's likeliest spelling.
        func winningMovesLoss(_ network: PolicyValueNetwork) -> Float {
            var bases = SeededGenerator(seed: 10)
            var scratch = network.zeroGradient()
            var total: Float = 0, count: Float = 0
            for _ in 0..<12 {
                let fresh = BasisChange.random([4, 4, 4], elementaryOperations: Int.random(in: 0...1, using: &bases), sameForAllModes: true, using: &bases)
                let start = TensorGame(shape: shape, basis: fresh, rule: .cyclic, moveLimit: 8).residual
                for move in strassenCyclicMoves() where MoveRule.cyclic.cost(of: move) == 3 {
                    var residual = start
                    residual.subtract(fresh.map(move, toNewBasis: true), rule: .cyclic)
                    #expect(TensorGame.finishLength(residual) == 4)
                    let spellings = MoveRule.cyclic.terms(of: fresh.map(move, toNewBasis: true)).compactMap { network.tokens(of: $0.canonical.u + $0.canonical.v + $0.canonical.w) }
                    guard !spellings.isEmpty else { continue }
                    total += spellings.map { network.accumulate(residual: start.entries, movesLeft: 1, move: $0, remaining: 7, valueWeight: 0, into: &scratch).policy }.min()!
                    count += 1
                }
            }
            return total / count
        }
        let taught = RLAgent(shape: shape, settings: cyclicSettings(learn: true), seed: 6)
        let control = RLAgent(shape: shape, settings: cyclicSettings(learn: true), seed: 6)
        let untrained = winningMovesLoss(taught.network)
        #expect(untrained == winningMovesLoss(control.network))
        taught.remember((game, 7))
        #expect(taught.replay.count == 6, "one example per state and later move: 3 + 2 + 1")
        for _ in 0..<150 {
            taught.trainBatch(replayShare: 0.5)
            control.trainBatch(replayShare: 0.5)
        }
        let (withGame, withoutGame) = (winningMovesLoss(taught.network), winningMovesLoss(control.network))
        #expect(withGame < withoutGame - 0.3, "loss of the winning moves in fresh bases: untrained \(untrained), trained with the game \(withGame), without \(withoutGame)")
    }
}
