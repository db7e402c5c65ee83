import SchemeModel

/// A scheme as a walk holds it: over GF(2) (`GF2Scheme`) or with coefficients -1, 0, 1 over Z
/// or GF(3) (`SignedScheme`).
public protocol WalkedScheme: Sendable, Equatable {
    var rank: Int { get }
    /// The terms as a `Scheme` (0/1 coefficients declared mod 2 for GF(2); -1, 0, 1 otherwise,
    /// which for a mod-3 scheme holds only modulo 3).
    var scheme: Scheme { get }
}

extension GF2SchemeOf: WalkedScheme {}
extension SignedSchemeOf: WalkedScheme {}

/// A walk in a flip graph that `FlipSearch` can drive: the plain one over GF(2) (`FlipWalk`,
/// states are schemes), the cyclic-symmetric one (`CyclicFlipWalk`, states are orbit lists), or
/// the one over ZT or GF(3) (`SignedFlipWalk`).
public protocol FlipWalking: Sendable {
    associatedtype State: Sendable
    associatedtype Snapshot: WalkedScheme
    init(_ state: State, seed: UInt64)
    /// Where the walk is now.
    var state: State { get }
    /// The walk's scheme with all its terms.
    var scheme: Snapshot { get }
    var rank: Int { get }
    var flips: UInt64 { get }
    var plusTransitions: UInt64 { get }
    /// One random flip (with the reductions it enables); false when no flip exists.
    mutating func flip() -> Bool
    /// `count` flip attempts in a row (a benchmark's inner loop, compiled for each walk).
    mutating func flip(times count: Int)
    /// One move up in rank to leave a plateau; false when the drawn move was trivial (the
    /// searches draw again at the next plateau, so they ignore it).
    @discardableResult
    mutating func plusTransition() -> Bool
    /// Which drawn flips the plain GF(2) walk makes (`FlipWalkOf.acceptance`); the other walks
    /// make every one and take only `.uniform`.
    var acceptance: FlipAcceptance { get set }
}

/// The cyclic and signed walks draw their flips uniformly.
protocol UniformFlips {}

extension UniformFlips {
    public var acceptance: FlipAcceptance {
        get { .uniform }
        set { precondition(newValue.isUniform, "only the plain walk over GF(2) refuses flips") }
    }
}

extension FlipWalkOf: FlipWalking {
    public var state: GF2SchemeOf<Word> { scheme }
}

extension FlipWalking {
    @_specialize(where Self == FlipWalk)
    @_specialize(where Self == WideFlipWalk)
    @_specialize(where Self == SignedFlipWalk)
    @_specialize(where Self == WideSignedFlipWalk)
    @_specialize(where Self == CyclicFlipWalk)
    public mutating func flip(times count: Int) {
        for _ in 0..<count { _ = flip() }
    }
}

/// The GF(2) walk with factor matrices up to 8×8 (one word per factor), the fast path.
public typealias FlipWalk = FlipWalkOf<UInt64>
/// The GF(2) walk with factor matrices up to 16×16.
public typealias WideFlipWalk = FlipWalkOf<Word256>

extension CyclicFlipWalk: FlipWalking, UniformFlips {
    public var scheme: GF2Scheme { state.scheme }
}

extension SignedFlipWalkOf: FlipWalking, UniformFlips {
    public var state: SignedSchemeOf<Word> { scheme }
}

/// The walk over ZT or GF(3) with factor matrices up to 8×8.
public typealias SignedFlipWalk = SignedFlipWalkOf<UInt64>
/// The walk over ZT or GF(3) with factor matrices up to 16×16.
public typealias WideSignedFlipWalk = SignedFlipWalkOf<Word256>

/// The plateau (flips without a rank decrease before a plus transition), climb (how far above
/// the best rank a walk may go before it restarts from the best) and fresh start (flips without
/// a new best before the walk starts again from its start with a new seed, nil for never) that
/// `fmm search` and `fmm bench flips` use unless told otherwise, per kind of walk.
public struct WalkDefaults: Sendable {
    public let plateau: Int
    public let climb: Int
    public var restartAfter: UInt64? = nil

    /// The plain walk. Short plateaus with room to climb: from the naive ⟨4,4,4⟩ they reach 49
    /// in a median 0.8 s (5 of 5 seeds), where a plateau of 100000 and a climb of 2 reached it
    /// for 1 seed of 5 within 120 s.
    public static let plain = WalkDefaults(plateau: 2_000, climb: 4)
    /// The cyclic-symmetric walk, whose graph is about three times smaller.
    public static let cyclic = WalkDefaults(plateau: 2_000, climb: 6)
    /// The cyclic walk from Moosbauer–Poole's diagonal cubes.
    public static let cubes = WalkDefaults(plateau: 5_000, climb: 12)
    /// The ternary and GF(3) walks: reductions are rarer than mod 2, so plateaus are longer and
    /// walks climb higher, and a walk that has found nothing better within 5·10⁸ flips (about a
    /// minute) starts a fresh descent. From the naive ⟨3,4,5⟩ these reached 48 in 600 s, where
    /// plateau 2000 and climb 4 stayed at 51 (with fresh descents after 5·10⁷ or 5·10⁸ flips, or
    /// none) and plateau 500 with climb 8 at 57.
    public static let signed = WalkDefaults(plateau: 10_000, climb: 6, restartAfter: 500_000_000)
}

extension WalkDefaults {
    /// The defaults of the walk that the `--cyclic` and `--cubes` options ask for.
    public init(cyclic: Bool, cubes: Bool) { self = cubes ? .cubes : cyclic ? .cyclic : .plain }
}

/// The adaptive flip-graph search: one walk with reductions, plus transitions on plateaus
/// (Arai–Ichikawa–Hukushima) and restarts from the best scheme found.
public struct FlipSearch<Walk: FlipWalking>: Sendable {
    public struct Parameters: Sendable {
        /// Flips without a rank decrease before leaving the plateau.
        public var plateauLimit: Int
        /// How far above the best rank the walk may climb before it restarts from the best.
        public var maxRankIncrease: Int
        /// Stop when the rank reaches this.
        public var target: Int
        /// Stop after this many flips (makes a run reproducible regardless of speed).
        public var maxFlips: UInt64
        /// Give up after this many flips without a new best (the caller then starts afresh).
        public var stallLimit: UInt64
        public var seed: UInt64
        /// Which drawn flips the walk makes (`FlipWalking.acceptance`).
        public var acceptance: FlipAcceptance

        public init(plateauLimit: Int = WalkDefaults.plain.plateau, maxRankIncrease: Int = WalkDefaults.plain.climb, target: Int = 0, maxFlips: UInt64 = .max,
                    stallLimit: UInt64 = .max, seed: UInt64 = 1, acceptance: FlipAcceptance = .uniform) {
            (self.plateauLimit, self.maxRankIncrease, self.target, self.maxFlips, self.stallLimit, self.seed, self.acceptance) =
                (plateauLimit, maxRankIncrease, target, maxFlips, stallLimit, seed, acceptance)
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
    public private(set) var best: Walk.Snapshot
    /// The walk's state at `best`, where restarts begin.
    var bestState: Walk.State
    public private(set) var progress: Progress
    var walk: Walk
    var sinceDecrease = 0
    var walkRank: Int

    /// Precondition: `start` is valid.
    public init(start: Walk.State, parameters: Parameters) {
        self.parameters = parameters
        bestState = start
        walk = Walk(start, seed: parameters.seed)
        walk.acceptance = parameters.acceptance
        best = walk.scheme
        walkRank = walk.rank
        progress = Progress(currentRank: walk.rank, bestRank: walk.rank)
    }

    /// Flips when the best last improved.
    var flipsAtBest: UInt64 = 0

    /// True when the target is reached, the flip budget is spent or the walk stalled.
    public var finished: Bool {
        best.rank <= parameters.target || totalFlips >= parameters.maxFlips || totalFlips - flipsAtBest >= parameters.stallLimit
    }

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
            // A scheme without two terms sharing a factor has no flips at all: leave it at once.
            let flipped = walk.flip()
            sinceDecrease += flipped ? 1 : parameters.plateauLimit
            if walk.rank < walkRank {
                walkRank = walk.rank
                sinceDecrease = 0
                if walkRank < best.rank {
                    best = walk.scheme
                    bestState = walk.state
                    flipsAtBest = totalFlips
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
                    walk = Walk(bestState, seed: seed)
                    walk.acceptance = parameters.acceptance
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
    public var current: Walk.Snapshot { walk.scheme }

    /// Flips so far, across restarts.
    public var totalFlips: UInt64 { progress.flips + walk.flips }
    public var totalPlusTransitions: UInt64 { progress.plusTransitions + walk.plusTransitions }
}
