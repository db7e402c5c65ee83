import ArgumentParser
import FlipGraph
import Foundation
import RLSearch
import SchemeFormats
import SchemeModel

/// `fmm learn-flips SHAPE`: learns which flips the plain walk over GF(2) should make, from the
/// walk's own descents from the naive scheme of SHAPE (`FlipAcceptanceLearner`), and writes the
/// policy for `--flip-policy`.
struct LearnFlipsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn-flips",
        abstract: "Learn a flip policy for the plain walk over GF(2) from its own descents from the naive scheme (cross-entropy method), for fmm search and fmm bench flips --flip-policy.",
        discussion: "The policy gives each change d in the weight of the two factors a flip changes (d = -span...span; larger changes count as ±span) the probability that the walk makes such a flip. Each generation plays --episodes walks of --attempts flip attempts from the naive scheme with each of --population policies around the current mean (the first is the mean itself; all share the generation's walk seeds), scores each by the lowest rank reached plus the share of the attempts spent before reaching it, and moves the mean towards the best --elite. No known scheme or rank is used. One core."
    )

    @Argument(help: "The training shape, e.g. 3x3x4 (factor matrices up to 64 entries).")
    var shape: String

    @Option(help: "Stop after this many seconds (at the end of a generation).")
    var seconds = 600.0

    @Option(help: "Stop after this many generations.")
    var generations = 1000

    @Option(help: "Policies per generation.")
    var population = FlipAcceptanceLearner.Settings().population

    @Option(help: "The best policies the mean moves towards.")
    var elite = FlipAcceptanceLearner.Settings().elite

    @Option(help: "Walks per policy and generation.")
    var episodes = FlipAcceptanceLearner.Settings().episodes

    @Option(help: "Flip attempts per walk.")
    var attempts = FlipAcceptanceLearner.Settings().attemptsPerEpisode

    @Option(help: "Changes in weight told apart (1...\(FlipAcceptance.reach)).")
    var span = FlipAcceptanceLearner.Settings().span

    @Option(help: "Seed of the learner (sampled policies and walk seeds).")
    var seed: UInt64 = 1

    @Option(help: "Write the policy here (JSON, atomically).")
    var out: String

    func run() throws {
        let target: Shape
        do { target = try Shape(parsing: shape, limits: Limits(maxDimension: 8)) } catch {
            printError("fmm learn-flips: \(error)")
            throw ExitCode(2)
        }
        guard GF2Scheme.supports(target) else {
            printError("fmm learn-flips: \(target) has a factor matrix above 64 entries; the learner trains the 64-bit walk")
            throw ExitCode(2)
        }
        guard seconds > 0, (1...100_000).contains(generations), (2...1000).contains(population), (1...population).contains(elite),
              (1...1000).contains(episodes), (1_000...1_000_000_000).contains(attempts), (1...FlipAcceptance.reach).contains(span) else {
            printError("fmm learn-flips: --seconds must be positive, --generations within 1...100000, --population within 2...1000, --elite within 1...population, --episodes within 1...1000, --attempts within 1000...1000000000, --span within 1...\(FlipAcceptance.reach)")
            throw ExitCode(2)
        }
        var settings = FlipAcceptanceLearner.Settings()
        (settings.population, settings.elite, settings.episodes, settings.attemptsPerEpisode, settings.span) = (population, elite, episodes, attempts, span)
        var learner = FlipAcceptanceLearner(shape: target, settings: settings, seed: seed)
        let start = Date()
        let stop = StopSignal.install()
        say("learning a flip policy on \(target) from the naive scheme: population \(population), elite \(elite), \(episodes) walk(s) of \(attempts) attempts each")
        while learner.history.count < generations && Date().timeIntervalSince(start) < seconds && stop.signal == nil {
            let generation = learner.step()
            let table = (-span...span).map { String(format: "%+d:%.2f", $0, learner.acceptance.probability($0)) }.joined(separator: " ")
            say(String(format: "generation %d (%.0f s): mean %.3f, elite %.3f, best %.3f; p(d) now %@", generation.index, Date().timeIntervalSince(start),
                         generation.meanScore, generation.eliteScore, generation.bestScore, table))
        }
        let file = FlipPolicyFile(learner, seed: seed, seconds: Date().timeIntervalSince(start))
        do { try AtomicFile.write(try file.encoded(), to: out) } catch {
            printError("fmm learn-flips: \(error)")
            throw ExitCode(1)
        }
        say("wrote \(out) after \(learner.history.count) generation(s)")
    }

    /// One line on standard output, unbuffered: a generation's line shows when it ends, also
    /// in a log file.
    func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
}
