import Foundation
import TestSupport
import Testing

/// `fmm search --method rl|rl+flip` as a user runs it (the debug build, a few seconds each).
@Suite struct RLSearchCommandTests {
    /// Runs `fmm search ARGUMENTS --json` into a fresh store, expects success and returns the
    /// JSON summary with the store.
    func rlSearchSummary(_ arguments: [String]) throws -> ([String: Any], URL) {
        let store = try FMMProcess.temporaryDirectory()
        let result = try FMMProcess.run(["search"] + arguments + ["--store", store.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        return (try summary(result), store)
    }

    /// Every decomposition the agent reports is verified before it is stored; the summary has
    /// the documented fields and the stored entry records method and seed.
    @Test func rlSearchStoresAVerifiedSchemeWithProvenance() throws {
        let (json, store) = try rlSearchSummary(["2x2x2", "--method", "rl", "--seconds", "8", "--simulations", "30", "--seed", "2"])
        #expect(json["method"] as? String == "rl")
        let rank = try #require(json["rl_rank"] as? Int)
        #expect(rank >= 7 && rank <= 8)
        #expect(json["best_rank"] as? Int == rank)
        #expect((json["games"] as? Int ?? 0) >= 1)
        #expect((json["training_steps"] as? Int ?? 0) >= 1)
        let file = try #require(json["file"] as? String)
        let entry = try String(contentsOf: store.appendingPathComponent(file), encoding: .utf8)
        #expect(entry.contains("\"method\": \"rl\""))
        #expect(entry.contains("\"seed\": "))
        #expect(try FMMProcess.run(["verify", "--store", store.path]).status == 0)
    }

    /// rl+flip hands the agent's decomposition to the flip search and reports both ranks (one
    /// simulation of two samples per move keeps the agent above 7, so the flip half runs).
    @Test func rlPlusFlipReportsBothRanks() throws {
        let (json, store) = try rlSearchSummary(["2x2x2", "--method", "rl+flip", "--seconds", "20", "--simulations", "1", "--samples", "2", "--target", "7", "--seed", "1"])
        #expect(json["rl_rank"] is Int)
        #expect(json["flip_rank"] as? Int == 7, "\(json)")
        #expect(json["best_rank"] as? Int == 7)
        #expect(try FMMProcess.run(["verify", "--store", store.path]).status == 0)
    }

    /// --model saves the weights; a second run resumes from them; a model of another shape or
    /// a damaged file is refused with exit 2.
    @Test func modelCheckpointsAreSavedResumedAndChecked() throws {
        let dir = try FMMProcess.temporaryDirectory()
        let model = dir.appendingPathComponent("222.model").path
        let arguments = ["search", "2x2x2", "--method", "rl", "--seconds", "2", "--simulations", "20", "--store", dir.path, "--json", "--model", model]
        let first = try FMMProcess.run(arguments)
        #expect(first.status == 0)
        #expect(try summary(first)["model_loaded"] as? Bool == false)
        let saved = try #require(FileManager.default.contents(atPath: model))
        #expect(saved.starts(with: Data("fmm-rl-model 1 dims 4 4 4".utf8)))
        let resumed = try FMMProcess.run(arguments)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try summary(resumed)["model_loaded"] as? Bool == true)

        let other = try FMMProcess.run(["search", "2x2x3", "--method", "rl", "--seconds", "1", "--store", dir.path, "--model", model])
        #expect(other.status == 2)
        #expect(other.stderr.contains("another shape"), "\(other.stderr)")
        try Data(saved.prefix(100)).write(to: URL(fileURLWithPath: model))
        let damaged = try FMMProcess.run(arguments)
        #expect(damaged.status == 2)
        #expect(damaged.stderr.split(separator: "\n").count == 1, "\(damaged.stderr)")
    }

    /// --pretrain-fraction 1 only pretrains (no game) and saves the model; bench rl starts its
    /// learning runs from such a model and refuses a missing one, as search refuses a fraction
    /// outside 0...1, with one line.
    @Test func pretrainedModelFeedsTheBenchmark() throws {
        let dir = try FMMProcess.temporaryDirectory()
        let model = dir.appendingPathComponent("cyclic.model").path
        let (json, _) = try rlSearchSummary(["2x2x2", "--method", "rl", "--cyclic", "--pretrain-fraction", "1", "--seconds", "2", "--model", model])
        #expect(json["games"] as? Int == 0, "\(json)")
        #expect((json["training_steps"] as? Int ?? 0) >= 1)
        #expect(FileManager.default.fileExists(atPath: model))

        let bench = try FMMProcess.run(["bench", "rl", "2x2x2", "--cyclic", "--methods", "rl", "--seeds", "1", "--seconds", "3", "--simulations", "10", "--model", model])
        #expect(bench.status == 0, "\(bench.stderr)")
        #expect(bench.stdout.contains("learning methods start from \(model)"), "\(bench.stdout)")
        #expect(bench.stdout.contains("rl seed 1: rank "), "\(bench.stdout)")

        for refused in [["bench", "rl", "2x2x2", "--model", dir.appendingPathComponent("missing").path],
                        ["search", "2x2x2", "--method", "rl", "--pretrain-fraction", "1.5"]] {
            let result = try FMMProcess.run(refused)
            #expect(result.status == 2)
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        }
    }

    @Test func unknownMethodIsRefused() throws {
        let result = try FMMProcess.run(["search", "2x2x2", "--method", "genetic", "--seconds", "1"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("use flip, rl, rl+flip or numeric"))
    }

    /// The probe grades the pretrained network at depths 0–3 of Strassen's decomposition
    /// and refuses bad settings with one line.
    @Test func probeReportsEveryDepth() throws {
        let result = try FMMProcess.run(["bench", "rl-probe", "--seconds", "1", "--trials", "2", "--samples", "8"])
        #expect(result.status == 0, "\(result.stderr)")
        let depths = result.stdout.split(separator: "\n").filter { $0.hasPrefix("depth ") }
        #expect(depths.count == 4)
        #expect(depths.last?.contains("finish in 3") == true)
        let refused = try FMMProcess.run(["bench", "rl-probe", "--trials", "0"])
        #expect(refused.status == 2)
        #expect(refused.stderr.split(separator: "\n").count == 1)
    }

    /// In the cyclic game (orbit and fixed moves) even the untrained search reaches Strassen's
    /// rank 7 on ⟨2,2,2⟩: here seed 3 in 42 games. The stored scheme is verified and records
    /// the cyclic game in its provenance; a non-square shape is refused.
    @Test func cyclicGameReachesRankSeven() throws {
        let (json, store) = try rlSearchSummary(["2x2x2", "--method", "rl", "--cyclic", "--untrained", "--seconds", "120", "--target", "7", "--seed", "3"])
        #expect(json["rl_rank"] as? Int == 7)
        #expect(json["games_at_best_rank"] as? Int == 1, "the run stops at the game that reached the target: \(json)")
        let file = try #require(json["file"] as? String)
        let entry = try String(contentsOf: store.appendingPathComponent(file), encoding: .utf8)
        #expect(entry.contains("cyclic"))
        #expect(try FMMProcess.run(["verify", "--store", store.path]).status == 0)
        let refused = try FMMProcess.run(["search", "2x3x3", "--method", "rl", "--cyclic", "--store", store.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.split(separator: "\n").count == 1)
    }

    /// In the plain game the finish with extra terms completes a rank-7 decomposition after one
    /// right first move, so even the untrained search reaches Strassen's rank (seed 2: in its
    /// first game). The stored scheme is verified and its provenance names the finish; an
    /// out-of-range `--extra-finish-terms` is refused with one line.
    @Test func plainGameReachesRankSevenWithTheExtraTermsFinish() throws {
        let (json, store) = try rlSearchSummary(["2x2x2", "--method", "rl", "--untrained", "--seconds", "120", "--target", "7", "--seed", "2"])
        #expect(json["rl_rank"] as? Int == 7)
        let file = try #require(json["file"] as? String)
        let entry = try String(contentsOf: store.appendingPathComponent(file), encoding: .utf8)
        #expect(entry.contains("extra finish terms 2"))
        #expect(try FMMProcess.run(["verify", "--store", store.path]).status == 0)
        for refused in [["search", "2x2x2", "--method", "rl", "--extra-finish-terms", "3", "--store", store.path],
                        ["bench", "rl", "2x2x2", "--extra-finish-terms", "5"]] {
            let result = try FMMProcess.run(refused)
            #expect(result.status == 2, "\(refused)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }

    /// `--gf2-finish` reaches the game (its provenance names it) and what it stores verifies.
    @Test func theGF2FinishIsRecordedInTheProvenance() throws {
        let (json, store) = try rlSearchSummary(["2x3x3", "--method", "rl", "--untrained", "--gf2-finish", "--seconds", "3",
                                                 "--simulations", "10", "--seed", "1"])
        let file = try #require(json["file"] as? String)
        let entry = try String(contentsOf: store.appendingPathComponent(file), encoding: .utf8)
        #expect(entry.contains("GF(2) finish"))
        #expect(try FMMProcess.run(["verify", "--store", store.path]).status == 0)
    }

    /// The cyclic probe grades the first move of the pretrained and the untrained network.
    @Test func cyclicProbeComparesWithTheUntrainedNetwork() throws {
        let result = try FMMProcess.run(["bench", "rl-probe", "--cyclic", "--seconds", "1", "--trials", "2", "--samples", "8"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("of the pretrained network's samples lead to rank 7"))
        #expect(result.stdout.contains("of the untrained network's"))
    }
}
