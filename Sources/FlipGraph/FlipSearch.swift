import SchemeModel

/// The adaptive flip-graph search: one walk with reductions, plus transitions on plateaus
/// (Arai–Ichikawa–Hukushima) and restarts from the best scheme found.
public struct FlipSearch: Sendable {
    public struct Parameters: Sendable {
        /// Flips without a rank decrease before leaving the plateau.
        public var plateauLimit: Int
        /// How far above the best rank the walk may climb before it restarts from the best.
        public var maxRankIncrease: Int
        /// Stop when the rank reaches this.
        public var target: Int
        /// Stop after this many flips (makes a run reproducible regardless of speed).
        public var maxFlips: UInt64
        public var seed: UInt64

        public init(plateauLimit: Int = 100_000, maxRankIncrease: Int = 2, target: Int = 0, maxFlips: UInt64 = .max, seed: UInt64 = 1) {
            (self.plateauLimit, self.maxRankIncrease, self.target, self.maxFlips, self.seed) = (plateauLimit, maxRankIncrease, target, maxFlips, seed)
        }
    }

    /// Counters reported while the search runs and at its end.
    public struct Progress: Sendable {
        public var flips: UInt64 = 0
        public var plusTransitions: UInt64 = 0
        public var restarts: UInt64 = 0
        public var currentRank: Int
        public var bestRank: Int
    }

    public let parameters: Parameters
    public private(set) var best: GF2Scheme
    public private(set) var progress: Progress
    var walk: FlipWalk
    var sinceDecrease = 0
    var walkRank: Int

    /// Precondition: `start` is valid.
    public init(start: GF2Scheme, parameters: Parameters) {
        self.parameters = parameters
        best = start
        walk = FlipWalk(start, seed: parameters.seed)
        walkRank = start.rank
        progress = Progress(currentRank: start.rank, bestRank: start.rank)
    }

    /// True when the target is reached or the flip budget is spent.
    public var finished: Bool { best.rank <= parameters.target || totalFlips >= parameters.maxFlips }

    /// Runs up to `attempts` flip attempts; returns true when the best rank improved.
    public mutating func run(attempts: Int) -> Bool {
        var improved = false
        for _ in 0..<attempts {
            if finished { break }
            // A scheme without two terms sharing a factor has no flips at all: leave it at once.
            let flipped = walk.flip()
            sinceDecrease += flipped ? 1 : parameters.plateauLimit
            if walk.rank < walkRank {
                walkRank = walk.rank
                sinceDecrease = 0
                if walkRank < best.rank {
                    best = walk.scheme
                    improved = true
                }
            } else if walk.rank > walkRank {
                walkRank = walk.rank
            }
            if sinceDecrease >= parameters.plateauLimit {
                sinceDecrease = 0
                if walk.rank >= best.rank + parameters.maxRankIncrease {
                    let seed = parameters.seed &+ 0x9E37_79B9 &* (progress.restarts + 1)
                    progress.flips += walk.flips
                    progress.plusTransitions += walk.plusTransitions
                    walk = FlipWalk(best, seed: seed)
                    progress.restarts += 1
                }
                walk.plusTransition()
                walkRank = walk.rank
            }
        }
        progress.currentRank = walk.rank
        progress.bestRank = best.rank
        return improved
    }

    /// The scheme the walk is at now.
    public var current: GF2Scheme { walk.scheme }

    /// Flips so far, across restarts.
    public var totalFlips: UInt64 { progress.flips + walk.flips }
    public var totalPlusTransitions: UInt64 { progress.plusTransitions + walk.plusTransitions }
}
