import Checker
import ExactArithmetic
import Foundation
import SchemeModel
import RLSearch
import TensorGame
import Testing
import TestSupport

/// A scheme's term as a game move (integer coefficients).
func move(_ term: Term) -> GameMove {
    GameMove(u: term.u.map { Int32($0.intValue!) }, v: term.v.map { Int32($0.intValue!) }, w: term.w.map { Int32($0.intValue!) })
}

@Suite struct LowRankFinishTests {
    /// After removing k of Strassen's terms the residual has rank 7 − k; whenever the remaining
    /// terms are in general position the finish must recover a decomposition of that length.
    @Test func finishesStrassenResiduals() throws {
        let shape = try Shape(parsing: "2x2x2")
        let strassen = Scheme.strassen
        var finished = 0
        for mask in 0..<(1 << 7) where mask.nonzeroBitCount >= 3 {
            var residual = ResidualTensor(matrixMultiplication: shape)
            for (i, term) in strassen.terms.enumerated() where mask & (1 << i) != 0 { residual.subtract(move(term)) }
            guard let terms = LowRankFinish.decompose(residual) else { continue }
            #expect(terms.count == 7 - mask.nonzeroBitCount)
            finished += 1
        }
        #expect(finished >= 40)
    }
}

@Suite struct TensorGameTests {
    /// Random moves in a random basis, then the exact finish: the scheme mapped back to the
    /// standard basis is a valid decomposition of ⟨n,m,p⟩, checked exactly.
    @Test(arguments: ["2x2x2", "2x2x3", "2x3x3"])
    func playedGamesReconstructTheTensor(_ text: String) throws {
        let shape = try Shape(parsing: text)
        var generator = SeededGenerator(seed: 11)
        let dims = [shape.n * shape.m, shape.m * shape.p, shape.p * shape.n]
        let synthetic = SyntheticDemonstrations(dimensions: dims, coefficients: [-1, 0, 1], maximumTerms: 4)
        for round in 0..<6 {
            let basis = BasisChange.random(dims, elementaryOperations: round % 3, using: &generator)
            var game = TensorGame(shape: shape, basis: basis, moveLimit: 5)
            while !game.isOver { game.play(synthetic.randomTerm(using: &generator)) }
            // The residual is what the moves left of the tensor in the game's basis.
            var sum = game.residual
            for move in game.moves { sum.add(move) }
            #expect(sum == basis.apply(to: ResidualTensor(matrixMultiplication: shape)))
            let verdict = Checker().verify(game.scheme)
            #expect(verdict.valid, "\(text) round \(round): \(game.scheme.rank) terms")
        }
    }

    /// X⁻¹(Xu) = u for every mode, and (X⊗Y⊗Z)·Σ terms = Σ mapped terms.
    @Test func changeOfBasisRoundTrips() throws {
        var generator = SeededGenerator(seed: 3)
        let dims = [4, 6, 6]
        for _ in 0..<20 {
            let basis = BasisChange.random(dims, elementaryOperations: 4, using: &generator)
            let synthetic = SyntheticDemonstrations(dimensions: dims, coefficients: [-1, 0, 1], maximumTerms: 3)
            var tensor = ResidualTensor(dA: 4, dB: 6, dC: 6), mapped = tensor
            for _ in 0..<3 {
                let term = synthetic.randomTerm(using: &generator)
                let image = basis.map(term, toNewBasis: true)
                #expect(basis.map(image, toNewBasis: false) == term)
                tensor.add(term)
                mapped.add(image)
            }
            #expect(basis.apply(to: tensor) == mapped)
        }
    }

    /// The rank-one finish returns integer factors whose product is the residual.
    @Test func rankOneResidualsFinishInOneMove() {
        var generator = SeededGenerator(seed: 5)
        let synthetic = SyntheticDemonstrations(dimensions: [4, 4, 4], coefficients: [-1, 0, 1], maximumTerms: 1)
        for _ in 0..<50 {
            var term = synthetic.randomTerm(using: &generator)
            term.w = term.w.map { $0 * 3 }
            var tensor = ResidualTensor(dA: 4, dB: 4, dC: 4)
            tensor.add(term)
            let finish = tensor.rankOneTerm
            #expect(finish != nil)
            if let finish { tensor.subtract(finish) }
            #expect(tensor.isZero)
        }
    }
}
