import ArgumentParser
import FlipGraph
import Foundation
import RLSearch
import SchemeModel
import TensorGame

/// `fmm bench rl-probe`: where the agent's network fails on ⟨2,2,2⟩, measured against
/// Strassen's decomposition. The network is pretrained on synthetic demonstrations only (as
/// `fmm search --method rl` does first; Strassen is used here to grade, never to train). Then,
/// for random signed-permutation bases and random orders of Strassen's terms, at each depth k
/// (the residual after k of its terms, true rank 7 − k) it reports:
/// - the share of K sampled moves that are one of the 7 − k remaining terms;
/// - for k ≥ 2, the share whose subtraction the exact low-rank finish (Jennrich's alone, no
///   extra terms, a fixed yardstick) completes in 6 − k terms (the move lies in *some*
///   optimal decomposition of the residual);
/// - the value head's estimate of the moves left, next to its estimate for the residual after k
///   naive terms (true rank 8 − k). A useful value ranks the Strassen path lower.
///
/// With `--cyclic` it grades the cyclic game instead, where one right orbit move is enough: at
/// the start, in random bases (one signed permutation for all modes), the share of sampled
/// moves after which the Jennrich finish completes a rank-7 decomposition, for the pretrained
/// network and for the untrained one (the uniform policy) side by side.
struct RLProbe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rl-probe",
        abstract: "Grade the pretrained policy and value on residuals of Strassen's ⟨2,2,2⟩ decomposition, by depth."
    )

    @Option(help: "CPU seconds of synthetic pretraining.")
    var seconds: Double = 60

    @Option(help: "Random bases (and term orders) graded.")
    var trials = 40

    @Option(help: "Moves sampled per position.")
    var samples = 64

    @Option(help: "Random seed.")
    var seed: UInt64 = 5

    @Flag(help: "Grade the cyclic game's first move instead (pretrained and untrained).")
    var cyclic = false

    func run() throws {
        guard seconds > 0, (1...10_000).contains(trials), (1...4096).contains(samples) else {
            printError("fmm bench rl-probe: --seconds must be positive, --trials within 1...10000 and --samples within 1...4096")
            throw ExitCode(2)
        }
        let shape = Shape(2, 2, 2)
        var settings = RLAgent.Settings()
        settings.pretrainFraction = 1
        settings.rule = MoveRule(cyclic: cyclic)
        let agent = RLAgent(shape: shape, settings: settings, seed: seed)
        agent.run(deadline: DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9), target: 7, improved: { _ in }, report: { _ in })
        print(String(format: "pretrained %d steps in %.0f s; last policy loss %.3f, value loss %.4f", agent.progress.trainingSteps, seconds,
                     agent.progress.lastPolicyLoss, agent.progress.lastValueLoss))
        if cyclic {
            gradeCyclicStart(agent.network, shape)
            return
        }
        func move(_ term: Term) -> GameMove {
            GameMove(u: term.u.map { Int32($0.intValue!) }, v: term.v.map { Int32($0.intValue!) }, w: term.w.map { Int32($0.intValue!) })
        }
        let strassen = Scheme.strassen.terms.map(move)
        let naive = Scheme.naive(shape).terms.map(move)
        var generator = Xoshiro(seed: seed ^ 0x9e37)
        let depths = 0..<4
        var remainingShare = [Double](repeating: 0, count: 4), finishingShare = [Double](repeating: 0, count: 4)
        var strassenValue = [Double](repeating: 0, count: 4), naiveValue = [Double](repeating: 0, count: 4)
        for _ in 0..<trials {
            let basis = BasisChange.random(agent.network.configuration.dimensions, elementaryOperations: 0, using: &generator)
            let start = basis.apply(to: ResidualTensor(matrixMultiplication: shape))
            let terms = strassen.map { basis.map($0, toNewBasis: true).canonical }.shuffled(using: &generator)
            let naiveTerms = naive.map { basis.map($0, toNewBasis: true).canonical }.shuffled(using: &generator)
            for k in depths {
                var residual = start, naiveResidual = start
                for term in terms.prefix(k) { residual.subtract(term) }
                for term in naiveTerms.prefix(k) { naiveResidual.subtract(term) }
                var prior = NetworkPrior(network: agent.network, seed: generator.next())
                let movesLeft = Float(8 - k) / 8
                let (moves, value) = prior.evaluate(residual, movesLeft: movesLeft, samples: samples)
                strassenValue[k] += Double(value)
                naiveValue[k] += Double(prior.evaluate(naiveResidual, movesLeft: movesLeft, samples: 1).remaining)
                let remaining = Set(terms.dropFirst(k))
                for (candidate, share) in moves {
                    if remaining.contains(candidate.canonical) { remainingShare[k] += Double(share) }
                    guard k >= 2 else { continue }
                    var after = residual
                    after.subtract(candidate)
                    if TensorGame.finishLength(after, extraTerms: 0) == 6 - k { finishingShare[k] += Double(share) }
                }
            }
        }
        let n = Double(trials)
        for k in depths {
            print(String(format: "depth %d (rank %d): %.2f%% of samples are remaining terms%@; value %.2f on the Strassen path, %.2f on the naive path (true %d and %d)",
                         k, 7 - k, remainingShare[k] / n * 100,
                         k >= 2 ? String(format: ", %.2f%% finish in %d", finishingShare[k] / n * 100, 6 - k) : "",
                         strassenValue[k] / n, naiveValue[k] / n, 7 - k, 8 - k))
        }
    }

    /// The share of sampled first moves of the cyclic game that the exact finish completes to
    /// rank 7, for `network` and for an untrained network of the same size.
    func gradeCyclicStart(_ network: PolicyValueNetwork, _ shape: Shape) {
        var generator = Xoshiro(seed: seed ^ 0x9e37)
        // The network a fresh agent with this seed starts from (zero output layers: uniform policy).
        var initialisation = Xoshiro(seed: seed)
        let untrained = PolicyValueNetwork(network.configuration, using: &initialisation)
        var shares = [0.0, 0.0]
        for _ in 0..<trials {
            let basis = BasisChange.random(network.configuration.dimensions, elementaryOperations: 0, sameForAllModes: true, using: &generator)
            let start = basis.apply(to: ResidualTensor(matrixMultiplication: shape))
            for (index, candidate) in [network, untrained].enumerated() {
                var prior = NetworkPrior(network: candidate, seed: generator.next())
                for (move, share) in prior.evaluate(start, movesLeft: 1, samples: samples).moves {
                    var after = start
                    after.subtract(move, rule: .cyclic)
                    let cost = MoveRule.cyclic.cost(of: move)
                    if cost + TensorGame.finishLength(after, lowRankBelow: 8 - cost, extraTerms: 0) <= 7 {
                        shares[index] += Double(share)
                    }
                }
            }
        }
        print(String(format: "cyclic game, first move: %.3f%% of the pretrained network's samples lead to rank 7, %.3f%% of the untrained network's",
                     shares[0] / Double(trials) * 100, shares[1] / Double(trials) * 100))
    }
}
