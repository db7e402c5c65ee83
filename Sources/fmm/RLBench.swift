import ArgumentParser
import Checker
import FlipGraph
import Foundation
import RLSearch
import SchemeModel
import TensorGame

/// `fmm bench rl SHAPE`: the honest comparison of issue 6 at equal CPU time per run (one
/// thread): RL (learned policy) against the same MCTS with the untrained network, RL handing
/// its result to the flip search (half the time each), and the flip search alone from the
/// naive scheme. Every rank reported is exactly verified; flip ranks are over GF(2). For the
/// RL methods it also reports the games until the best rank, the games that ended at it, and
/// the policy's quality at the start position after the run: the share of K = 32 sampled moves
/// whose subtraction lowers the slice-rank bound of the tensor (a move of an optimal
/// decomposition usually does; a random one rarely). With `--model` the learning methods start
/// from a saved (pretrained) network instead of pretraining within the run.
struct RLBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rl",
        abstract: "RL vs untrained MCTS vs rl+flip vs flip alone, equal CPU time, several seeds."
    )

    @Argument(help: "The shape, e.g. 2x2x2.")
    var shape: String

    @Option(help: "CPU seconds per run.")
    var seconds: Double = 60

    @Option(help: "Seeds per method.")
    var seeds = 3

    @Option(help: "The first seed; runs use seeds first-seed, first-seed + 1, … (so processes can share the seeds).")
    var firstSeed = 1

    @Option(help: "MCTS simulations per move.")
    var simulations = 100

    @Option(help: "Methods, comma separated (rl, untrained, rl+flip, flip).")
    var methods = "rl,untrained,rl+flip,flip"

    @Option(help: "Stop a run once it reaches this rank (the figure is then the time to reach it).")
    var target: Int?

    @Flag(help: "Square shapes: the RL methods play the cyclic TensorGame (orbit and fixed moves); flip stays the plain walk.")
    var cyclic = false

    @Option(help: "How far above its flattening rank a residual's exact finish may go (0, 1 or 2 extra terms), for every RL method.")
    var extraFinishTerms = 2

    @Flag(help: "Every RL method also finishes residuals mod 2 by the span of their slices, lifted (fmm search --gf2-finish).")
    var gf2Finish = false

    @Option(help: "A model for the learning methods (rl, rl+flip) to start from instead of pretraining, e.g. one saved by fmm search --method rl --pretrain-fraction 1 --model PATH (synthetic pretraining only). The untrained control is unchanged.")
    var model: String?

    func run() throws {
        let target: Shape
        do { target = try Shape(parsing: shape, limits: Limits(maxDimension: 4)) } catch {
            printError("fmm bench rl: \(error)")
            throw ExitCode(2)
        }
        guard !cyclic || CyclicScheme.supports(target) else {
            printError("fmm bench rl: --cyclic needs a square shape n×n×n, not \(target)")
            throw ExitCode(2)
        }
        guard (0...2).contains(extraFinishTerms), firstSeed >= 0 else {
            printError("fmm bench rl: --extra-finish-terms must be within 0...2 and --first-seed at least 0")
            throw ExitCode(2)
        }
        let saved = try model.map { try SavedModel(path: $0, command: "fmm bench rl") }
        print("\(target), \(seconds) s per run, one thread, \(simulations) simulations per move, finish up to \(extraFinishTerms) above the flattening rank\(gf2Finish ? " and mod 2" : "")\(cyclic ? ", cyclic game" : "")\(model.map { ", learning methods start from \($0)" } ?? "")")
        for method in methods.split(separator: ",").map(String.init) {
            var ranks: [Int] = [], times: [Double] = []
            var repeats: [Int] = []
            for seed in firstSeed..<(firstSeed + max(1, seeds)) {
                let run = try runOnce(method, target, seed: UInt64(seed), model: saved)
                ranks.append(run.rank)
                times.append(run.time)
                if let games = run.games {
                    repeats.append(games.atBestRank)
                    print(String(format: "  %@ seed %d: rank %d after %.1f s and %d games; %d of %d games ended at rank %d; %.0f%% of sampled first moves lower the slice-rank bound",
                                 method, seed, run.rank, run.time, games.untilBest, games.atBestRank, games.total, games.agentRank, run.boundLoweringShare * 100))
                } else {
                    print(String(format: "  %@ seed %d: rank %d (reached after %.1f s)", method, seed, run.rank, run.time))
                }
            }
            let sorted = ranks.sorted()
            print(String(format: "%@: median rank %d, best %d, ranks %@, median time to that rank %.1f s%@", method, sorted[sorted.count / 2], sorted[0],
                         ranks.map(String.init).joined(separator: " "), times.sorted()[times.count / 2],
                         repeats.isEmpty ? "" : ", games at the best rank \(repeats.map(String.init).joined(separator: " "))"))
        }
    }

    /// What one run reached. For the RL methods also: games played until the best rank was
    /// first reached, in all, and those whose own decomposition reached the best rank (after
    /// the discovery a learning agent should play such games far more often than the untrained
    /// search does); and the share of bound-lowering moves among the policy's samples at the
    /// start.
    struct Run {
        var rank = Int.max
        /// Seconds until `rank` was first reached.
        var time = 0.0
        /// The RL agent's games: until its best, in all, and at its best rank `agentRank` (for
        /// rl+flip the run's rank may come from the flip half).
        var games: (untilBest: Int, total: Int, atBestRank: Int, agentRank: Int)?
        var boundLoweringShare = 0.0
    }

    /// The best exactly verified rank of one run and when it was first reached.
    func runOnce(_ method: String, _ shape: Shape, seed: UInt64, model: SavedModel?) throws -> Run {
        let began = DispatchTime.now().uptimeNanoseconds
        let deadline = began + UInt64(seconds * 1e9)
        func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9 }
        var run = Run()
        var bestScheme: Scheme?
        var gamesUntilBest = 0
        let stopRank = target ?? 1
        if method != "flip" {
            var settings = RLAgent.Settings()
            settings.search.simulations = simulations
            settings.search.extraFinishTerms = extraFinishTerms
            settings.search.gf2Finish = gf2Finish
            settings.learn = method != "untrained"
            settings.rule = MoveRule(cyclic: cyclic)
            let learnsFrom = method == "untrained" ? nil : model
            let agent = try learnsFrom?.agent(shape: shape, settings: settings, seed: seed, command: "fmm bench rl")
                ?? RLAgent(shape: shape, settings: settings, seed: seed)
            let rlDeadline = method == "rl+flip" ? began + UInt64(seconds * 0.5e9) : deadline
            agent.run(deadline: rlDeadline, target: stopRank, improved: { scheme in
                if scheme.rank < run.rank, Checker().verify(scheme).valid {
                    (run.rank, run.time, bestScheme) = (scheme.rank, now(), scheme)
                    gamesUntilBest = agent.progress.games + 1
                }
            }, report: { _ in })
            run.games = (gamesUntilBest, agent.progress.games, agent.progress.gamesAtBestRank, agent.progress.bestRank)
            run.boundLoweringShare = policyQuality(agent.network, shape, rule: settings.rule, seed: seed)
        }
        guard method == "rl+flip" || method == "flip", run.rank > stopRank else { return run }
        let start = method == "flip" ? GF2Scheme.naive(shape) : bestScheme.flatMap { GF2Scheme($0) } ?? GF2Scheme.naive(shape)
        var search = FlipSearch<FlipWalk>(start: start, parameters: .init(target: stopRank, seed: seed))
        while DispatchTime.now().uptimeNanoseconds < deadline && !search.finished {
            if search.run(attempts: 1 << 14), search.best.rank < run.rank, Checker().verify(search.best.scheme, over: .gf2).valid {
                (run.rank, run.time) = (search.best.rank, now())
            }
        }
        return run
    }

    func policyQuality(_ network: PolicyValueNetwork, _ shape: Shape, rule: MoveRule, seed: UInt64) -> Double {
        let start = ResidualTensor(matrixMultiplication: shape)
        let bound = start.sliceRankBound
        var prior = NetworkPrior(network: network, seed: seed)
        var lowering = 0, total = 0
        for _ in 0..<20 {
            for (move, weight) in prior.evaluate(start, movesLeft: 1, samples: 32).moves {
                var residual = start
                residual.subtract(move, rule: rule)
                let count = Int((weight * 32).rounded())
                total += count
                if residual.sliceRankBound < bound { lowering += count }
            }
        }
        return Double(lowering) / Double(max(total, 1))
    }
}
