import TensorGame

/// One training example: a state, a move that is part of a decomposition of its residual,
/// and the number of moves that decomposition still needs.
public struct TrainingExample: Sendable {
    public var residual: [Int32]
    public var movesLeft: Float
    public var tokens: [Int]
    public var remaining: Float
}

/// Synthetic demonstrations (AlphaTensor's supervised data): random moves with coefficients
/// in F are summed into a tensor of R terms; the example asks for one of the moves (any is
/// right, so the policy learns the mixture) and for R, the number of terms that suffice.
///
/// Under the `single` rule a move is one rank-one term. Under the `cyclic` rule it is an orbit
/// of three terms, or (one time in five) a fixed term f⊗f⊗f, and the target is the orbit in a
/// random one of its three spellings. Factors are sparse like those of known schemes: 1, 2 or 3
/// non-zero entries.
public struct SyntheticDemonstrations: Sendable {
    public let dimensions: [Int]
    public let coefficients: [Int32]
    public let maximumTerms: Int
    public let rule: MoveRule

    public init(dimensions: [Int], coefficients: [Int32], maximumTerms: Int, rule: MoveRule = .single) {
        precondition(rule.applies(to: dimensions))
        (self.dimensions, self.coefficients, self.maximumTerms, self.rule) = (dimensions, coefficients, maximumTerms, rule)
    }

    public func randomTerm<G: RandomNumberGenerator>(using generator: inout G) -> GameMove {
        let nonZero = coefficients.filter { $0 != 0 }
        func factor(_ d: Int) -> [Int32] {
            let roll = Int.random(in: 0..<100, using: &generator)
            let count = min(d, roll < 45 ? 1 : roll < 85 ? 2 : 3)
            var vector = [Int32](repeating: 0, count: d)
            for position in (0..<d).shuffled(using: &generator).prefix(count) { vector[position] = nonZero.randomElement(using: &generator)! }
            return vector
        }
        let u = factor(dimensions[0])
        if rule == .cyclic && Int.random(in: 0..<5, using: &generator) == 0 { return GameMove(u: u, v: u, w: u).canonical }
        return GameMove(u: u, v: factor(dimensions[1]), w: factor(dimensions[2])).canonical
    }

    public func example<G: RandomNumberGenerator>(network: PolicyValueNetwork, using generator: inout G) -> TrainingExample {
        let wanted = Int.random(in: 1...maximumTerms, using: &generator)
        var tensor = ResidualTensor(dA: dimensions[0], dB: dimensions[1], dC: dimensions[2])
        var moves: [GameMove] = []
        var count = 0
        while count < wanted {
            let move = randomTerm(using: &generator)
            moves.append(move)
            for term in rule.terms(of: move) { tensor.add(term) }
            count += rule.cost(of: move)
        }
        let target = rule.randomSpelling(of: moves.randomElement(using: &generator)!, using: &generator)
        let movesLeft = Float.random(in: min(1, Float(count) / Float(maximumTerms))...1, using: &generator)
        return TrainingExample(residual: tensor.entries, movesLeft: movesLeft,
                               tokens: network.tokens(of: target.u + target.v + target.w)!, remaining: Float(count))
    }
}

/// Augmentation by a random signed permutation of each mode, applied to the state and to the
/// move alike (a change of basis that keeps coefficients in F), then re-canonicalised. Under
/// the `cyclic` rule all three modes take the same signed permutation, which keeps symmetric
/// tensors symmetric and orbit moves orbits.
public struct SignedPermutationAugmentation: Sendable {
    public let dimensions: [Int]
    public let rule: MoveRule

    public init(dimensions: [Int], rule: MoveRule = .single) { (self.dimensions, self.rule) = (dimensions, rule) }

    public func augment<G: RandomNumberGenerator>(_ example: TrainingExample, network: PolicyValueNetwork, using generator: inout G) -> TrainingExample {
        var permutations = dimensions.map { (0..<$0).shuffled(using: &generator) }
        var signs: [[Int32]] = dimensions.map { d in (0..<d).map { _ in Bool.random(using: &generator) ? 1 : -1 } }
        if rule == .cyclic {
            permutations = permutations.map { _ in permutations[0] }
            signs = signs.map { _ in signs[0] }
        }
        let (dA, dB, dC) = (dimensions[0], dimensions[1], dimensions[2])
        var residual = [Int32](repeating: 0, count: example.residual.count)
        for a in 0..<dA { for b in 0..<dB { for c in 0..<dC {
            let value = example.residual[(a * dB + b) * dC + c]
            guard value != 0 else { continue }
            residual[(permutations[0][a] * dB + permutations[1][b]) * dC + permutations[2][c]] = value * signs[0][a] * signs[1][b] * signs[2][c]
        } } }
        let coefficients = network.configuration.coefficients
        let values = example.tokens.map { coefficients[$0] }
        var factors: [[Int32]] = []
        var start = 0
        for (mode, d) in dimensions.enumerated() {
            var mapped = [Int32](repeating: 0, count: d)
            for i in 0..<d { mapped[permutations[mode][i]] = values[start + i] * signs[mode][i] }
            factors.append(mapped)
            start += d
        }
        let move = GameMove(u: factors[0], v: factors[1], w: factors[2]).canonical
        return TrainingExample(residual: residual, movesLeft: example.movesLeft,
                               tokens: network.tokens(of: move.u + move.v + move.w)!, remaining: example.remaining)
    }
}
