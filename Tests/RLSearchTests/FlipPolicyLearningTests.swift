import FlipGraph
import Foundation
@testable import RLSearch
import SchemeModel
import Testing

/// The learned flip policy: the cross-entropy learner over the walk's acceptance table and the
/// file `fmm learn-flips` writes.
@Suite struct FlipPolicyLearningTests {
    static func smallSettings() -> FlipAcceptanceLearner.Settings {
        var settings = FlipAcceptanceLearner.Settings()
        (settings.population, settings.elite, settings.episodes, settings.attemptsPerEpisode) = (6, 2, 2, 100_000)
        return settings
    }

    /// A seed reproduces the learning (the walks are seeded from the learner's generator), and
    /// every parameter stays a log-probability within [floor, 0].
    @Test func aSeedReproducesTheLearning() {
        var a = FlipAcceptanceLearner(shape: Shape(3, 3, 3), settings: Self.smallSettings(), seed: 3)
        var b = FlipAcceptanceLearner(shape: Shape(3, 3, 3), settings: Self.smallSettings(), seed: 3)
        for _ in 0..<3 {
            _ = a.step()
            _ = b.step()
        }
        #expect(a.mean == b.mean && a.deviation == b.deviation)
        #expect(a.mean != Array(repeating: 0, count: a.mean.count), "the mean moved")
        #expect(a.mean.allSatisfy { $0 <= 0 && $0 >= a.settings.floor })
        #expect(a.history.map(\.index) == [1, 2, 3])
        #expect(a.history.allSatisfy { $0.bestScore <= $0.eliteScore })
    }

    /// The mean moves towards the elite: where every sampled table scores alike except the ones
    /// that refuse weight-raising flips outright, which cannot leave the naive scheme (a score
    /// of the naive rank), the mean turns away from refusing them.
    @Test func theMeanMovesAwayFromTablesThatScoreWorse() {
        var settings = Self.smallSettings()
        settings.initialDeviation = 3
        var learner = FlipAcceptanceLearner(shape: Shape(2, 2, 3), settings: settings, seed: 8)
        for _ in 0..<4 { _ = learner.step() }
        // Every flip of the naive scheme raises the weight by 2; refusing those (log p near the
        // floor) scores the naive 12, so the elite keep them likely.
        #expect(learner.acceptance.probability(2) > 0.2, "\(learner.mean)")
        #expect(learner.history.last!.eliteScore < 12)
    }

    /// An episode's score: rank reached plus the share of the budget spent before it; the
    /// uniform walk reaches ⟨2,2,3⟩ 11 within 200000 attempts from the naive scheme, and a
    /// table refusing every weight-raising flip never leaves the naive 12.
    @Test func anEpisodeScoresTheRankReachedAndWhen() {
        let uniform = FlipAcceptanceLearner.score(shape: Shape(2, 2, 3), acceptance: .uniform, attempts: 200_000, seed: 1)
        #expect(uniform >= 11 && uniform < 12, "\(uniform)")
        let frozen = FlipAcceptanceLearner.score(shape: Shape(2, 2, 3), acceptance: .sparsityBias(100), attempts: 100_000, seed: 1)
        #expect(frozen == 12)
    }

    /// The file keeps the table and how it was learned; a damaged file is an error saying what is wrong.
    @Test func thePolicyFileRoundTripsAndRefusesDamage() throws {
        var learner = FlipAcceptanceLearner(shape: Shape(2, 3, 3), settings: Self.smallSettings(), seed: 2)
        _ = learner.step()
        let file = FlipPolicyFile(learner, seed: 2, seconds: 1.5)
        let loaded = try FlipPolicyFile.load(try file.encoded())
        #expect(loaded == file)
        #expect(loaded.acceptance == learner.acceptance)
        #expect(loaded.trainedOn == "2x3x3" && loaded.generations == 1 && loaded.meanScores.count == 1)
        let text = String(decoding: try file.encoded(), as: UTF8.self)
        for (damaged, message) in [
            (text.replacingOccurrences(of: "fmm flip policy 1", with: "fmm flip policy 9"), "format"),
            (text.replacingOccurrences(of: "\"changes\" : [", with: "\"changes\" : [\n    -17,"), "changes"),
            ("{\"format\": 1}", "not an fmm flip policy"),
        ] {
            #expect(throws: ModelFileError.self) { try FlipPolicyFile.load(Data(damaged.utf8)) }
            do { _ = try FlipPolicyFile.load(Data(damaged.utf8)) } catch { #expect("\(error)".contains(message), "\(error)") }
        }
        var positive = file
        positive.logProbabilities[0] = 0.5
        #expect(throws: ModelFileError.self) { try FlipPolicyFile.load(try positive.encoded()) }
    }
}
