import FlipGraph
import Foundation
import SchemeModel
import TensorGame

/// The AlphaTensor-style agent for one shape: pretraining on synthetic demonstrations, then
/// self-play games of the TensorGame with sampled MCTS, learning from its own best games.
///
/// Each game is played in a random basis (a signed permutation per mode plus a few unimodular
/// row operations), with the move limit at the naive rank. A finished game that reaches the best
/// rank found so far is a hindsight demonstration: from the state after k moves, any later move
/// of the game's decomposition is a correct move and the number of terms left is the value
/// target; examples are augmented by signed permutations. When the best rank drops, the replay
/// of worse games is dropped. Training batches mix these with fresh synthetic demonstrations. With
/// `learn` off the same search runs with the untrained network (a uniform policy over legal
/// tokens and a zero value), the control of the benchmark.
public final class RLAgent {
    public struct Settings: Sendable {
        public var search = MCTSParameters()
        public var hidden = 256
        public var coefficients: [Int32] = [-1, 0, 1]
        /// The game's moves: single terms, or (square shapes) cyclic orbits and fixed terms.
        public var rule = MoveRule.single
        public var learn = true
        /// Fraction of the time budget spent on synthetic pretraining (skipped for a loaded model).
        public var pretrainFraction = 0.2
        public var batchSize = 32
        /// Share of the self-play phase's time spent training: after each game the agent
        /// trains until training has taken this share of the time since pretraining ended. Cheap
        /// games (once most branches are pruned) are then not slowed by a fixed number of
        /// batches each.
        public var trainingShare = 0.5
        public var learningRate: Float = 1e-3
        /// The most unimodular row operations per mode in a game's random basis.
        public var basisOperations = 1
        /// Moves chosen in proportion to visit counts (exploration) before playing greedily.
        public var exploratoryMoves = 2
        /// Share of the moves sampled at each tree node drawn uniformly over legal moves rather
        /// than from the policy (0 with `learn` off, where the policy is uniform anyway).
        public var uniformShare = 0.25
        public var replayCapacity = 50_000
        public init() {}
    }

    public struct Progress: Sendable {
        public var games = 0
        public var simulations = 0
        public var trainingSteps = 0
        public var bestRank: Int
        /// Games whose own decomposition (the moves played plus the exact finish) reached the
        /// best rank, counted since that rank was first found: how often the trained policy
        /// plays an optimal-so-far game again, each time in a fresh random basis.
        public var gamesAtBestRank = 0
        public var lastPolicyLoss: Float = .nan
        public var lastValueLoss: Float = .nan
        public var pretraining = false
    }

    public let shape: Shape
    public let settings: Settings
    public let network: PolicyValueNetwork
    public private(set) var progress: Progress
    /// The best decomposition found, in the standard basis.
    public private(set) var best: Scheme?
    let pretrained: Bool
    var optimizer: AdamOptimizer
    var generator: Xoshiro
    let synthetic: SyntheticDemonstrations
    let augmentation: SignedPermutationAugmentation
    var replay: [TrainingExample] = []
    let naiveRank: Int
    let dimensions: [Int]

    /// A fresh agent, or one resuming from `network` (then pretraining is skipped).
    public init(shape: Shape, settings: Settings, seed: UInt64, network: PolicyValueNetwork? = nil) {
        self.shape = shape
        self.settings = settings
        naiveRank = shape.n * shape.m * shape.p
        dimensions = [shape.n * shape.m, shape.m * shape.p, shape.p * shape.n]
        generator = Xoshiro(seed: seed)
        let configuration = PolicyValueNetwork.Configuration(dimensions: dimensions, coefficients: settings.coefficients,
                                                             hidden: settings.hidden, valueScale: Float(naiveRank))
        if let network, network.configuration == configuration {
            self.network = network
            pretrained = true
        } else {
            self.network = PolicyValueNetwork(configuration, using: &generator)
            pretrained = false
        }
        optimizer = AdamOptimizer(parameterCount: self.network.parameterCount, learningRate: settings.learningRate)
        synthetic = SyntheticDemonstrations(dimensions: dimensions, coefficients: settings.coefficients, maximumTerms: naiveRank,
                                            rule: settings.rule)
        augmentation = SignedPermutationAugmentation(dimensions: dimensions, rule: settings.rule)
        progress = Progress(bestRank: naiveRank + 1)
    }

    /// Runs until `deadline` (DispatchTime nanoseconds) or until a decomposition of rank ≤
    /// `target` is found. `improved` is called with every decomposition better than all before
    /// (not yet verified: the caller decides exactly); `report` now and then with the progress.
    public func run(deadline: UInt64, target: Int, improved: (Scheme) -> Void, report: (Progress) -> Void) {
        let start = DispatchTime.now().uptimeNanoseconds
        if settings.learn && !pretrained {
            let pretrainEnd = start + UInt64(Double(deadline - start) * settings.pretrainFraction)
            progress.pretraining = true
            while DispatchTime.now().uptimeNanoseconds < pretrainEnd {
                trainBatch(replayShare: 0)
                if progress.trainingSteps % 50 == 0 { report(progress) }
            }
            progress.pretraining = false
        }
        var playing: UInt64 = 0, training: UInt64 = 0
        while DispatchTime.now().uptimeNanoseconds < deadline && progress.bestRank > target {
            let gameStart = DispatchTime.now().uptimeNanoseconds
            let rankBefore = progress.bestRank
            let finished = playGame(deadline: deadline, improved: improved)
            progress.games += 1
            if progress.bestRank < rankBefore {
                progress.gamesAtBestRank = 0
                replay.removeAll()
            }
            let atBestRank = finished.map { $0.1 <= progress.bestRank } ?? false
            if atBestRank { progress.gamesAtBestRank += 1 }
            report(progress)
            guard settings.learn, let finished else { continue }
            if teaches(rank: finished.1) { remember(finished) }
            playing += DispatchTime.now().uptimeNanoseconds - gameStart
            let share = min(max(settings.trainingShare, 0), 0.95)
            while Double(training) < Double(playing) * share / (1 - share), DispatchTime.now().uptimeNanoseconds < deadline {
                let batchStart = DispatchTime.now().uptimeNanoseconds
                trainBatch(replayShare: 0.5)
                training += DispatchTime.now().uptimeNanoseconds - batchStart
            }
        }
        report(progress)
    }

    /// One self-play game; returns the game and the rank of its decomposition (the moves plus
    /// the exact finish, in the game's basis), or nil when the deadline cut it short. When the
    /// search found a shorter line than the one played, that line is the game returned.
    func playGame(deadline: UInt64, improved: (Scheme) -> Void) -> (TensorGame, Int)? {
        let rule = settings.rule
        let basis = BasisChange.random(dimensions, elementaryOperations: Int.random(in: 0...settings.basisOperations, using: &generator),
                                       sameForAllModes: rule == .cyclic, using: &generator)
        var game = TensorGame(shape: shape, basis: basis, rule: rule, moveLimit: naiveRank,
                              extraFinishTerms: settings.search.extraFinishTerms, gf2Finish: settings.search.gf2Finish)
        let prior = NetworkPrior(network: network, seed: generator.next(), uniformShare: settings.learn ? settings.uniformShare : 0)
        let search = SampledMCTS(prior: prior, parameters: settings.search, rule: rule, start: game.residual, moveLimit: naiveRank,
                                 rankToBeat: progress.bestRank, seed: generator.next())
        func consider(_ scheme: Scheme) {
            guard scheme.rank < progress.bestRank else { return }
            progress.bestRank = scheme.rank
            best = scheme
            improved(scheme)
        }
        while !game.isOver {
            guard DispatchTime.now().uptimeNanoseconds < deadline else { return nil }
            let visits = search.search().filter { $0.1 > 0 }
            progress.simulations += settings.search.simulations
            if let found = search.bestMoves, search.bestLength < progress.bestRank { consider(game.scheme(after: found)) }
            guard !visits.isEmpty else { break }
            let move: GameMove
            if game.moves.count < settings.exploratoryMoves {
                var r = Int.random(in: 0..<visits.reduce(0) { $0 + $1.1 }, using: &generator)
                var index = 0
                while r >= visits[index].1 { r -= visits[index].1; index += 1 }
                move = visits[index].0
            } else {
                move = visits.max { $0.1 < $1.1 }!.0
            }
            game.play(move)
            search.advance(move)
        }
        let scheme = game.scheme
        consider(scheme)
        // The search may have seen a shorter line than the one played (a sampled move it did
        // not choose to play): the game's result is then that line, replayed.
        if let line = search.bestMoves, search.bestLength < scheme.rank {
            var replayed = TensorGame(shape: shape, basis: basis, rule: rule, moveLimit: naiveRank,
                                      extraFinishTerms: settings.search.extraFinishTerms, gf2Finish: settings.search.gf2Finish)
            for move in line { replayed.play(move) }
            let shorter = replayed.scheme.rank
            if shorter < scheme.rank { return (replayed, shorter) }
        }
        return (game, scheme.rank)
    }

    /// Whether a finished game of `rank` terms becomes a demonstration: only a game as good as
    /// the best so far, and only below the naive rank. A worse game's moves lead to a worse
    /// decomposition, and a game that ties the naive rank teaches the naive terms, onto which
    /// the policy then collapses (⟨2,3,3⟩: 96 % of games at 18, docs/rl.md).
    func teaches(rank: Int) -> Bool { rank <= progress.bestRank && rank < naiveRank }

    /// Hindsight examples from a finished game of `length` terms: after moves worth t terms,
    /// every later move of the game is a correct move (an orbit in any of its spellings), and
    /// length − t terms remain. One example per state and later move, so the policy learns the
    /// mixture of all of them (one random move per state can teach only the move played last).
    func remember(_ finished: (TensorGame, Int)) {
        let (game, length) = finished
        let rule = game.rule
        let decomposition = game.moves
        var residual = game.start
        var played = 0
        for k in 0..<decomposition.count {
            let later = decomposition[k...].map { rule.randomSpelling(of: $0, using: &generator) }
                .compactMap { network.tokens(of: $0.u + $0.v + $0.w) }
            for tokens in later {
                let example = TrainingExample(residual: residual.entries, movesLeft: Float(game.moveLimit - played) / Float(game.moveLimit),
                                              tokens: tokens, remaining: Float(length - played))
                if replay.count < settings.replayCapacity { replay.append(example) } else { replay[Int.random(in: 0..<replay.count, using: &generator)] = example }
            }
            residual.subtract(decomposition[k], rule: rule)
            played += rule.cost(of: decomposition[k])
        }
    }

    /// One Adam step on a batch: `replayShare` of it from self-play, the rest synthetic.
    func trainBatch(replayShare: Double) {
        var gradient = network.zeroGradient()
        var policyLoss: Float = 0, valueLoss: Float = 0
        for _ in 0..<settings.batchSize {
            var example: TrainingExample
            if !replay.isEmpty && Double.random(in: 0..<1, using: &generator) < replayShare {
                example = replay.randomElement(using: &generator)!
            } else {
                example = synthetic.example(network: network, using: &generator)
            }
            example = augmentation.augment(example, network: network, using: &generator)
            let loss = network.accumulate(residual: example.residual, movesLeft: example.movesLeft, move: example.tokens,
                                          remaining: example.remaining, valueWeight: 1, into: &gradient)
            policyLoss += loss.policy
            valueLoss += loss.value
        }
        optimizer.apply(&gradient, to: network)
        progress.trainingSteps += 1
        progress.lastPolicyLoss = policyLoss / Float(settings.batchSize)
        progress.lastValueLoss = valueLoss / Float(settings.batchSize)
    }
}
