import Checker
import RLSearch
import SchemeModel
import TensorGame
import Testing
import TestSupport

/// Whether T[a, b, c] = T[b, c, a] for all entries (the tensor is invariant under the cyclic
/// rotation of its modes).
func isCyclicallySymmetric(_ tensor: ResidualTensor) -> Bool {
    let d = tensor.dA
    for a in 0..<d { for b in 0..<d { for c in 0..<d where tensor[a, b, c] != tensor[b, c, a] { return false } } }
    return true
}

/// Strassen's terms as cyclic-game moves: its fixed term and one representative per orbit.
func strassenCyclicMoves() -> [GameMove] {
    var terms = Scheme.strassen.terms.map(move)
    var moves: [GameMove] = []
    while let term = terms.first {
        let orbit = MoveRule.cyclic.terms(of: term)
        moves.append(term)
        terms.removeAll { orbit.contains($0) }
    }
    return moves
}

@Suite struct CyclicTensorGameTests {
    /// In fmm's convention Strassen's scheme is cyclic-symmetric: one fixed term and two
    /// orbits. Played as three moves, in the standard basis and in random bases with one matrix
    /// for all modes, they empty the residual in exactly 7 terms, and the scheme is valid.
    @Test func strassensOrbitsWinTheCyclicGameInThreeMoves() throws {
        let shape = try Shape(parsing: "2x2x2")
        let moves = strassenCyclicMoves()
        #expect(moves.count == 3)
        #expect(moves.map { MoveRule.cyclic.cost(of: $0) }.sorted() == [1, 3, 3])
        var generator = SeededGenerator(seed: 8)
        for round in 0..<6 {
            let basis = round == 0 ? BasisChange.identity([4, 4, 4])
                : BasisChange.random([4, 4, 4], elementaryOperations: round % 3, sameForAllModes: true, using: &generator)
            var game = TensorGame(shape: shape, basis: basis, rule: .cyclic, moveLimit: 7)
            #expect(isCyclicallySymmetric(game.residual))
            for move in moves {
                #expect(!game.isOver)
                game.play(basis.map(move, toNewBasis: true))
                #expect(isCyclicallySymmetric(game.residual))
            }
            #expect(game.residual.isZero)
            #expect(game.termsPlayed == 7)
            #expect(game.scheme.rank == 7)
            #expect(Checker().verify(game.scheme).valid)
        }
    }

    /// ±f⊗f⊗f is a fixed move in every spelling (cost 1, subtracted once) and stays fixed when
    /// canonicalised; any other move is an orbit (cost 3) whose subtraction keeps a symmetric
    /// tensor symmetric.
    @Test func fixedAndOrbitMovesKeepTheirMeaning() {
        var generator = SeededGenerator(seed: 4)
        let synthetic = SyntheticDemonstrations(dimensions: [4, 4, 4], coefficients: [-1, 0, 1], maximumTerms: 1)
        for _ in 0..<100 {
            let f = synthetic.randomTerm(using: &generator).u
            let negative = f.map { -$0 }
            for spelling in [GameMove(u: f, v: f, w: f), GameMove(u: negative, v: f, w: negative), GameMove(u: f, v: negative, w: f)] {
                #expect(MoveRule.cyclic.isFixed(spelling))
                #expect(MoveRule.cyclic.isFixed(spelling.canonical))
                #expect(MoveRule.cyclic.terms(of: spelling) == [spelling])
            }
            #expect(!MoveRule.single.isFixed(GameMove(u: f, v: f, w: f)))
            var orbit = synthetic.randomTerm(using: &generator)
            if MoveRule.cyclic.isFixed(orbit) { continue }
            #expect(MoveRule.cyclic.cost(of: orbit) == 3)
            #expect(MoveRule.cyclic.isFixed(orbit.canonical) == false)
            var tensor = ResidualTensor(matrixMultiplication: Shape(2, 2, 2))
            tensor.subtract(orbit, rule: .cyclic)
            #expect(isCyclicallySymmetric(tensor))
            orbit.w = orbit.w.map { -$0 }
            tensor.subtract(orbit, rule: .cyclic)
            tensor.subtract(GameMove(u: f, v: f, w: f), rule: .cyclic)
            #expect(isCyclicallySymmetric(tensor))
        }
    }

    /// Cyclic synthetic demonstrations are symmetric tensors, and their target is a move whose
    /// orbit (or fixed term) is part of the sum: subtracting it leaves at most the stated
    /// number of terms less its cost, so the flattening bound cannot exceed that.
    @Test func syntheticDemonstrationsAreSymmetric() {
        var generator = SeededGenerator(seed: 6)
        let dims = [4, 4, 4]
        let network = PolicyValueNetwork(.init(dimensions: dims, hidden: 16, valueScale: 8), using: &generator)
        let synthetic = SyntheticDemonstrations(dimensions: dims, coefficients: [-1, 0, 1], maximumTerms: 8, rule: .cyclic)
        let augmentation = SignedPermutationAugmentation(dimensions: dims, rule: .cyclic)
        for _ in 0..<50 {
            let example = augmentation.augment(synthetic.example(network: network, using: &generator), network: network, using: &generator)
            let tensor = ResidualTensor(dA: 4, dB: 4, dC: 4, entries: example.residual)
            #expect(isCyclicallySymmetric(tensor))
            let values = example.tokens.map { network.configuration.coefficients[$0] }
            let target = GameMove(u: Array(values[0..<4]), v: Array(values[4..<8]), w: Array(values[8...]))
            var rest = tensor
            rest.subtract(target, rule: .cyclic)
            #expect(isCyclicallySymmetric(rest))
            #expect(rest.flatteningLowerBound <= Int(example.remaining) - MoveRule.cyclic.cost(of: target))
        }
    }

    /// MCTS in the cyclic game on ⟨2,2,2⟩, whose optimum 7 is known: with one of Strassen's
    /// orbits hidden among decoy moves, the search finds a rank-7 decomposition (the orbit, then
    /// the exact finish of the rank-4 rest), counting three terms for the orbit move.
    @Test func mctsFindsRankSevenInTheCyclicGame() throws {
        var generator = SeededGenerator(seed: 12)
        let synthetic = SyntheticDemonstrations(dimensions: [4, 4, 4], coefficients: [-1, 0, 1], maximumTerms: 1)
        let orbit = try #require(strassenCyclicMoves().first { MoveRule.cyclic.cost(of: $0) == 3 })
        let decoys = (0..<15).map { _ in synthetic.randomTerm(using: &generator) }
        var parameters = MCTSParameters()
        parameters.simulations = 50
        parameters.rootNoise = 0
        let start = ResidualTensor(matrixMultiplication: Shape(2, 2, 2))
        let search = SampledMCTS(prior: CandidatePrior(candidates: (decoys + [orbit]).shuffled(using: &generator)), parameters: parameters,
                                 rule: .cyclic, start: start, moveLimit: 8, rankToBeat: 9, seed: 1)
        _ = search.search()
        #expect(search.bestLength == 7)
        let found = try #require(search.bestMoves)
        var game = TensorGame(shape: Shape(2, 2, 2), rule: .cyclic, moveLimit: 8)
        for move in found { game.play(move) }
        let scheme = game.scheme
        #expect(scheme.rank == 7)
        #expect(Checker().verify(scheme).valid)
    }
}
