import Foundation
@testable import RLSearch
import SchemeModel
import TensorGame
import Testing
import TestSupport

/// What keeps the agent exploring where a policy could collapse: a share of uniform samples at
/// every tree node, and no learning from games that only tie the naive rank.
@Suite struct ExplorationTests {
    /// A policy trained to propose one move almost always still proposes other first tokens
    /// when a share of its samples is uniform: with share 1 the first token of u (0 or +1, a
    /// leading −1 being excluded by the sign convention) is near half and half.
    @Test func uniformSamplesIgnoreACollapsedPolicy() {
        var generator = SeededGenerator(seed: 4)
        let dimensions = [4, 4, 4]
        let network = PolicyValueNetwork(.init(dimensions: dimensions, hidden: 32, valueScale: 8), using: &generator)
        let move: [Int32] = Array(repeating: 1, count: 12)
        let tokens = network.tokens(of: move)!
        let residual = [Int32](repeating: 0, count: 64)
        var optimizer = AdamOptimizer(parameterCount: network.parameterCount, learningRate: 1e-2)
        for _ in 0..<200 {
            var gradient = network.zeroGradient()
            network.accumulate(residual: residual, movesLeft: 1, move: tokens, remaining: 1, valueWeight: 0, into: &gradient)
            optimizer.apply(&gradient, to: network)
        }
        let torso = network.torso(residual, movesLeft: 1)
        func shareOfTheTrainedFirstToken(uniformShare: Double) -> Double {
            let samples = network.sample(torso, count: 400, temperature: 1, uniformShare: uniformShare, using: &generator)
            return Double(samples.filter { $0[0] == tokens[0] }.count) / 400
        }
        #expect(shareOfTheTrainedFirstToken(uniformShare: 0) > 0.95)
        let uniform = shareOfTheTrainedFirstToken(uniformShare: 1)
        #expect(uniform > 0.4 && uniform < 0.6, "first token share with uniform samples: \(uniform)")
    }

    /// Games that only tie the naive rank are not demonstrations (they would teach the naive
    /// terms); a game below it that ties the best so far is.
    @Test func gamesAtTheNaiveRankTeachNothing() throws {
        let agent = RLAgent(shape: try Shape(parsing: "2x2x2"), settings: RLAgent.Settings(), seed: 3)
        // Before any game the best so far is above the naive 8.
        #expect(agent.progress.bestRank == 9)
        #expect(!agent.teaches(rank: 8))
        #expect(!agent.teaches(rank: 9))
        #expect(agent.teaches(rank: 7))
    }
}
