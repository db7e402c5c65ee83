import ArgumentParser
import Catalogue
import Checker
import FlipGraph
import Foundation
import RLSearch
import SchemeFormats
import SchemeModel
import TensorGame

/// `fmm search SHAPE --method rl|rl+flip`: the TensorGame agent, its catalogue updates, and the
/// hand-off to the flip search.
extension SearchCommand {
    func runReinforcementLearning(_ shape: Shape, store: Store, seed: UInt64) throws {
        guard shape.uCount * shape.vCount * shape.wCount <= 4096 else {
            printError("fmm search: --method rl supports tensors of at most 4096 entries (up to 4x4x4); \(shape) has \(shape.uCount * shape.vCount * shape.wCount)")
            throw ExitCode(2)
        }
        let began = DispatchTime.now().uptimeNanoseconds
        let handOff = method == "rl+flip"
        let rlDeadline = began + UInt64(seconds * (handOff ? 0.5 : 1) * 1e9)
        let stopRank = target ?? 1
        var settings = RLAgent.Settings()
        settings.search.simulations = simulations
        settings.search.samplesPerNode = samples
        settings.search.extraFinishTerms = extraFinishTerms
        settings.search.gf2Finish = gf2Finish
        settings.learn = !untrained
        settings.pretrainFraction = pretrainFraction
        settings.rule = MoveRule(cyclic: cyclic)
        let saved = try model.flatMap { FileManager.default.fileExists(atPath: $0) ? try SavedModel(path: $0, command: "fmm search") : nil }
        let agentSeeds = (0..<threads).map { seed &+ UInt64($0) &* 0xD1B5_4A32_D192_ED03 }
        let agents = try agentSeeds.map { agentSeed in
            try saved?.agent(shape: shape, settings: settings, seed: agentSeed, command: "fmm search")
                ?? RLAgent(shape: shape, settings: settings, seed: agentSeed)
        }
        let parameters = "simulations \(simulations), samples \(samples), extra finish terms \(extraFinishTerms)\(gf2Finish ? ", GF(2) finish" : ""), threads \(threads)\(cyclic ? ", cyclic" : "")\(untrained ? ", untrained" : "")\(pretrainFraction != RLAgent.Settings().pretrainFraction ? ", pretrain fraction \(pretrainFraction)" : "")\(saved.map { ", model \($0.path)" } ?? "")"
        let recorder = RLRecorder(shape: shape, store: store, seed: seed, parameters: parameters, agents: threads)
        let group = DispatchGroup()
        for (t, (agent, agentSeed)) in zip(agents, agentSeeds).enumerated() {
            nonisolated(unsafe) let agent = agent
            group.enter()
            Thread.detachNewThread {
                agent.run(deadline: rlDeadline, target: stopRank,
                          improved: { recorder.improved($0, seed: agentSeed) },
                          report: { recorder.report(t, $0) })
                group.leave()
            }
        }
        while group.wait(timeout: .now() + 0.5) == .timedOut {
            recorder.printProgress()
        }
        recorder.printProgress(final: true)
        if let model {
            do { try SchemeFile.writeAtomically(agents[0].network.serialized(), to: model) } catch {
                printError("fmm search: cannot save the model: \(error)")
                throw ExitCode(2)
            }
        }
        let rl = recorder.summary
        var flipRank: Int?, flipFile: String?, flipRing: String?, flipsPerSecond: Double?
        if handOff, let found = recorder.bestScheme, let start = GF2Scheme(found), start.isValid {
            // The flip search walks on from the agent's best decomposition, reduced mod 2.
            let lift = ring == "Z"
            let handling = WalkResultHandling<GF2Scheme>.gf2(lift: lift)
            let session = SearchSession(shape: shape, store: store, handling: handling, seed: seed,
                                        parameters: "hand-off from rl rank \(found.rank), plateau \(plateauLimit), threads \(threads)",
                                        checkpointFolder: checkpoint)
            session.start(from: start, holdsOverQ: true)
            let flipBegan = DispatchTime.now().uptimeNanoseconds
            let results = runWalkers(stopRank: stopRank, seed: seed, deadline: began + UInt64(seconds * 1e9), session: session) { seed, target, maxFlips, rewound in
                makeSearch(start: rewound ?? start, cyclicStart: nil, target: target, maxFlips: maxFlips, seed: seed, acceptance: .uniform)
            }
            session.finish()
            let summary = session.summary
            flipRank = summary.bestRank
            flipRing = summary.ring
            flipFile = summary.file
            let flips = results.reduce(UInt64(0)) { $0 + $1.flips }
            flipsPerSecond = Double(flips) / max(Double(DispatchTime.now().uptimeNanoseconds - flipBegan) / 1e9, 1e-9)
            if let failure = session.writeFailure { recorder.noteWriteFailure(failure) }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
        let bestRank = min(rl.bestRank ?? Int.max, flipRank ?? Int.max)
        if json {
            func number(_ value: Int?) -> JSONValue { value.map { .number("\($0)") } ?? .null }
            print(JSONValue.object([
                ("shape", .array([shape.n, shape.m, shape.p].map { .number("\($0)") })),
                ("method", .string(method)),
                ("best_rank", number(bestRank == Int.max ? nil : bestRank)),
                ("ring", (flipRank ?? Int.max) < (rl.bestRank ?? Int.max) ? flipRing.map { .string($0) } ?? .null : rl.ring.map { .string($0) } ?? .null),
                ("rl_rank", number(rl.bestRank)),
                ("flip_rank", number(flipRank)),
                ("games", .number("\(rl.games)")),
                ("games_at_best_rank", .number("\(rl.gamesAtBestRank)")),
                ("simulations", .number("\(rl.simulations)")),
                ("training_steps", .number("\(rl.trainingSteps)")),
                ("model_loaded", .bool(saved != nil)),
                ("flips_per_second", flipsPerSecond.map { .number(String(format: "%.0f", $0)) } ?? .null),
                ("seconds", .number(String(format: "%.3f", elapsed))),
                ("cpu_seconds", .number(String(format: "%.3f", ProcessUsage().cpuSeconds))),
                ("seed", .number("\(seed)")),
                ("file", (flipFile ?? rl.file).map { .string($0) } ?? .null),
            ]).serialized())
        } else {
            var line = "rl: best rank \(rl.bestRank.map(String.init) ?? "-")\(rl.ring.map { " (\($0))" } ?? "") for \(shape) in \(rl.games) games (\(rl.gamesAtBestRank) of them at that rank), \(rl.simulations) simulations, \(rl.trainingSteps) training steps; \(rl.file.map { "stored \($0)" } ?? "catalogue unchanged")"
            if let flipRank { line += "\nrl+flip: flip search from the rl result reached rank \(flipRank)\(flipRing.map { " (\($0))" } ?? ""); \(flipFile.map { "stored \($0)" } ?? "catalogue unchanged")" }
            print(line + String(format: "\n%.1f s", elapsed))
        }
        if let failure = recorder.writeFailure {
            printError("fmm search: the store \(store.root.path) was not changed: \(failure)")
            throw ExitCode(2)
        }
    }
}

/// What the agents share with the main thread: exact verification and storing of every
/// improvement, and the progress of each agent.
final class RLRecorder: @unchecked Sendable {
    let shape: Shape
    let store: Store
    let seed: UInt64
    let parameters: String
    let started = DispatchTime.now()
    private let lock = NSLock()
    private var progress: [RLAgent.Progress?]
    private(set) var bestScheme: Scheme?
    private var ring: String?
    private var writes = CatalogueWrites()
    private var progressLine = ProgressLine()
    var writeFailure: String? { lock.withLock { writes.failure } }

    init(shape: Shape, store: Store, seed: UInt64, parameters: String, agents: Int) {
        (self.shape, self.store, self.seed, self.parameters) = (shape, store, seed, parameters)
        progress = Array(repeating: nil, count: agents)
    }

    /// Checks an agent's decomposition exactly; stores it when it is valid and the best so far.
    func improved(_ scheme: Scheme, seed agentSeed: UInt64) {
        lock.withLock {
            guard bestScheme.map({ scheme.rank < $0.rank }) ?? true else { return }
            let verdict = Checker().verify(scheme)
            guard let classified = CoefficientRing.classify(scheme, verdict), classified != .gf2 else { return }
            bestScheme = scheme
            ring = classified.rawValue
            let provenance = Provenance(method: "rl", source: "fmm search \(shape) --method rl --seed \(seed) (\(parameters))",
                                        seed: agentSeed, date: isoDate(), fmmVersion: FMMVersion.string)
            writes.add(scheme, provenance: provenance, to: store)
        }
    }

    func noteWriteFailure(_ failure: String) { lock.withLock { writes.noteFailure(failure) } }

    func report(_ agent: Int, _ state: RLAgent.Progress) { lock.withLock { progress[agent] = state } }

    /// `gamesAtBestRank`: games (of all agents) whose decomposition reached the lowest rank any
    /// agent found, counted from when each agent first found it.
    struct Summary { let bestRank: Int?; let ring: String?; let file: String?; let games: Int; let gamesAtBestRank: Int; let simulations: Int; let trainingSteps: Int }

    var summary: Summary {
        lock.withLock {
            let all = progress.compactMap { $0 }
            let lowest = all.map(\.bestRank).min()
            return Summary(bestRank: bestScheme?.rank, ring: ring, file: writes.added?.path, games: all.reduce(0) { $0 + $1.games },
                           gamesAtBestRank: all.filter { $0.bestRank == lowest }.reduce(0) { $0 + $1.gamesAtBestRank },
                           simulations: all.reduce(0) { $0 + $1.simulations }, trainingSteps: all.reduce(0) { $0 + $1.trainingSteps })
        }
    }

    /// The progress line on standard error (see `ProgressLine`); `final` forces it out.
    func printProgress(final: Bool = false) {
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let (all, best) = lock.withLock { (progress.compactMap { $0 }, bestScheme?.rank) }
        let simulations = all.reduce(0) { $0 + $1.simulations }
        let phase = all.contains { $0.pretraining } ? "pretraining" : "self-play"
        let loss = all.first.map { String(format: "%.2f/%.3f", $0.lastPolicyLoss, $0.lastValueLoss) } ?? "-"
        let text = String(format: "[%.1f s] rl %@: games %d, %.0f sims/s, training steps %d (loss %@), best %@",
                          elapsed, phase, all.reduce(0) { $0 + $1.games }, Double(simulations) / max(elapsed, 1e-9),
                          all.reduce(0) { $0 + $1.trainingSteps }, loss, best.map { "\($0)" } ?? "-")
        progressLine.show(text, elapsed: elapsed, final: final)
    }
}
