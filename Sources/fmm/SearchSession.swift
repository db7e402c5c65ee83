import Catalogue
import Checker
import FlipGraph
import Foundation
import SchemeFormats
import SchemeModel

/// How a search turns the schemes its walks hold into catalogue candidates.
struct WalkResultHandling<Snapshot: WalkedScheme>: Sendable {
    /// Whether a walk's schemes must be lifted before they hold over Z/Q (GF(2) with --ring Z,
    /// GF(3)); a ternary walk's hold over Z as they are.
    let lifts: Bool
    /// What the provenance says of a lifted scheme.
    let liftNote: String
    /// The scheme over Z/Q for a walk's scheme (lifted with the given seed where `lifts`), or nil.
    let overQ: @Sendable (Snapshot, UInt64) -> Scheme?
    /// What to store when there is no scheme over Q (a GF(2) scheme as Z2), or nil.
    let modular: @Sendable (Snapshot) -> Scheme?
}

extension WalkResultHandling {
    /// A GF(2) walk's schemes: lifted to Z or Q with `lift` (else kept as Z2 when no lift).
    static func gf2<Word>(lift: Bool) -> WalkResultHandling where Snapshot == GF2SchemeOf<Word> {
        WalkResultHandling(
            lifts: lift, liftNote: "Hensel-lifted",
            overQ: { scheme, seed in lift ? HenselLift.lift(scheme, seed: seed, accepting: { Checker().verify($0).valid }) : nil },
            modular: { $0.scheme })
    }
}

/// What a running search shares between its walkers and the main thread: the best scheme so
/// far, lifting it, storing it in the catalogue, checkpoints and the progress line. Walkers only
/// report (`improved`); the main thread does the slow work (`processPending`) so they keep
/// walking, except with --flips, where the walker processes its own improvement at once so that
/// what is stored does not depend on timing.
final class SearchSession<Snapshot: WalkedScheme>: @unchecked Sendable {
    let shape: Shape
    let store: Store
    let handling: WalkResultHandling<Snapshot>
    var liftToIntegers: Bool { handling.lifts }
    let seed: UInt64
    /// The ring a lift must hold in to count as reaching its rank (ZT with --lift-ring ZT); lifts
    /// in wider rings are stored all the same where the catalogue takes them.
    let requiredRing: CoefficientRing
    let parameters: String
    /// Content hashes of the catalogue entries the start was taken from.
    let parents: [String]
    let checkpointFolder: String?
    /// After this many lifts in a row that fail (or do not reach `requiredRing`), the walkers go
    /// back to the lowest-rank scheme that did lift (`rewind(since:)`); 0: never. A GF(2) walk
    /// that has gone below its last lifted rank mostly stays among schemes with no 2-adic lift:
    /// on ⟨7,7,8⟩ a walk from the mod-2 278 lifted none of 9, while walks restarted by hand from
    /// the lifted 285 lifted 282.
    let rewindAfter: Int
    let started = DispatchTime.now()
    private let lock = NSLock()
    private var best: Snapshot?
    private var bestSeed: UInt64 = 0
    private var pending = false
    private var lastCheckpoint = DispatchTime.now()
    private(set) var liftsTried = 0
    private(set) var liftsSucceeded = 0
    /// The lowest-rank walk scheme known to lift into `requiredRing` (the start when it holds
    /// there): where a rewind goes.
    private var lastLifted: Snapshot?
    private var failedLiftsInARow = 0
    /// The latest rewind, numbered from 1, for the walkers to pick up.
    private var latestRewind: (number: Int, scheme: Snapshot)?
    /// The rank of the scheme each rewind went back to, in order.
    private(set) var rewoundTo: [Int] = []
    /// The lowest-rank scheme met, lifted or not (`best` goes back up at a rewind).
    private var lowest: Snapshot?
    private var writes = CatalogueWrites()
    /// Why the last store write failed (disk full, read-only store), if it did.
    var writeFailure: String? { writes.failure }

    init(shape: Shape, store: Store, handling: WalkResultHandling<Snapshot>, seed: UInt64, requiredRing: CoefficientRing = .rationals,
         parameters: String, parents: [String] = [], checkpointFolder: String?, rewindAfter: Int = 0) {
        (self.shape, self.store, self.handling, self.seed, self.requiredRing, self.parameters, self.parents, self.checkpointFolder, self.rewindAfter) =
            (shape, store, handling, seed, requiredRing, parameters, parents, checkpointFolder, rewindAfter)
    }

    /// The scheme the search starts from: the rank to beat. A start that holds only mod p (a Z2
    /// entry, a mod-2 file given with --from, or one not in `requiredRing`) has no lift yet: with lifting on it is itself
    /// lifted first (and stored if that succeeds), and schemes of its rank are worth lifting.
    func start(from scheme: Snapshot, holdsOverQ: Bool) {
        lock.withLock {
            best = scheme
            lowest = scheme
            if holdsOverQ { lastLifted = scheme } else if liftToIntegers { pending = true }
        }
    }

    /// True when lifting is on and `rank` is the best rank found, with no lift of that rank yet:
    /// a walker at that rank then offers its schemes (`improved`), since another scheme of the
    /// same rank may lift where the first did not.
    func awaitsLift(atRank rank: Int) -> Bool {
        lock.withLock { liftToIntegers && best?.rank == rank && liftedRank > rank }
    }

    /// Called by a walker when its best rank drops, or when it reaches the best rank again while
    /// that rank has no lift yet (another scheme of the same rank may lift). A retry at the same
    /// rank does not replace a scheme still waiting for its lift: the first scheme of a rank is
    /// the one nearest to a lifted scheme.
    func improved(_ scheme: Snapshot, seed: UInt64) {
        lock.withLock {
            let better = best.map { scheme.rank < $0.rank } ?? true
            let retry = liftToIntegers && !pending && best.map { scheme.rank == $0.rank && liftedRank > scheme.rank && scheme != $0 } ?? false
            if better || retry {
                best = scheme
                bestSeed = seed
                pending = true
            }
            if lowest.map({ scheme.rank < $0.rank }) ?? true { lowest = scheme }
        }
    }

    /// The target is met by a scheme of rank ≤ `rank`, lifted when lifting was asked for.
    func targetReached(_ rank: Int) -> Bool {
        lock.withLock { liftToIntegers ? liftedRank <= rank : (best.map { $0.rank <= rank } ?? false) }
    }

    /// Lowest rank lifted into `requiredRing` (the start's when it holds there); read under `lock`.
    private var liftedRank: Int { lastLifted?.rank ?? .max }

    /// Serialises `processPending` between the main thread and a walker run with --flips.
    private let processLock = NSLock()

    /// Lifts, verifies and stores a pending improvement; writes a checkpoint when due. Called by
    /// the main thread twice a second, and by a walker run with --flips after each improvement
    /// (which then knows whether it lifted before it walks on).
    func processPending(force: Bool = false) {
        processLock.withLock {
            let (candidate, walkerSeed): (Snapshot?, UInt64) = lock.withLock {
                defer { pending = false }
                return (pending ? best : nil, bestSeed)
            }
            if let candidate { store(candidate, walkerSeed: walkerSeed) }
            let now = DispatchTime.now()
            if let folder = checkpointFolder, let scheme = lock.withLock({ lowest }),
               force || Double(now.uptimeNanoseconds - lastCheckpoint.uptimeNanoseconds) / 1e9 >= interval {
                lastCheckpoint = now
                let path = URL(fileURLWithPath: folder).appendingPathComponent("checkpoint-\(shape)-seed\(seed).json").path
                try? SchemeFile.writeAtomically(JSONSchemeFormat.write(scheme.scheme), to: path)
            }
        }
    }

    var interval: Double = 10

    private func store(_ scheme: Snapshot, walkerSeed: UInt64) {
        var toStore: Scheme?
        if liftToIntegers {
            liftsTried += 1
            toStore = handling.overQ(scheme, walkerSeed)
            if toStore != nil { liftsSucceeded += 1 }
            recordLift(of: scheme, reachedRequiredRing: toStore.map { CoefficientRing.coefficients(of: $0).isAtLeastAsRestrictive(as: requiredRing) } ?? false)
        } else {
            toStore = handling.overQ(scheme, walkerSeed)
        }
        let lifted = liftToIntegers && toStore != nil
        guard let toStore = toStore ?? handling.modular(scheme) else { return }
        let provenance = Provenance(method: "flip", source: "fmm search \(shape) --seed \(seed) (\(parameters))\(lifted ? ", \(handling.liftNote)" : "")",
                                    parents: parents, seed: walkerSeed, date: isoDate(), fmmVersion: FMMVersion.string)
        writes.add(toStore, provenance: provenance, to: store)
    }

    /// Keeps the lowest lifted scheme, and rewinds after `rewindAfter` failures in a row.
    private func recordLift(of scheme: Snapshot, reachedRequiredRing: Bool) {
        lock.withLock {
            if reachedRequiredRing {
                if lastLifted.map({ scheme.rank <= $0.rank }) ?? true { lastLifted = scheme }
                failedLiftsInARow = 0
                return
            }
            failedLiftsInARow += 1
            guard rewindAfter > 0, failedLiftsInARow >= rewindAfter, let point = lastLifted else { return }
            failedLiftsInARow = 0
            // The rank to beat goes back to the lifted one, so that the rewound walks offer their
            // first schemes below it for lifting; what the walkers offer from before the rewind
            // is dropped.
            best = point
            pending = false
            latestRewind = ((latestRewind?.number ?? 0) + 1, point)
            rewoundTo.append(point.rank)
        }
    }

    /// The latest rewind when it is newer than the one numbered `seen` (0: none seen): a walker
    /// then leaves its walk and starts the next from `scheme`.
    func rewind(since seen: Int) -> (number: Int, scheme: Snapshot)? {
        lock.withLock { latestRewind.flatMap { $0.number > seen ? $0 : nil } }
    }

    /// The progress line on standard error: redrawn in place on a terminal; written as a new
    /// line every `ProgressLine.logInterval` seconds when standard error is a file or a pipe.
    /// `final` forces the line out (the last figures of a run).
    func printProgress(flips: UInt64, currentRank: Int, final: Bool = false) {
        processPending()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let (bestRank, rewinds) = lock.withLock { (lowest?.rank, rewoundTo.count) }
        let text = String(format: "[%.1f s] %.2fM flips/s  current %d  best %@  lifts %d (%d lifted)%@",
                          elapsed, Double(flips) / max(elapsed, 1e-9) / 1e6, currentRank, bestRank.map { "\($0)" } ?? "-", liftsTried, liftsSucceeded,
                          rewinds > 0 ? "  rewinds \(rewinds)" : "")
        progressLine.show(text, elapsed: elapsed, final: final)
    }

    private var progressLine = ProgressLine()

    func finish() { processPending(force: true) }

    /// `ring` and `file` are nil when the search stored nothing (no improvement on the start).
    /// `liftedRank` is the lowest rank lifted into the required ring (the start's when it holds
    /// there), nil without lifting or when nothing lifted.
    struct Summary {
        let bestRank: Int; let ring: String?; let liftsTried: Int; let liftsSucceeded: Int; let liftedRank: Int?; let rewoundTo: [Int]; let file: String?
    }

    var summary: Summary {
        let (rank, lifted, rewinds): (Int, Int, [Int]) = lock.withLock { (lowest?.rank ?? 0, liftedRank, rewoundTo) }
        return Summary(bestRank: rank, ring: writes.added?.ring.rawValue, liftsTried: liftsTried, liftsSucceeded: liftsSucceeded,
                       liftedRank: liftToIntegers && lifted < .max ? lifted : nil, rewoundTo: rewinds, file: writes.added?.path)
    }
}
