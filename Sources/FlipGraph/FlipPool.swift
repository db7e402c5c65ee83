/// The pool-of-walkers search (Kauers–Moosbauer, Arai–Ichikawa–Hukushima): instead of one long
/// walk, many short walks start from a pool of distinct schemes of the best rank found so far.
/// A walk that ends at that rank adds its scheme to the pool (replacing a random member when
/// the pool is full), so the pool spreads over the plateau; a walk that goes lower starts a new
/// pool at the lower rank. Within a walk, a plateau of `plateauLimit` flips without a reduction
/// triggers a plus transition, as in `FlipSearch`, unless the walk is already `climbLimit` or
/// more above the pool's rank: then it ends (without the limit, plus transitions every
/// `plateauLimit` flips take a long walk dozens of terms up, where it is wasted). Every walk
/// after the first starts with a plus transition, as a restarted `FlipSearch` walk does; a
/// walk started at the pool's rank itself wanders its plateau first, and on ⟨2,6,6⟩ from the
/// naive 72 such pools stayed at 69–71 in 10–30 s where one long walk reached 64–67 in 10 s.
/// Walks must be long enough to leave the pool's rank and come back lower: on ⟨2,5,6⟩ from the
/// naive 60, walks of 2·10⁶ flips reached 51 in 30 s, walks of 2·10⁵ only 59
/// (`fmm search --pool 64 --walk-length`). A pool that finds no better rank in `stallLimit`
/// flips is finished, and the caller starts a fresh one (`--restart-after`).
public struct FlipPool<Walk: FlipWalking>: FlipSearching where Walk.State: Equatable {
    public struct Parameters: Sendable {
        public var poolSize: Int
        /// Flips per short walk.
        public var walkLength: Int
        public var plateauLimit: Int
        /// How far above the pool's rank a walk may climb by plus transitions.
        public var climbLimit: Int
        public var target: Int
        public var maxFlips: UInt64
        /// Flips without a better rank after which the pool search is finished, so that the
        /// caller starts a fresh pool from the start (`--restart-after`).
        public var stallLimit: UInt64
        public var seed: UInt64
        /// Which drawn flips the walks make (`FlipWalking.acceptance`).
        public var acceptance: FlipAcceptance

        public init(poolSize: Int = 64, walkLength: Int = 200_000, plateauLimit: Int = 50_000, climbLimit: Int = .max / 2,
                    target: Int = 0, maxFlips: UInt64 = .max, stallLimit: UInt64 = .max, seed: UInt64 = 1, acceptance: FlipAcceptance = .uniform) {
            (self.poolSize, self.walkLength, self.plateauLimit, self.climbLimit, self.target, self.maxFlips, self.stallLimit, self.seed, self.acceptance) =
                (poolSize, walkLength, plateauLimit, climbLimit, target, maxFlips, stallLimit, seed, acceptance)
        }
    }

    public let parameters: Parameters
    public private(set) var best: Walk.Snapshot
    /// Distinct walk states of rank `best.rank`.
    public private(set) var pool: [Walk.State]
    var walk: Walk
    var stepsInWalk = 0
    var sinceReduction = 0
    var finishedFlips: UInt64 = 0
    /// Flips when the best rank last improved.
    var flipsAtBest: UInt64 = 0
    var generator: Xoshiro

    /// Precondition: `start` is valid.
    public init(start: Walk.State, parameters: Parameters) {
        self.parameters = parameters
        generator = Xoshiro(seed: parameters.seed)
        walk = Walk(start, seed: parameters.seed)
        walk.acceptance = parameters.acceptance
        best = walk.scheme
        pool = [walk.state]
    }

    public var finished: Bool {
        best.rank <= parameters.target || totalFlips >= parameters.maxFlips || totalFlips - flipsAtBest >= parameters.stallLimit
    }
    public var totalFlips: UInt64 { finishedFlips + walk.flips }
    public var current: Walk.Snapshot { walk.scheme }
    public var currentRank: Int { walk.rank }

    /// Runs up to `attempts` flip attempts; returns true when the best rank improved.
    @_specialize(where Walk == FlipWalk)
    @_specialize(where Walk == WideFlipWalk)
    @_specialize(where Walk == SignedFlipWalk)
    @_specialize(where Walk == WideSignedFlipWalk)
    @_specialize(where Walk == CyclicFlipWalk)
    public mutating func run(attempts: Int) -> Bool {
        var improved = false
        for _ in 0..<attempts {
            if finished { break }
            let before = walk.rank
            let flipped = walk.flip()
            stepsInWalk += 1
            sinceReduction += flipped ? 1 : parameters.plateauLimit
            if walk.rank < before { sinceReduction = 0 }
            if walk.rank < best.rank {
                best = walk.scheme
                pool = [walk.state]
                flipsAtBest = totalFlips
                improved = true
            }
            if sinceReduction >= parameters.plateauLimit {
                sinceReduction = 0
                if walk.rank >= best.rank + parameters.climbLimit { endWalk() } else { walk.plusTransition() }
            }
            if stepsInWalk >= parameters.walkLength { endWalk() }
        }
        return improved
    }

    /// Keeps the walk's scheme when it has the pool's rank, then starts the next walk from a
    /// random pool member.
    mutating func endWalk() {
        if walk.rank == best.rank {
            let state = walk.state
            if !pool.contains(state) {
                if pool.count < parameters.poolSize { pool.append(state) } else { pool[generator.below(pool.count)] = state }
            }
        }
        finishedFlips += walk.flips
        walk = Walk(pool[generator.below(pool.count)], seed: generator.next())
        walk.acceptance = parameters.acceptance
        stepsInWalk = 0
        sinceReduction = 0
        walk.plusTransition()
    }
}

/// One walker's flip search from `start`: a pool of `poolSize` short walks of `walkLength` flips
/// (`FlipPool`) when `poolSize` > 0, else one long walk (`FlipSearch`), with the same plateau,
/// climb, target, flip budget, stall limit and flip acceptance (`fmm search` and `fmm bench
/// flips` both build their searches here).
public func makeFlipSearch<Walk: FlipWalking>(_: Walk.Type, start: Walk.State, poolSize: Int, walkLength: Int, plateauLimit: Int, climbLimit: Int,
                                              target: Int, maxFlips: UInt64 = .max, stallLimit: UInt64, seed: UInt64, acceptance: FlipAcceptance = .uniform) -> any FlipSearching<Walk.Snapshot>
where Walk.State: Equatable {
    if poolSize > 0 {
        return FlipPool<Walk>(start: start, parameters: .init(poolSize: poolSize, walkLength: walkLength, plateauLimit: plateauLimit, climbLimit: climbLimit,
                                                              target: target, maxFlips: maxFlips, stallLimit: stallLimit, seed: seed, acceptance: acceptance))
    }
    return FlipSearch<Walk>(start: start, parameters: .init(plateauLimit: plateauLimit, maxRankIncrease: climbLimit, target: target, maxFlips: maxFlips,
                                                            stallLimit: stallLimit, seed: seed, acceptance: acceptance))
}

/// What the search command needs of a flip search: run in chunks, report the best and the
/// current scheme.
public protocol FlipSearching<Snapshot> {
    associatedtype Snapshot: WalkedScheme
    mutating func run(attempts: Int) -> Bool
    var best: Snapshot { get }
    var current: Snapshot { get }
    var currentRank: Int { get }
    var finished: Bool { get }
    var totalFlips: UInt64 { get }
}

extension FlipSearch: FlipSearching {
    public var currentRank: Int { progress.currentRank }
}
