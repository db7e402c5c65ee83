import ArgumentParser
import Catalogue
import Checker
import Derivation
import FlipGraph
import Foundation
import SchemeFormats
import SchemeModel

/// `fmm bench`: benchmarks that print figures (speed goals are checked here, never in tests).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print figures.",
        subcommands: [CheckBench.self, DeriveBench.self, TuneBench.self, FlipBench.self, LiftBench.self, NumericBench.self, RLBench.self, RLProbe.self]
    )
}

/// `fmm bench check FILE...`: reads and exactly checks every scheme in the files, `--repeat`
/// times, and prints the median time of reading, of checking and of both.
struct CheckBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Time reading and exactly checking every scheme in the files (median of runs)."
    )

    @Argument(help: "Scheme files, e.g. the AlphaTensor archives.")
    var files: [String]

    @Option(help: "Number of runs.")
    var `repeat` = 5

    func run() throws {
        var readTimes: [Double] = [], checkTimes: [Double] = []
        var schemes = 0, valid = 0
        for _ in 0..<max(1, `repeat`) {
            let start = DispatchTime.now()
            var all: [NamedScheme] = []
            for file in files { all += try SchemeFile.read(path: file) }
            let read = DispatchTime.now()
            let verdicts = all.map { Checker().verify($0.scheme) }
            let done = DispatchTime.now()
            readTimes.append(Double(read.uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
            checkTimes.append(Double(done.uptimeNanoseconds - read.uptimeNanoseconds) / 1e9)
            schemes = all.count
            valid = verdicts.filter(\.valid).count
        }
        let totals = zip(readTimes, checkTimes).map { $0 + $1 }
        func median(_ xs: [Double]) -> String { String(format: "%.3f s", xs.sorted()[xs.count / 2]) }
        print("schemes: \(schemes) (\(valid) valid), runs: \(readTimes.count), single thread")
        print("read:  \(median(readTimes))")
        print("check: \(median(checkTimes))")
        print("total: \(median(totals))")
    }
}

/// `fmm bench derive`: the dynamic programme over every shape up to `--max` (default 32).
struct DeriveBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "derive",
        abstract: "Time the derivation of rank bounds for every shape up to --max (median of runs)."
    )

    @Option(help: "Largest dimension.")
    var max = 32

    @Option(help: "Number of runs.")
    var `repeat` = 5

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let base = storeOptions.resolved.entriesOverQ.map(\.scheme)
        var times: [Double] = []
        var table: DerivationTable?
        for _ in 0..<Swift.max(1, `repeat`) {
            let start = DispatchTime.now()
            table = DerivationTable(maxDimension: max, base: base)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
        }
        let shapes = max * (max + 1) * (max + 2) / 6
        print("shapes: \(shapes) (1 ≤ n ≤ m ≤ p ≤ \(max)), base schemes: \(base.count), runs: \(times.count)")
        print(String(format: "derive: %.4f s (median)", times.sorted()[times.count / 2]))
        if let r = table?.rank(Shape(max, max, max)) { print("bound for \(max)x\(max)x\(max): \(r)") }
    }
}

/// `fmm bench flips`: flip throughput per core and time to target from the naive scheme.
struct FlipBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flips",
        abstract: "Flips per second on ⟨3,3,3⟩, ⟨4,4,4⟩, ⟨5,5,5⟩ over GF(2), ZT and GF(3), and time to target from the naive scheme (median of seeds)."
    )

    @Option(help: "Walks (seeds 1, 2, …) per shape for the throughput figure, each for --seconds; the figure is their total flips over their total time (a walk's rate depends on the plateau it settles on).")
    var walks = 1

    @Option(help: "Seconds of walking per shape for the throughput figure.")
    var seconds: Double = 3

    @Option(help: "Seeds for the time-to-target figures.")
    var seeds = 5

    @Option(help: "Time limit per seed for a target, in seconds.")
    var limit: Double = 60

    @Option(name: .customLong("attempts"), help: "Give each time-to-target search this many flip attempts instead of --limit seconds, and count attempts instead of seconds: the same result on any machine at any load (walks that refuse flips do less work per attempt).")
    var attemptLimit: UInt64?

    @Option(help: "Targets as SHAPE:RANK, comma separated.")
    var targets = "3x3x3:23,4x4x4:49"

    @Option(help: "First seed of the time-to-target searches (seeds first-seed, first-seed + 1, …), so that several processes can share the seeds.")
    var firstSeed = 1

    @Option(name: .customLong("restart-after"), help: "A time-to-target walk that finds no better scheme within this many flips starts afresh from the naive scheme with a new seed, as with fmm search --restart-after (default: never).")
    var restartAfter: UInt64?

    @Option(help: "Rings whose walks' throughput is measured (pure walk from the naive scheme: flips with their reductions, no plus transitions), comma-separated: Z2, ZT, Z3.")
    var rings = "Z2,ZT,Z3"

    @Option(help: "Reductions checked after each flip in the throughput figures: general (dependent sets of terms sharing a factor, as fmm search walks), pairs (two terms sharing two factors, as Kauers–Moosbauer's and Perminov's walks), or both.")
    var reductions = "both"

    @Option(help: "Rings whose walks are timed to the targets (the walk's own rank; Z3 ranks are not lifted here).")
    var targetRings = "Z2,ZT"

    @Flag(help: "Measure the cyclic-symmetric walk (--cyclic of fmm search) instead of the plain one (GF(2) only).")
    var cyclic = false

    @Option(help: "Plateau of the time-to-target searches (default: fmm search's for the walk).")
    var plateau: Int?

    @Option(help: "Climb of the time-to-target searches (default: fmm search's for the walk).")
    var climb: Int?

    @Option(help: "Time-to-target searches walk from a pool of this many schemes of the best rank (fmm search --pool); 0: one walk.")
    var pool = 0

    @Option(help: "With --pool: flips per walk (fmm search --walk-length).")
    var walkLength = 2_000_000

    /// For the Z2 time-to-target walks (fmm search's options).
    @OptionGroup var flipAcceptance: FlipAcceptanceOptions

    func run() throws {
        guard (1...100).contains(walks), (plateau ?? 1) >= 1, (1...100).contains(climb ?? 1), (restartAfter ?? 1) >= 1, firstSeed >= 0,
              (0...100_000).contains(pool), walkLength >= 1, (attemptLimit ?? 1) >= 1, flipAcceptance.isUniform || !cyclic else {
            printError("fmm bench flips: --walks must be within 1...100, --plateau, --restart-after, --walk-length and --attempts at least 1, --climb within 1...100, --pool within 0...100000, --sparsity-bias and --flip-policy not with --cyclic, and --first-seed not negative")
            throw ExitCode(2)
        }
        let acceptance = try flipAcceptance.acceptance(command: "fmm bench flips")
        let defaults = WalkDefaults(cyclic: cyclic, cubes: false)
        let (plateau, climb) = (plateau ?? defaults.plateau, climb ?? defaults.climb)
        let ringNames = rings.split(separator: ",").map(String.init), targetRingNames = targetRings.split(separator: ",").map(String.init)
        guard (ringNames + targetRingNames).allSatisfy({ ["Z2", "ZT", "Z3"].contains($0) }), ["general", "pairs", "both"].contains(reductions) else {
            printError("fmm bench flips: --rings and --target-rings take Z2, ZT and Z3; --reductions general, pairs or both")
            throw ExitCode(2)
        }
        print("time-to-target searches: plateau \(plateau), climb \(climb)\(restartAfter.map { ", restart after \($0) flips" } ?? "")\(pool > 0 ? ", pool \(pool), walk length \(walkLength)" : "")\(acceptance.note.isEmpty ? "" : ", Z2 \(acceptance.note)")")
        if cyclic {
            measure(CyclicFlipWalk.self, label: "Z2 cyclic", start: { CyclicScheme.naive($0.n) }, plateau: plateau, climb: climb, throughput: true, targets: true) { _, _ in }
            return
        }
        for name in ["Z2", "ZT", "Z3"] where ringNames.contains(name) || targetRingNames.contains(name) {
            let (throughput, targets) = (ringNames.contains(name), targetRingNames.contains(name))
            switch name {
            case "Z2": measure(FlipWalk.self, label: "Z2", start: GF2Scheme.naive, plateau: plateau, climb: climb, acceptance: acceptance.rule,
                               throughput: throughput, targets: targets) { $0.checksDependencies = $1 }
            case "ZT": measure(SignedFlipWalk.self, label: "ZT", start: { SignedScheme.naive($0, ring: .ternary) }, plateau: plateau, climb: climb,
                               signed: true, throughput: throughput, targets: targets) { $0.checksDependencies = $1 }
            default: measure(SignedFlipWalk.self, label: "Z3", start: { SignedScheme.naive($0, ring: .mod3) }, plateau: plateau, climb: climb,
                             signed: true, throughput: throughput, targets: targets) { $0.checksDependencies = $1 }
            }
        }
    }

    /// Throughput from the naive scheme, then time to each target (median over seeds), for
    /// one kind of walk with the given plateau, climb and flip acceptance (the acceptance for
    /// the time-to-target walks only).
    /// `checkDependencies(walk, on)` sets whether the walk's reductions include dependent sets
    /// (the cyclic walk has none to set).
    /// For `signed` walks the plateau, climb and fresh start not given as options are the signed
    /// walks' defaults (`WalkDefaults.signed`), named in each target's line.
    func measure<Walk: FlipWalking>(_: Walk.Type, label: String, start: (Shape) -> Walk.State, plateau: Int, climb: Int, acceptance: FlipAcceptance = .uniform, signed: Bool = false,
                                    throughput: Bool, targets doTargets: Bool, checkDependencies: (inout Walk, Bool) -> Void) where Walk.State: Equatable {
        let defaults = WalkDefaults.signed
        let (plateau, climb) = signed ? (self.plateau ?? defaults.plateau, self.climb ?? defaults.climb) : (plateau, climb)
        let stall = restartAfter ?? (signed ? defaults.restartAfter : nil)
        let stallNote = signed ? " (plateau \(plateau), climb \(climb)\(stall.map { ", fresh start after \($0) flips" } ?? ""))" : ""
        let kinds = cyclic ? [true] : reductions == "both" ? [true, false] : [reductions == "general"]
        for shape in [Shape(3, 3, 3), Shape(4, 4, 4), Shape(5, 5, 5)] where throughput {
          for general in kinds {
            var (totalFlips, totalTime, ranks) = (UInt64(0), 0.0, [Int]())
            for seed in 1...UInt64(max(1, walks)) {
                var walk = Walk(start(shape), seed: seed)
                checkDependencies(&walk, general)
                let begin = DispatchTime.now()
                var elapsed = 0.0
                while elapsed < seconds {
                    walk.flip(times: 1 << 20)
                    elapsed = Double(DispatchTime.now().uptimeNanoseconds - begin.uptimeNanoseconds) / 1e9
                }
                (totalFlips, totalTime) = (totalFlips + walk.flips, totalTime + elapsed)
                ranks.append(walk.rank)
            }
            print(String(format: "%@ %@%@: %.2fM flips/s (one core), rank%@ %@ after %.0fM flips", "\(shape)", label, cyclic ? "" : general ? ", general reductions" : ", pairs only",
                         Double(totalFlips) / totalTime / 1e6, ranks.count > 1 ? "s" : "", ranks.map(String.init).joined(separator: ", "), Double(totalFlips) / 1e6))
          }
        }
        for item in targets.split(separator: ",") where doTargets {
            let parts = item.split(separator: ":")
            guard parts.count == 2, let shape = try? Shape(parsing: String(parts[0]), limits: Limits(maxDimension: 16)), let target = Int(parts[1]) else { continue }
            var times: [Double] = []
            var reached = 0
            // The lowest rank each seed that missed the target reached within the limit.
            var missedRanks: [Int] = []
            for seed in firstSeed..<(firstSeed + max(1, seeds)) {
                // Each fresh walk after a stall gets its own seed, derived as fmm search derives it.
                func walk(_ index: UInt64) -> any FlipSearching<Walk.Snapshot> {
                    makeFlipSearch(Walk.self, start: start(shape), poolSize: pool, walkLength: walkLength, plateauLimit: plateau, climbLimit: climb, target: target,
                                   stallLimit: stall ?? .max, seed: SearchCommand.walkSeed(UInt64(seed), walk: index), acceptance: acceptance)
                }
                var walks: UInt64 = 0
                var search = walk(walks)
                var lowest = search.best.rank
                let begin = DispatchTime.now()
                var (elapsed, attempts) = (0.0, UInt64(0))
                while search.best.rank > target && (attemptLimit.map { attempts < $0 } ?? (elapsed < limit)) {
                    if search.finished {
                        walks += 1
                        search = walk(walks)
                    }
                    let chunk = Int(min(1 << 16, (attemptLimit ?? .max) - attempts))
                    _ = search.run(attempts: chunk)
                    attempts += UInt64(chunk)
                    lowest = min(lowest, search.best.rank)
                    elapsed = Double(DispatchTime.now().uptimeNanoseconds - begin.uptimeNanoseconds) / 1e9
                }
                // Seconds, or millions of attempts with --attempts.
                let cost = attemptLimit == nil ? elapsed : Double(attempts) / 1e6
                if search.best.rank <= target { reached += 1; times.append(cost) } else { times.append(.infinity); missedRanks.append(lowest) }
            }
            let sorted = times.sorted()
            let median = sorted[sorted.count / 2]
            let (unit, budget) = attemptLimit.map { ("M attempts", String(format: "%g", Double($0) / 1e6)) } ?? ("s", "\(limit)")
            let each = sorted.map { $0.isFinite ? String(format: "%.3f", $0) : ">\(budget)" }.joined(separator: ", ")
            let missed = missedRanks.isEmpty ? "" : "; the others reached \(missedRanks.sorted().map(String.init).joined(separator: ", "))"
            print(String(format: "%@ %@ -> %d%@: reached by %d of %d seeds; median %@ (%@: %@)%@", "\(shape)", label, target, stallNote, reached, times.count,
                         median.isFinite ? String(format: "%.3f %@", median, unit) : "not within \(budget) \(unit)", attemptLimit == nil ? "seconds" : "M attempts", each, missed))
        }
    }
}
