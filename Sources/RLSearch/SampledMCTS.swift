import FlipGraph
import Foundation
import TensorGame

/// The prior and value that guide the search at a state: K sampled candidate moves with
/// their empirical prior, and an estimate of the moves still needed.
public protocol MovePrior {
    mutating func evaluate(_ residual: ResidualTensor, movesLeft: Float, samples: Int) -> (moves: [(GameMove, Float)], remaining: Float)
}

/// The network as a prior: K moves sampled from the policy (duplicates merged, so the prior
/// is the empirical distribution β̂ of sampled MuZero) and the value head's estimate.
public struct NetworkPrior: MovePrior {
    public let network: PolicyValueNetwork
    public var generator: Xoshiro
    public var temperature: Float
    /// Share of the samples drawn uniformly over legal moves instead of from the policy.
    public var uniformShare: Double

    public init(network: PolicyValueNetwork, seed: UInt64, temperature: Float = 1, uniformShare: Double = 0) {
        (self.network, generator, self.temperature, self.uniformShare) = (network, Xoshiro(seed: seed), temperature, uniformShare)
    }

    public mutating func evaluate(_ residual: ResidualTensor, movesLeft: Float, samples: Int) -> (moves: [(GameMove, Float)], remaining: Float) {
        let torso = network.torso(residual.entries, movesLeft: movesLeft)
        let coefficients = network.configuration.coefficients
        let dims = network.configuration.dimensions
        var counts: [GameMove: Int] = [:]
        var order: [GameMove] = []
        for tokens in network.sample(torso, count: samples, temperature: temperature, uniformShare: uniformShare, using: &generator) {
            let values = tokens.map { coefficients[$0] }
            let move = GameMove(u: Array(values[0..<dims[0]]), v: Array(values[dims[0]..<(dims[0] + dims[1])]),
                                w: Array(values[(dims[0] + dims[1])...]))
            if counts[move] == nil { order.append(move) }
            counts[move, default: 0] += 1
        }
        return (order.map { ($0, Float(counts[$0]!) / Float(samples)) }, torso.value)
    }
}

/// The search budget and constants of `SampledMCTS`.
public struct MCTSParameters: Sendable {
    /// Simulations per move.
    public var simulations = 100
    /// K: moves sampled from the prior when a node is expanded.
    public var samplesPerNode = 32
    /// PUCT's exploration constant c.
    public var exploration: Float = 1.25
    /// Weight of the Dirichlet(1) noise mixed into the root's priors.
    public var rootNoise: Float = 0.25
    /// Whether an expansion also tries the exact finishes on each of its K children.
    public var finishChildren = true
    /// How far above its flattening rank a residual's exact finish may go (0, 1 or 2:
    /// `TensorGame.lowRankFinish`).
    public var extraFinishTerms = 2
    /// Whether residuals are also finished mod 2 and lifted (`SliceSpanFinish`).
    public var gf2Finish = false
    public init() {}
}

/// Sampled Monte Carlo tree search (Hubert et al. 2021) over the TensorGame.
///
/// A node is a residual after moves that add up to `terms` terms from the game's start (one per
/// move under the `single` rule; see `MoveRule`). Its value is −(terms still needed): exact at a
/// zero residual (0), at a rank-one residual (−1), at the move limit (−the upper bound: the
/// slice-rank sum or the completion's length, whichever is less; AlphaTensor's terminal
/// penalty) and where the flattening rank shows the best rank so far cannot be beaten (pruned:
/// −the upper bound); elsewhere the prior's estimate, clamped between the flattening lower
/// bound and that upper bound. Children are the K sampled moves;
/// selection is PUCT on min–max normalised Q with the empirical prior.
///
/// Every node reached is a decomposition: its moves plus the exact finish of its residual
/// (`TensorGame.finishLength`). The shortest is kept: `bestMoves` and `bestLength`.
public final class SampledMCTS<Prior: MovePrior> {
    final class Node {
        let residual: ResidualTensor
        /// Terms played from the game's start to this node.
        let terms: Int
        var expanded = false
        var exactValue: Float?
        var estimate: Float = 0
        var moves: [GameMove] = []
        var priors: [Float] = []
        var visits: [Int] = []
        var valueSums: [Float] = []
        var children: [Node?] = []
        var totalVisits = 0

        init(residual: ResidualTensor, terms: Int) { (self.residual, self.terms) = (residual, terms) }
    }

    public var prior: Prior
    public let parameters: MCTSParameters
    public let rule: MoveRule
    /// The most terms a decomposition may take before the game stops.
    public let moveLimit: Int
    /// Ranks at or above this cannot improve anything: such branches are pruned.
    public var rankToBeat: Int
    /// The moves (from the game's start) of the shortest decomposition seen, and its length
    /// with the finish.
    public private(set) var bestMoves: [GameMove]?
    public private(set) var bestLength = Int.max
    public private(set) var simulationsRun = 0
    var root: Node
    /// Moves played before the root (the game so far).
    var history: [GameMove]
    var minimumQ: Float = .infinity, maximumQ: Float = -.infinity
    var generator: Xoshiro
    /// Finish lengths already computed, with the bound they were computed under: a node's
    /// residual is finished once when its parent is expanded and again when it is visited.
    var finishes: [ResidualTensor: (length: Int, below: Int)] = [:]

    public init(prior: Prior, parameters: MCTSParameters, rule: MoveRule = .single, start: ResidualTensor, moveLimit: Int,
                rankToBeat: Int, seed: UInt64) {
        self.prior = prior
        self.parameters = parameters
        self.rule = rule
        self.moveLimit = moveLimit
        self.rankToBeat = rankToBeat
        root = Node(residual: start, terms: 0)
        history = []
        generator = Xoshiro(seed: seed ^ 0x5eed)
    }

    /// Runs the simulations for the current root and returns the visit counts of its moves.
    public func search() -> [(GameMove, Int)] {
        for _ in 0..<parameters.simulations { simulate() }
        return zip(root.moves, root.visits).map { ($0, $1) }
    }

    /// Plays `move` from the root, keeping its subtree.
    public func advance(_ move: GameMove) {
        history.append(move)
        if let index = root.moves.firstIndex(of: move), let child = root.children[index] {
            root = child
        } else {
            var residual = root.residual
            residual.subtract(move, rule: rule)
            root = Node(residual: residual, terms: root.terms + rule.cost(of: move))
        }
        if root.expanded { addRootNoise() }
    }

    public var rootResidual: ResidualTensor { root.residual }

    func simulate() {
        simulationsRun += 1
        var node = root
        var path: [(Node, Int)] = []
        while node.expanded, node.exactValue == nil, !node.moves.isEmpty {
            let index = select(node)
            if node.children[index] == nil {
                var residual = node.residual
                residual.subtract(node.moves[index], rule: rule)
                node.children[index] = Node(residual: residual, terms: node.terms + rule.cost(of: node.moves[index]))
            }
            path.append((node, index))
            node = node.children[index]!
        }
        var value = evaluate(node, path: path)
        for (parent, index) in path.reversed() {
            value = value - Float(rule.cost(of: parent.moves[index]))
            parent.visits[index] += 1
            parent.valueSums[index] += value
            parent.totalVisits += 1
            minimumQ = min(minimumQ, value)
            maximumQ = max(maximumQ, value)
        }
    }

    /// The leaf's value; expands it when it is not terminal.
    func evaluate(_ node: Node, path: [(Node, Int)]) -> Float {
        if let exact = node.exactValue { return exact }
        let residual = node.residual
        let total = node.terms
        let ranks = residual.flatteningRanks
        let upper = finishLength(residual, flatteningRanks: ranks, below: bestLength - total)
        if total + upper < bestLength {
            bestLength = total + upper
            bestMoves = history + path.map { $0.0.moves[$0.1] }
        }
        if upper <= 1 {
            node.exactValue = -Float(upper)
            node.expanded = true
            return node.exactValue!
        }
        let lower = max(2, ranks.max()!)
        if total >= moveLimit || total + lower >= rankToBeat {
            node.exactValue = -Float(upper)
            node.expanded = true
            return node.exactValue!
        }
        let movesLeft = Float(moveLimit - total) / Float(moveLimit)
        let (moves, remaining) = prior.evaluate(residual, movesLeft: movesLeft, samples: parameters.samplesPerNode)
        let candidates = moves.filter { $0.0.isNonZero }
        node.moves = candidates.map(\.0)
        node.priors = candidates.map(\.1)
        node.visits = [Int](repeating: 0, count: candidates.count)
        node.valueSums = [Float](repeating: 0, count: candidates.count)
        node.children = [Node?](repeating: nil, count: candidates.count)
        node.expanded = true
        if node === root { addRootNoise() }
        if parameters.finishChildren { finishChildren(of: node, path: path) }
        node.estimate = -min(max(remaining, Float(lower)), Float(upper))
        return node.estimate
    }

    /// Tries the exact finishes on every candidate of a freshly expanded node: a child whose
    /// residual the low-rank finish completes short enough is a better decomposition found
    /// without descending into it. The flattening bound rules most children out cheaply.
    func finishChildren(of node: Node, path: [(Node, Int)]) {
        for move in node.moves {
            let total = node.terms + rule.cost(of: move)
            var residual = node.residual
            residual.subtract(move, rule: rule)
            let ranks = residual.flatteningRanks
            guard total + max(1, ranks.max()!) < bestLength else { continue }
            let length = finishLength(residual, flatteningRanks: ranks, below: bestLength - total)
            if total + length < bestLength {
                bestLength = total + length
                bestMoves = history + path.map { $0.0.moves[$0.1] } + [move]
            }
        }
    }

    /// `TensorGame.finishLength` with low-rank finishes shorter than `below`, remembered: a
    /// length computed under a bound at least `below` answers again (the shortest finish under
    /// the larger bound is either still under `below`, or no finish under `below` exists).
    func finishLength(_ residual: ResidualTensor, flatteningRanks: [Int], below: Int) -> Int {
        if let known = finishes[residual], known.below >= below {
            return known.length < below ? known.length : TensorGame.finishLength(residual, flatteningRanks: flatteningRanks, lowRankBelow: 0)
        }
        let length = TensorGame.finishLength(residual, flatteningRanks: flatteningRanks, lowRankBelow: below, extraTerms: parameters.extraFinishTerms,
                                             gf2: parameters.gf2Finish)
        finishes[residual] = (length, below)
        return length
    }

    /// Mixes exploration noise (a flat Dirichlet(1) draw) into the root's priors.
    func addRootNoise() {
        guard parameters.rootNoise > 0, !root.priors.isEmpty else { return }
        let noise = root.priors.map { _ in -log(Float.random(in: Float.ulpOfOne..<1, using: &generator)) }
        let total = noise.reduce(0, +)
        for i in root.priors.indices {
            root.priors[i] = (1 - parameters.rootNoise) * root.priors[i] + parameters.rootNoise * noise[i] / total
        }
    }

    /// PUCT: normalised Q plus c · prior · √N / (1 + n); an unvisited move takes the parent's
    /// estimate less the move's cost.
    func select(_ node: Node) -> Int {
        let range = maximumQ > minimumQ ? maximumQ - minimumQ : 1
        let low = maximumQ > minimumQ ? minimumQ : 0
        let scale = parameters.exploration * Float(node.totalVisits + 1).squareRoot()
        var best = 0
        var bestScore = -Float.infinity
        for i in node.moves.indices {
            let q = node.visits[i] > 0 ? node.valueSums[i] / Float(node.visits[i]) : node.estimate - Float(rule.cost(of: node.moves[i]))
            let score = (q - low) / range + scale * node.priors[i] / Float(1 + node.visits[i])
            if score > bestScore { (best, bestScore) = (i, score) }
        }
        return best
    }
}
