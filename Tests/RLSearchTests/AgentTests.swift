import Foundation
import RLSearch
import SchemeModel
import TensorGame
import Testing
import TestSupport

/// A prior for tests: a fixed candidate list (the true terms hidden among decoys), uniform
/// prior, and a flat value.
struct CandidatePrior: MovePrior {
    let candidates: [GameMove]
    mutating func evaluate(_ residual: ResidualTensor, movesLeft: Float, samples: Int) -> (moves: [(GameMove, Float)], remaining: Float) {
        (candidates.map { ($0, 1 / Float(candidates.count)) }, 0)
    }
}

@Suite struct SampledMCTSTests {
    /// A toy tensor with a known optimum: the sum of three random dense terms in dimensions
    /// (2, 2, 4), of rank exactly 3 (its mode-3 flattening has rank 3). At the root the slice
    /// completion needs 4 and the low-rank finish does not apply (modes 1 and 2 have dimension
    /// 2); the search must find a true term among decoys, after which the low-rank finish
    /// completes the remaining rank-2 residual.
    @Test func findsTheKnownOptimumOfAToyTensor() {
        var generator = SeededGenerator(seed: 21)
        func dense(_ d: Int) -> [Int32] {
            var v: [Int32]
            repeat { v = (0..<d).map { _ in Int32.random(in: -1...1, using: &generator) } } while v.filter({ $0 != 0 }).count < 2
            return v
        }
        var found = 0
        for _ in 0..<5 {
            var tensor: ResidualTensor, terms: [GameMove]
            repeat {
                terms = (0..<3).map { _ in GameMove(u: dense(2), v: dense(2), w: dense(4)).canonical }
                tensor = ResidualTensor(dA: 2, dB: 2, dC: 4)
                for term in terms { tensor.add(term) }
            } while tensor.flatteningLowerBound != 3 || TensorGame.finishLength(tensor) <= 3
            let decoys = (0..<12).map { _ in GameMove(u: dense(2), v: dense(2), w: dense(4)).canonical }
            var parameters = MCTSParameters()
            parameters.simulations = 400
            parameters.rootNoise = 0
            let search = SampledMCTS(prior: CandidatePrior(candidates: (decoys + terms).shuffled(using: &generator)), parameters: parameters,
                                     start: tensor, moveLimit: 8, rankToBeat: 8, seed: 1)
            let visits = search.search()
            #expect(search.bestLength == 3)
            // The most visited first move is one of the true terms.
            if let top = visits.max(by: { $0.1 < $1.1 })?.0, terms.contains(top) { found += 1 }
            // The recorded moves and the finish make a decomposition of exactly that length.
            var left = tensor
            for move in search.bestMoves ?? [] { left.subtract(move) }
            #expect((search.bestMoves?.count ?? 0) + TensorGame.finishLength(left) == 3)
        }
        #expect(found >= 4)
    }
}

extension SampledMCTSTests {
    /// After a move is played (`advance`), lengths still count every term from the game's
    /// start exactly once: with Strassen's first term played and its other six terms as the
    /// candidates, the search finds a 7-term decomposition (two more terms, then the exact
    /// finish of the rank-4 rest), not an 8.
    @Test func lengthsCountThePlayedMovesOnce() {
        let strassen = Scheme.strassen.terms.map(move)
        var parameters = MCTSParameters()
        parameters.simulations = 300
        parameters.rootNoise = 0
        let search = SampledMCTS(prior: CandidatePrior(candidates: Array(strassen.dropFirst())), parameters: parameters,
                                 start: ResidualTensor(matrixMultiplication: Shape(2, 2, 2)), moveLimit: 8, rankToBeat: 9, seed: 1)
        search.advance(strassen[0])
        _ = search.search()
        #expect(search.bestLength == 7)
        #expect(search.bestMoves?.first == strassen[0])
    }
}

@Suite struct PolicyValueNetworkTests {
    func smallNetwork(seed: UInt64) -> PolicyValueNetwork {
        var generator = SeededGenerator(seed: seed)
        return PolicyValueNetwork(.init(dimensions: [4, 4, 4], hidden: 32, valueScale: 8), using: &generator)
    }

    /// Training on synthetic demonstrations lowers the loss on held-out synthetic examples.
    @Test func trainingLowersTheLossOnSyntheticData() {
        let network = smallNetwork(seed: 1)
        let synthetic = SyntheticDemonstrations(dimensions: [4, 4, 4], coefficients: [-1, 0, 1], maximumTerms: 3)
        var generator = SeededGenerator(seed: 2)
        let heldOut = (0..<100).map { _ in synthetic.example(network: network, using: &generator) }
        func loss() -> Float {
            var gradient = network.zeroGradient()
            return heldOut.reduce(0) { total, e in
                let l = network.accumulate(residual: e.residual, movesLeft: e.movesLeft, move: e.tokens, remaining: e.remaining, valueWeight: 1, into: &gradient)
                return total + l.policy + l.value
            } / Float(heldOut.count)
        }
        let before = loss()
        var optimizer = AdamOptimizer(parameterCount: network.parameterCount, learningRate: 3e-3)
        var gradient = network.zeroGradient()
        for _ in 0..<150 {
            for _ in 0..<16 {
                let e = synthetic.example(network: network, using: &generator)
                network.accumulate(residual: e.residual, movesLeft: e.movesLeft, move: e.tokens, remaining: e.remaining, valueWeight: 1, into: &gradient)
            }
            optimizer.apply(&gradient, to: network)
        }
        let after = loss()
        #expect(after < 0.85 * before, "loss \(before) → \(after)")
    }

    /// Sampled moves are canonical (first non-zero of u and v positive) with no zero factor.
    @Test func sampledMovesAreCanonical() {
        let network = smallNetwork(seed: 3)
        var generator = SeededGenerator(seed: 4)
        let torso = network.torso(ResidualTensor(matrixMultiplication: try! Shape(parsing: "2x2x2")).entries, movesLeft: 1)
        for tokens in network.sample(torso, count: 200, temperature: 1, using: &generator) {
            let values = tokens.map { network.configuration.coefficients[$0] }
            let move = GameMove(u: Array(values[0..<4]), v: Array(values[4..<8]), w: Array(values[8...]))
            #expect(move.isNonZero)
            #expect(move == move.canonical)
        }
    }

    /// A saved model loads with the same parameters; a damaged file is refused with a reason.
    @Test func modelFilesRoundTrip() throws {
        let network = smallNetwork(seed: 5)
        let bytes = network.serialized()
        let loaded = try PolicyValueNetwork.load(bytes)
        #expect(loaded.serialized() == bytes)
        let state = ResidualTensor(matrixMultiplication: try! Shape(parsing: "2x2x2")).entries
        #expect(loaded.torso(state, movesLeft: 0.5).value == network.torso(state, movesLeft: 0.5).value)
        #expect(throws: ModelFileError.self) { try PolicyValueNetwork.load(Array(bytes.dropLast(4))) }
        #expect(throws: ModelFileError.self) { try PolicyValueNetwork.load(Array("not a model\n".utf8)) }
    }
}
