import FlipGraph
import Foundation
import SchemeModel

/// Learns which drawn flips the plain GF(2) walk should make (`FlipAcceptance`) from the walk's
/// own descents from the naive scheme: the cross-entropy method (Rubinstein 1999), a policy
/// search that keeps a Gaussian over the policy's parameters and moves it towards the
/// parameters whose episodes scored best.
///
/// The parameters are log p(d) for the weight changes d = −span...span (a change beyond ±span
/// takes the end value), each within [floor, 0]. A generation samples `population` tables
/// around the mean (the first is the mean itself), plays `episodes` walks with each, the same
/// walk seeds for every table of the generation (common random numbers), and scores a table by
/// its episodes' mean `score`. The mean and deviation then move by `step` towards those of the
/// `elite` best tables; the deviation never falls below `minimumDeviation`. Nothing but the
/// naive scheme of the training shape and the walk's own results enter: no known scheme or rank.
public struct FlipAcceptanceLearner: Sendable {
    public struct Settings: Sendable {
        /// Changes d told apart by the learned table.
        public var span = 4
        public var population = 12
        public var elite = 3
        /// Walks per table and generation.
        public var episodes = 3
        /// Flip attempts per walk (refused flips count: the budget is the walk's work).
        public var attemptsPerEpisode = 2_000_000
        public var initialDeviation = 1.5
        public var minimumDeviation = 0.1
        /// Lowest log-probability: e^−6 ≈ 0.25 % of such flips are made.
        public var floor = -6.0
        /// How far the mean and deviation move towards the elite's per generation.
        public var step = 0.7

        public init() {}
    }

    /// What one generation did.
    public struct Generation: Sendable {
        public let index: Int
        /// The score of the mean before the update (the generation's first table).
        public let meanScore: Double
        /// The mean score of the elite tables.
        public let eliteScore: Double
        /// The best table's score.
        public let bestScore: Double
    }

    public let shape: Shape
    public let settings: Settings
    /// log p(d) for d = −span...span.
    public private(set) var mean: [Double]
    public private(set) var deviation: [Double]
    public private(set) var history: [Generation] = []
    var rng: Xoshiro

    /// Starts at the uniform walk (log p = 0 everywhere). Precondition: the shape's factors fit
    /// a 64-bit word (the fast walk), and settings within range (span 1...reach, elite 1...population).
    public init(shape: Shape, settings: Settings = .init(), seed: UInt64) {
        precondition(max(shape.n * shape.m, shape.m * shape.p, shape.p * shape.n) <= 64, "the learner trains the 64-bit walk")
        precondition((1...FlipAcceptance.reach).contains(settings.span) && (1...settings.population).contains(settings.elite) && settings.episodes >= 1)
        (self.shape, self.settings) = (shape, settings)
        mean = Array(repeating: 0, count: 2 * settings.span + 1)
        deviation = Array(repeating: settings.initialDeviation, count: 2 * settings.span + 1)
        rng = Xoshiro(seed: seed)
    }

    /// The table the mean stands for.
    public var acceptance: FlipAcceptance { Self.table(mean) }

    /// The full table of a parameter vector over −span...span: changes beyond take the end values.
    static func table(_ parameters: [Double]) -> FlipAcceptance {
        let span = parameters.count / 2
        return FlipAcceptance(logProbabilities: (-FlipAcceptance.reach...FlipAcceptance.reach).map { parameters[min(max($0, -span), span) + span] })
    }

    /// One generation: sample, play, score, move the mean and deviation.
    public mutating func step() -> Generation {
        let seeds = (0..<settings.episodes).map { _ in rng.next() }
        var candidates = [mean]
        while candidates.count < settings.population {
            candidates.append(zip(mean, deviation).map { mu, sigma in
                min(0, max(settings.floor, mu + sigma * standardNormal()))
            })
        }
        let scores = candidates.map { candidate in
            let acceptance = Self.table(candidate)
            return seeds.map { Self.score(shape: shape, acceptance: acceptance, attempts: settings.attemptsPerEpisode, seed: $0) }.reduce(0, +) / Double(seeds.count)
        }
        let ranked = scores.indices.sorted { (scores[$0], $0) < (scores[$1], $1) }
        let elite = ranked.prefix(settings.elite).map { candidates[$0] }
        for k in mean.indices {
            let eliteMean = elite.map { $0[k] }.reduce(0, +) / Double(elite.count)
            let eliteDeviation = (elite.map { ($0[k] - eliteMean) * ($0[k] - eliteMean) }.reduce(0, +) / Double(elite.count)).squareRoot()
            mean[k] += settings.step * (eliteMean - mean[k])
            deviation[k] = max(settings.minimumDeviation, deviation[k] + settings.step * (eliteDeviation - deviation[k]))
        }
        let generation = Generation(index: history.count + 1, meanScore: scores[0],
                                    eliteScore: ranked.prefix(settings.elite).map { scores[$0] }.reduce(0, +) / Double(settings.elite),
                                    bestScore: scores[ranked[0]])
        history.append(generation)
        return generation
    }

    /// An episode: the adaptive flip search (default plateau and climb) from the naive scheme of
    /// `shape` for `attempts` flip attempts. Its score is the lowest rank reached plus the share
    /// of the attempts spent before first reaching it (lower is better: a rank sooner, or a
    /// lower rank at all).
    public static func score(shape: Shape, acceptance: FlipAcceptance, attempts: Int, seed: UInt64) -> Double {
        var search = FlipSearch<FlipWalk>(start: GF2Scheme.naive(shape), parameters: .init(seed: seed, acceptance: acceptance))
        let chunk = 10_000
        var spent = 0, spentAtBest = 0
        while spent < attempts {
            if search.run(attempts: min(chunk, attempts - spent)) { spentAtBest = spent }
            spent += chunk
        }
        return Double(search.best.rank) + Double(spentAtBest) / Double(attempts)
    }

    /// A standard normal sample (Box–Muller).
    mutating func standardNormal() -> Double {
        let u1 = (Double(rng.next() >> 11) + 1) / Double(1 << 53)
        let u2 = Double(rng.next() >> 11) / Double(1 << 53)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
