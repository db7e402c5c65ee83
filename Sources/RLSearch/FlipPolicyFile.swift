import FlipGraph
import Foundation

/// A learned flip acceptance table as `fmm learn-flips` writes it and `--flip-policy` reads it:
/// JSON with `format` "fmm flip policy 1", `changes` (d = −reach...reach) and
/// `log_probabilities` (log p(d) ≤ 0, one per change), and how it was learned: the training
/// shape, seed, generations, seconds, the learner's settings, and each generation's score of
/// the mean (lowest rank reached plus the share of the budget spent before it).
public struct FlipPolicyFile: Codable, Sendable, Equatable {
    public static let formatName = "fmm flip policy 1"

    public var format = Self.formatName
    public var changes: [Int]
    public var logProbabilities: [Double]
    public var trainedOn: String
    public var seed: UInt64
    public var generations: Int
    public var seconds: Double
    public var population: Int
    public var episodes: Int
    public var attemptsPerEpisode: Int
    public var meanScores: [Double]

    enum CodingKeys: String, CodingKey {
        case format, changes, seed, generations, seconds, population, episodes
        case logProbabilities = "log_probabilities", trainedOn = "trained_on", attemptsPerEpisode = "attempts_per_episode", meanScores = "mean_scores"
    }

    /// The learner's current mean, with how it was learned.
    public init(_ learner: FlipAcceptanceLearner, seed: UInt64, seconds: Double) {
        changes = Array(-FlipAcceptance.reach...FlipAcceptance.reach)
        logProbabilities = learner.acceptance.logProbabilities
        trainedOn = learner.shape.description
        (self.seed, self.seconds, generations) = (seed, seconds, learner.history.count)
        (population, episodes, attemptsPerEpisode) = (learner.settings.population, learner.settings.episodes, learner.settings.attemptsPerEpisode)
        meanScores = learner.history.map(\.meanScore)
    }

    /// Reads a policy file; anything else is an error saying what is wrong.
    public static func load(_ data: Data) throws -> FlipPolicyFile {
        let file: FlipPolicyFile
        do { file = try JSONDecoder().decode(FlipPolicyFile.self, from: data) } catch {
            throw ModelFileError("not an fmm flip policy (JSON with format, changes and log_probabilities)")
        }
        guard file.format == formatName else { throw ModelFileError("flip policy format '\(file.format)', expected '\(formatName)'") }
        guard file.changes == Array(-FlipAcceptance.reach...FlipAcceptance.reach), file.logProbabilities.count == file.changes.count,
              file.logProbabilities.allSatisfy({ $0 <= 0 && $0.isFinite }) else {
            throw ModelFileError("a flip policy needs changes \(-FlipAcceptance.reach)...\(FlipAcceptance.reach) and as many finite log_probabilities ≤ 0")
        }
        return file
    }

    public var acceptance: FlipAcceptance { FlipAcceptance(logProbabilities: logProbabilities) }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
