import ArgumentParser
import Catalogue
import Checker
import Derivation
import FlipGraph
import Foundation
import RLSearch
import SchemeFormats
import SchemeModel

/// `fmm search SHAPE --method flip|rl|rl+flip`: flip-graph search with lifting, or the
/// TensorGame agent (`RLSearchRun.swift`), and catalogue updates.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search for lower-rank schemes (flip graphs over GF(2) lifted to Z/Q, or reinforcement learning) and add improvements to the catalogue.",
        discussion: """
        Starts from --from FILE (--from naive: the naive scheme; --from restriction: the shortest restriction of a larger catalogue entry; --from extension: a smaller entry plus a naive row or column), else the catalogue's best entry for SHAPE \
        (reduced mod 2; with --ring Z one valid over Q where there is one), else the naive scheme. Improvements are lifted (with --ring Z), checked exactly and added to the catalogue with \
        certificate and provenance; a scheme that does not lift is stored as Z2. With one thread and --flips \
        the run is reproducible for a seed. --shard i/N seeds shard i apart from the others.
        """
    )

    @Argument(help: "The shape, e.g. 3x3x3.")
    var shape: String

    @Option(help: "Search method: flip (flip graphs), rl (TensorGame with sampled MCTS and a learned policy/value), rl+flip (every RL result handed to the flip search), or numeric (alternating least squares and Levenberg–Marquardt on the Brent equations at rank --target, default one below the catalogue's, from random real starts or --from FILE|best, rounded to an exact scheme).")
    var method = "flip"

    @Option(help: "RL: model checkpoint; loaded when it exists (pretraining is skipped) and saved at the end.")
    var model: String?

    @Option(help: "RL: MCTS simulations per move.")
    var simulations = 100

    @Option(help: "RL: policy samples (candidate moves) per tree node.")
    var samples = 32

    @Option(help: "RL: how far above its flattening rank a residual's exact finish may go (0, 1 or 2 extra terms; 0 is the plain Jennrich finish).")
    var extraFinishTerms = 2

    @Flag(help: "RL: also finish a residual whose rank mod 2 is its flattening rank or one more, by the span of its slices over GF(2), lifted 2-adically (reaches further on shapes with one mode much larger than the others, e.g. 2x3x3).")
    var gf2Finish = false

    @Flag(help: "RL: never train; search with the untrained network (uniform policy), the benchmark's control.")
    var untrained = false

    @Option(name: .customLong("pretrain-fraction"), help: "RL: share of --seconds spent pretraining on synthetic demonstrations before self-play (skipped for a loaded --model); 1 only pretrains, to save a model with --model.")
    var pretrainFraction = RLAgent.Settings().pretrainFraction

    @Option(help: ArgumentHelp("Z, Z2, ZT or Z3: the ring the flip walk works in.", discussion: """
        Z: walk over GF(2) and lift improvements to Z or Q (the default; fastest walk, reaches the lowest ranks, but a lift may fail or give fractions). \
        Z2: walk over GF(2) and keep schemes mod 2 (for ranks known only mod 2, e.g. 4x4x4 47). \
        ZT: walk with coefficients in {-1, 0, 1} over Z: every scheme found holds over Z as it is, no lifting (use it for schemes with small integer coefficients, the catalogue's ring ZT). \
        Z3: walk over GF(3) and lift 3-adically (for schemes that need 1/2, which GF(2) cannot see).
        """))
    var ring = "Z"

    @Option(name: .customLong("lift-ring"), help: ArgumentHelp("With --ring Z or Z3: the ring a lift must reach to meet the target: Q (any lift), Z or ZT.", discussion: """
        With ZT the walk goes on at its best rank and offers neighbours for lifting until a lift has coefficients in {-1, 0, 1}, \
        so a shape stored over Q or Z at some rank can get a ternary entry of the same rank from the fast GF(2) walk. \
        Lifts in wider rings are still stored where they are better.
        """))
    var liftRing = "Q"

    @Option(help: "Time limit in seconds.")
    var seconds: Double = 60

    @Option(help: "Stop at this rank.")
    var target: Int?

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "Flip budget (with one thread, makes the run reproducible).")
    var flips: UInt64?

    @Option(help: "Flips without a rank decrease before a plus transition (default \(WalkDefaults.plain.plateau); \(WalkDefaults.cyclic.plateau) with --cyclic; \(WalkDefaults.cubes.plateau) with --cubes; \(WalkDefaults.signed.plateau) with --ring ZT or Z3).")
    var plateau: Int?

    @Option(help: "How far above the best rank a walk may climb by plus transitions before it restarts from the best (default \(WalkDefaults.plain.climb); \(WalkDefaults.cyclic.climb) with --cyclic; \(WalkDefaults.cubes.climb) with --cubes; \(WalkDefaults.signed.climb) with --ring ZT or Z3).")
    var climb: Int?

    @Option(name: .customLong("pool"), help: "Walk from a pool of this many distinct schemes of the best rank (many short walks) instead of one long walk; 0 = one walk.")
    var poolSize = 0

    @Option(name: .customLong("walk-length"), help: "With --pool (not --cyclic): flips per walk before the next starts from a pool member. Long enough to leave the pool's rank and come back lower: on 2x5x6 from the naive scheme 2000000 reached 51 in 30 s where 200000 stopped at 59.")
    var walkLength = 2_000_000

    @Flag(help: "Square shapes: keep to schemes invariant under the cyclic symmetry (A,B,C) → (B,C,A). The flip walk (Moosbauer–Poole) starts from the naive scheme unless the start is itself symmetric mod 2; with --method rl each move of the TensorGame is an orbit of three terms or one fixed term u⊗u⊗u.")
    var cyclic = false

    @Option(name: .customLong("restart-after"), help: "A walk (with --pool: a pool) that finds no better scheme within this many flips starts again from the start with a new seed (default: never over GF(2), \(WalkDefaults.signed.restartAfter ?? 0) over ZT and Z3). Many short descents find what one long walk misses: --from naive --ring Z2 --restart-after 5000000 takes 4x4x4 to rank 47 in minutes.")
    var restartAfter: UInt64?

    @Option(name: .customLong("rewind-after"), help: "With lifting (--ring Z or Z3, not --cyclic): after this many lifts in a row that fail (or miss --lift-ring), the walks go back to the lowest-rank scheme that lifted and descend again with new seeds; 0 = never.")
    var rewindAfter = 0

    @OptionGroup var flipAcceptance: FlipAcceptanceOptions

    @Option(help: "With --cyclic: start from diagonal cubes (Moosbauer–Poole), e.g. 10001,01010,00100 for 5x5x5: each is a 0/1 mask of diagonal positions, its cube f⊗f⊗f (f the sum of those e_ii) a fixed term, the rest of the tensor orbits of single entries.")
    var cubes: String?

    @Option(help: "Start from this scheme file, from the naive scheme with 'naive', with 'restriction' from the shortest restriction of a catalogue entry of a larger shape that was not itself derived, or is a tensor product (rows and columns dropped, e.g. ⟨5,5,5⟩ → ⟨4,5,5⟩), or with 'extension' from the best entry of a shape one smaller along one dimension plus the naive terms of the missing row or column (Kauers–Wood; the lowest extended rank of a searched entry, other dimensions for seeds that are multiples of 3). A file named naive, restriction or extension: ./naive. The naive and extension starts often walk to lower ranks than a catalogue entry built by composition. With --method numeric: FILE, or 'best' for the catalogue's best entry over Q (each start drops random terms down to --target and adds noise); without --from, random starts.")
    var from: String?

    @Option(help: "With --from restriction: take this many random flips (seeded by --seed) of each larger entry before restricting it, so that seeds start from different restrictions: in the walk's ring, except that a lifting walk (--ring Z) scrambles a ternary entry with ternary flips, so that its start still holds over Z.")
    var scramble: UInt64?

    @Option(help: "Independent walkers run in parallel.")
    var threads = 1

    @Option(help: "Shard i/N of a cluster run (seeds the shards apart).")
    var shard: String?

    @Option(help: "Numeric: standard deviation of the noise added to a --from scheme's entries (default 0.1; 0 with a saved converged point retries only its rounding).")
    var noise: Double?

    @Option(help: "Numeric with --from: shrink the surplus terms to zero over this many ALS sweeps (a growing ridge on them) instead of dropping them at once.")
    var shrinkSweeps: Int?

    @Option(help: "Folder for checkpoints of the best scheme (written atomically every --checkpoint-interval seconds); with --method numeric, every converged point that did not round, as numeric-SHAPE-rR-seedS-K.json.")
    var checkpoint: String?

    @Option(help: "Seconds between checkpoints.")
    var checkpointInterval: Double = 10

    @Flag(help: "Print a JSON summary at the end.")
    var json = false

    @Flag(help: "Record a flip or numeric search in the store's campaign journal (campaign/journal-search.jsonl) as `fmm grow` records its slices, so that the campaign's planner and `fmm grow --report` count it.")
    var journal = false

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let target: Shape
        do { target = try Shape(parsing: shape, limits: Limits(maxDimension: 16)) } catch {
            printError("fmm search: \(error)")
            throw ExitCode(2)
        }
        guard ["flip", "rl", "rl+flip", "numeric"].contains(method) else {
            printError("fmm search: unknown method '\(method)'; use flip, rl, rl+flip or numeric")
            throw ExitCode(2)
        }
        guard simulations >= 1, simulations <= 100_000, samples >= 1, samples <= 4096, (0...1).contains(pretrainFraction),
              (0...2).contains(extraFinishTerms) else {
            printError("fmm search: --simulations must be within 1...100000, --samples within 1...4096, --pretrain-fraction within 0...1 and --extra-finish-terms within 0...2")
            throw ExitCode(2)
        }
        guard ["Z", "Z2", "ZT", "Z3"].contains(ring) else {
            printError("fmm search: --ring must be Z, Z2, ZT or Z3")
            throw ExitCode(2)
        }
        guard ["Q", "Z", "ZT"].contains(liftRing), liftRing == "Q" || ["Z", "Z3"].contains(ring) else {
            printError("fmm search: --lift-ring must be Q, Z or ZT, and applies only with --ring Z or Z3")
            throw ExitCode(2)
        }
        guard WideGF2Scheme.supports(target) else {
            printError("fmm search: \(target) has a factor matrix above 256 entries; the flip search walks factor matrices up to 16x16")
            throw ExitCode(2)
        }
        guard GF2Scheme.supports(target) || (!cyclic && method == "flip") else {
            printError("fmm search: \(target) has a factor matrix above 64 entries; only the plain flip search (no --cyclic, no rl) walks factor matrices up to 16x16")
            throw ExitCode(2)
        }
        guard threads >= 1 && threads <= 64, seconds > 0, (0...100_000).contains(poolSize), walkLength >= 1, plateauLimit >= 1, (1...100).contains(climbLimit), (restartAfter ?? 1) >= 1,
              rewindAfter >= 0 else {
            printError("fmm search: --threads must be within 1...64, --pool within 0...100000, --walk-length, --plateau and --restart-after at least 1, --climb within 1...100, --rewind-after at least 0 and --seconds positive")
            throw ExitCode(2)
        }
        let acceptance = try flipAcceptance.acceptance(command: "fmm search")
        guard acceptance.rule.isUniform || (method == "flip" && !cyclic && cubes == nil && walkRing.isGF2) else {
            printError("fmm search: --sparsity-bias and --flip-policy apply to the plain flip walk over GF(2) (--ring Z or Z2, no --cyclic)")
            throw ExitCode(2)
        }
        guard scramble == nil || from == "restriction" else {
            printError("fmm search: --scramble applies only with --from restriction")
            throw ExitCode(2)
        }
        guard !journal || ["flip", "numeric"].contains(method) else {
            printError("fmm search: --journal records flip and numeric searches; --method \(method) runs are not journalled")
            throw ExitCode(2)
        }
        guard !cyclic || CyclicScheme.supports(target) else {
            printError("fmm search: --cyclic needs a square shape n×n×n with n ≤ 8, not \(target)")
            throw ExitCode(2)
        }
        var effectiveSeed = seed
        if let shard {
            effectiveSeed = seed &+ UInt64(try parseShard(shard, command: "search").index) &* 0x9E37_79B9_7F4A_7C15
        }
        let store = storeOptions.resolved
        if method == "numeric" {
            try runNumeric(target, store: store, seed: effectiveSeed)
            return
        }
        if method != "flip" {
            guard case .gf2 = walkRing else {
                printError("fmm search: --method \(method) searches over Z or Z2; --ring \(ring) is for the flip search")
                throw ExitCode(2)
            }
            try runReinforcementLearning(target, store: store, seed: effectiveSeed)
            return
        }
        switch walkRing {
        case .gf2(let lift) where !GF2Scheme.supports(target): try searchWideOverGF2(target, store: store, seed: effectiveSeed, lift: lift, acceptance: acceptance)
        case .gf2(let lift): try searchOverGF2(target, store: store, seed: effectiveSeed, lift: lift, acceptance: acceptance)
        case .signed(let signedRing) where !SignedScheme.supports(target):
            try searchSigned(target, ring: signedRing, store: store, seed: effectiveSeed, word: Word256.self)
        case .signed(let signedRing): try searchSigned(target, ring: signedRing, store: store, seed: effectiveSeed, word: UInt64.self)
        }
    }

    /// The ring the flip walk works in, from --ring: GF(2) with or without lifting to Z/Q, or
    /// ternary coefficients over Z, or GF(3) (lifted).
    enum WalkRing {
        case gf2(lift: Bool)
        case signed(SignedRing)

        var isGF2: Bool { if case .gf2 = self { true } else { false } }
        /// Whether the walk's schemes are lifted 2-adically (GF(2) with --ring Z).
        var lifts: Bool { if case .gf2(lift: true) = self { true } else { false } }
    }

    var walkRing: WalkRing {
        switch ring {
        case "ZT": .signed(.ternary)
        case "Z3": .signed(.mod3)
        case "Z2": .gf2(lift: false)
        default: .gf2(lift: true)
        }
    }

    /// The flip search over GF(2) (plain or cyclic-symmetric, one walk or a pool).
    func searchOverGF2(_ target: Shape, store: Store, seed: UInt64, lift: Bool, acceptance: (rule: FlipAcceptance, note: String)) throws {
        var (scheme, origin, startHoldsOverQ, parents) = try startingScheme(target, store: store, seed: seed, walk: FlipWalk.self,
                                                                            converting: { GF2Scheme($0).flatMap { $0.isValid ? $0 : nil } })
        var start = scheme ?? GF2Scheme.naive(target)
        if scheme == nil { (origin, startHoldsOverQ) = ("the naive scheme", true) }
        scheme = start
        var cyclicStart: CyclicScheme?
        if let cubes {
            let masks = cubes.split(separator: ",").map(String.init)
            guard cyclic, masks.allSatisfy({ $0.count == target.n && $0.allSatisfy { "01".contains($0) } }),
                  let symmetric = CyclicScheme(n: target.n, cubes: masks.map { mask in mask.enumerated().filter { $0.element == "1" }.map(\.offset) }) else {
                printError("fmm search: --cubes needs --cyclic and comma-separated 0/1 masks of length \(target.n) with disjoint, non-empty supports")
                throw ExitCode(2)
            }
            cyclicStart = symmetric
            start = symmetric.scheme
            origin = "diagonal cubes \(cubes)"
            startHoldsOverQ = true
            parents = []
        } else if cyclic {
            if let symmetric = CyclicScheme(start) {
                cyclicStart = symmetric
            } else {
                cyclicStart = CyclicScheme.naive(target.n)
                origin = "the naive scheme (\(origin) is not cyclic-symmetric)"
                start = cyclicStart!.scheme
                startHoldsOverQ = true
                parents = []
            }
        }
        let handling = WalkResultHandling<GF2Scheme>.gf2(lift: lift)
        let (walkStart, walkCyclicStart) = (start, cyclicStart)
        // Cyclic walks never rewind (`rewindLimit`), so a rewound start is always a plain one.
        let makeSearch: @Sendable (UInt64, Int, UInt64, GF2Scheme?) -> any FlipSearching<GF2Scheme> = { seed, target, maxFlips, rewound in
            self.makeSearch(start: rewound ?? walkStart, cyclicStart: walkCyclicStart, target: target, maxFlips: maxFlips, seed: seed, acceptance: acceptance.rule)
        }
        try search(target, start: start, origin: origin, startHoldsOverQ: startHoldsOverQ, parents: parents, handling: handling,
                   store: store, seed: seed, walkNote: acceptance.note, makeSearch: makeSearch)
    }

    /// The flip search over GF(2) for shapes with a factor matrix above 64 entries (up to 16×16):
    /// the plain walk with 256-bit factors.
    func searchWideOverGF2(_ target: Shape, store: Store, seed: UInt64, lift: Bool, acceptance: (rule: FlipAcceptance, note: String)) throws {
        let (scheme, foundOrigin, foundHoldsOverQ, parents) = try startingScheme(
            target, store: store, seed: seed, walk: WideFlipWalk.self, converting: { WideGF2Scheme($0).flatMap { $0.isValid ? $0 : nil } })
        let start = scheme ?? WideGF2Scheme.naive(target)
        let (origin, startHoldsOverQ) = scheme == nil ? ("the naive scheme", true) : (foundOrigin, foundHoldsOverQ)
        try search(target, start: start, origin: origin, startHoldsOverQ: startHoldsOverQ, parents: parents, handling: .gf2(lift: lift),
                   store: store, seed: seed, walkNote: acceptance.note, makeSearch: plainSearches(WideFlipWalk.self, start: start, acceptance: acceptance.rule))
    }

    /// One walker's search for a plain walk: one long walk, or a pool of short ones (--pool),
    /// from `start` or from the scheme a rewind went back to.
    func plainSearches<Walk: FlipWalking>(_: Walk.Type, start: Walk.State, acceptance: FlipAcceptance = .uniform)
        -> @Sendable (UInt64, Int, UInt64, Walk.Snapshot?) -> any FlipSearching<Walk.Snapshot>
    where Walk.State: Equatable, Walk.State == Walk.Snapshot {
        let (plateau, climb, pool, length, stall) = (plateauLimit, climbLimit, poolSize, walkLength, freshStart ?? .max)
        return { seed, target, maxFlips, rewound in
            makeFlipSearch(Walk.self, start: rewound ?? start, poolSize: pool, walkLength: length, plateauLimit: plateau, climbLimit: climb, target: target, maxFlips: maxFlips,
                           stallLimit: stall, seed: seed, acceptance: acceptance)
        }
    }

    /// The flip search with coefficients -1, 0, 1 over Z (ZT: every scheme walked holds over Z)
    /// or over GF(3) (lifted 3-adically).
    func searchSigned<Word: FactorWord>(_ target: Shape, ring signedRing: SignedRing, store: Store, seed: UInt64, word: Word.Type) throws {
        guard !cyclic && cubes == nil else {
            printError("fmm search: --cyclic and --cubes walk over GF(2); use --ring Z or Z2 with them")
            throw ExitCode(2)
        }
        let (scheme, foundOrigin, foundHoldsOverQ, parents) = try startingScheme(
            target, store: store, seed: seed, walk: SignedFlipWalkOf<Word>.self,
            converting: { SignedSchemeOf<Word>($0, ring: signedRing).flatMap { $0.isValid ? $0 : nil } })
        let start = scheme ?? SignedSchemeOf<Word>.naive(target, ring: signedRing)
        let (origin, startHoldsOverQ) = scheme == nil ? ("the naive scheme", true) : (foundOrigin, foundHoldsOverQ)
        let lifts = signedRing == .mod3
        let handling = WalkResultHandling<SignedSchemeOf<Word>>(
            lifts: lifts, liftNote: "Hensel-lifted from mod 3",
            overQ: { scheme, seed in
                lifts ? HenselLift.lift(scheme, seed: seed, accepting: { Checker().verify($0).valid }) : scheme.scheme
            },
            modular: { _ in nil })
        try search(target, start: start, origin: origin, startHoldsOverQ: startHoldsOverQ, parents: parents, handling: handling,
                   store: store, seed: seed, makeSearch: plainSearches(SignedFlipWalkOf<Word>.self, start: start))
    }

    /// Runs the walkers from `start`, stores what improves, prints the summary.
    func search<Snapshot: WalkedScheme>(_ target: Shape, start: Snapshot, origin: String, startHoldsOverQ: Bool, parents: [String],
                                        handling: WalkResultHandling<Snapshot>, store: Store, seed: UInt64, walkNote: String = "",
                                        makeSearch: @escaping @Sendable (UInt64, Int, UInt64, Snapshot?) -> any FlipSearching<Snapshot>) throws {
        let stopRank = self.target ?? 1
        if start.rank <= stopRank && (!handling.lifts || startHoldsOverQ) {
            print(json ? "{\"best_rank\": \(start.rank), \"file\": null, \"start\": \"\(origin)\"}" : "the start (\(origin), rank \(start.rank)) already meets the target \(stopRank); nothing to do")
            return
        }
        let session = SearchSession(shape: target, store: store, handling: handling, seed: seed, requiredRing: requiredRing,
                                    parameters: "ring \(ring)\(liftRing == "Q" ? "" : ", lift ring \(liftRing)"), from \(origin), plateau \(plateauLimit), climb \(climbLimit)\(freshStart.map { ", restart after \($0)" } ?? "")\(cubes.map { ", cubes \($0)" } ?? "")\(poolSize > 0 ? ", pool \(poolSize), walk length \(walkLength)" : "")\(cyclic ? ", cyclic" : "")\(walkNote.isEmpty ? "" : ", \(walkNote)")\(rewindLimit > 0 && handling.lifts ? ", rewind after \(rewindLimit)" : ""), threads \(threads)\(shard.map { ", shard \($0)" } ?? "")",
                                    parents: parents, checkpointFolder: checkpoint, rewindAfter: rewindLimit)
        session.interval = checkpointInterval
        let before = journal ? ShapeStanding(shape: target, store: store).summary : nil
        session.start(from: start, holdsOverQ: startHoldsOverQ)
        let began = DispatchTime.now()
        let deadline = began.uptimeNanoseconds + UInt64(seconds * 1e9)
        let results = runWalkers(stopRank: stopRank, seed: seed, deadline: deadline, session: session, makeSearch: makeSearch)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - began.uptimeNanoseconds) / 1e9
        let totalFlips = results.reduce(UInt64(0)) { $0 + $1.flips }
        session.finish()
        let summary = session.summary
        if json {
            print(JSONValue.object([
                ("shape", .array([target.n, target.m, target.p].map { .number("\($0)") })),
                ("walk_ring", .string(ring)),
                ("start_rank", .number("\(start.rank)")),
                ("start", .string(origin)),
                ("best_rank", .number("\(summary.bestRank)")),
                ("ring", summary.ring.map { .string($0) } ?? .null),
                ("flips", .number("\(totalFlips)")),
                ("flips_per_second", .number(String(format: "%.0f", Double(totalFlips) / max(elapsed, 1e-9)))),
                ("seconds", .number(String(format: "%.3f", elapsed))),
                ("cpu_seconds", .number(String(format: "%.3f", ProcessUsage().cpuSeconds))),
                ("lifts_tried", .number("\(summary.liftsTried)")),
                ("lifts_succeeded", .number("\(summary.liftsSucceeded)")),
                ("lifted_rank", summary.liftedRank.map { .number("\($0)") } ?? .null),
                ("rewound_to", .array(summary.rewoundTo.map { .number("\($0)") })),
                ("seed", .number("\(seed)")),
                ("file", summary.file.map { .string($0) } ?? .null),
            ]).serialized())
        } else {
            print("best rank \(summary.bestRank)\(summary.ring.map { " (\($0))" } ?? "") for \(target) from \(origin) rank \(start.rank); \(totalFlips) flips in \(String(format: "%.1f", elapsed)) s; \(summary.file.map { "stored \($0)" } ?? "catalogue unchanged")")
        }
        if let failure = session.writeFailure {
            printError("fmm search: the store \(store.root.path) was not changed: \(failure)")
            throw ExitCode(2)
        }
        if let before {
            try journalRun(target, store: store, before: before, elapsed: elapsed, start: origin, reached: summary.bestRank,
                           stored: summary.file, parameters: session.parameters)
        }
    }

    /// Appends this run to the store's search journal (`--journal`): the shape's standing
    /// before and after, the rank the search reached and what it stored.
    func journalRun(_ shape: Shape, store: Store, before: ShapeStanding.Summary, elapsed: Double, start: String, reached: Int?,
                    stored: String?, parameters: String, stopped: Bool = false) throws {
        let after = ShapeStanding(shape: shape, store: store).summary
        let attempt = CampaignAttempt(
            shape: "\(shape)", method: journalMethod, seed: self.seed, sliceSeconds: seconds, seconds: (elapsed * 10).rounded() / 10,
            cpuSeconds: ProcessUsage().cpuSeconds, before: before, after: after, start: start, walkRank: reached,
            stored: stored, outcome: after.improves(on: before) ? "improved" : stopped ? "stopped" : "unchanged", parameters: parameters,
            shard: shard, date: isoDate())
        do { try CampaignJournal.searches(storeRoot: store.root).append(attempt) } catch {
            printError("fmm search: cannot record the run in the journal of \(store.root.path): \(error)")
            throw ExitCode(2)
        }
    }

    /// The method a journalled search is recorded under: `search`, the walk's ring and its start
    /// (`search ZT restriction`, `search Z catalogue pool 8`); `search numeric` and its start
    /// (`random`, `best`, `file`) for the numerical search.
    var journalMethod: String {
        if method == "numeric" { return "search numeric \(from.map { $0 == "best" ? "best" : "file" } ?? "random")" }
        let start = from.map { ["naive", "restriction", "extension"].contains($0) ? $0 : "file" } ?? "catalogue"
        return "search \(ring) \(start)\(cyclic ? " cyclic" : "")\(poolSize > 0 ? " pool \(poolSize)" : "")"
    }

    /// The ring a lifted scheme must hold in to meet the target (--lift-ring).
    var requiredRing: CoefficientRing { CoefficientRing(rawValue: liftRing) ?? .rationals }

    /// Whether a stored entry's ring meets --lift-ring (a Z2 entry never does).
    func meetsRequiredRing(_ entryRing: CoefficientRing) -> Bool { entryRing != .gf2 && entryRing.isAtLeastAsRestrictive(as: requiredRing) }

    var walkDefaults: WalkDefaults {
        if case .signed = walkRing { return .signed }
        return WalkDefaults(cyclic: cyclic, cubes: cubes != nil)
    }
    /// Flips without a new best before a fresh start: --restart-after, else the walk's default.
    var freshStart: UInt64? { restartAfter ?? walkDefaults.restartAfter }
    /// --rewind-after, 0 for cyclic walks (their states are orbit lists, not the lifted schemes).
    var rewindLimit: Int { cyclic ? 0 : rewindAfter }
    var plateauLimit: Int { plateau ?? walkDefaults.plateau }
    var climbLimit: Int { climb ?? walkDefaults.climb }

    /// The scheme a flip search starts from (nil: the naive scheme, which the caller forms in its
    /// ring), where it came from, whether it holds over Q, and the content hashes of the catalogue
    /// entries it was taken from (provenance parents). `converting` gives a scheme in the walk's
    /// ring, or nil where it does not hold there; `--scramble` flips are taken by `walk`.
    func startingScheme<Walk: FlipWalking>(_ shape: Shape, store: Store, seed: UInt64, walk: Walk.Type,
                                           converting: (Scheme) -> Walk.State?) throws -> (Walk.State?, String, Bool, [String])
    where Walk.State == Walk.Snapshot {
        if from == "naive" { return (nil, "the naive scheme", true, []) }
        if from == "restriction" { return try restrictionStart(shape, store: store, seed: seed, walk: walk, converting: converting) }
        if from == "extension" { return try extensionStart(shape, store: store, seed: seed, converting: converting) }
        if let from {
            do {
                guard let scheme = try SchemeFile.read(path: from).first?.scheme else { throw FormatError("no scheme") }
                let oriented = scheme.permuted(to: shape) ?? scheme
                guard oriented.shape == shape, let start = converting(oriented) else {
                    throw FormatError(file: from, .whole, "is not a valid scheme for \(shape) \(ringDescription)")
                }
                let verdict = Checker().verify(scheme, over: .rationals)
                // The parent is the content hash of the start as the catalogue stores it, so a
                // catalogue entry given as a file is named by its entry's hash.
                return (start, from, CoefficientRing.classify(scheme, verdict).map(meetsRequiredRing) ?? false,
                        [scheme.catalogueOrdering.contentHash])
            } catch {
                printError("fmm search: \(error)")
                throw ExitCode(2)
            }
        }
        // A walk that lifts starts from an entry valid over Q where there is one: an entry stored
        // mod 2 only is one whose lifts failed, and its neighbours mostly fail too (⟨7,7,8⟩: from
        // its mod-2 278, 0 of 9 lifts in 300 s; from its ZT 285, three 90-s walks lifted 282).
        let entries = store.entries(anyOrderingOf: shape).filter { $0.ring != .gaussian }
        let liftable = walkRing.lifts ? entries.filter { $0.ring != .gf2 } : []
        let candidates = (liftable.isEmpty ? entries : liftable).compactMap { entry -> (Walk.State, String, Bool, [String])? in
            guard let permuted = entry.scheme.permuted(to: shape), let image = converting(permuted) else { return nil }
            return (image, entry.path, meetsRequiredRing(entry.ring), [entry.hash])
        }
        // The lowest rank; among equal ranks, one that already holds over Q.
        if let best = candidates.min(by: { ($0.0.rank, $0.2 ? 0 : 1) < ($1.0.rank, $1.2 ? 0 : 1) }) { return best }
        return (nil, "the naive scheme", true, [])
    }

    /// Where a walk's schemes hold, for messages: "modulo 2", "with coefficients in {-1, 0, 1}", "modulo 3".
    var ringDescription: String {
        switch walkRing {
        case .gf2: "modulo 2"
        case .signed(.ternary): "with coefficients in {-1, 0, 1}"
        case .signed(.mod3): "modulo 3"
        }
    }

    /// The `--from restriction` start: the shortest restriction of a catalogue entry of a larger
    /// shape that holds in the walk's ring (after `--scramble` random flips of each entry in that
    /// ring, seeded by `seed`).
    func restrictionStart<Walk: FlipWalking>(_ shape: Shape, store: Store, seed: UInt64, walk: Walk.Type,
                                             converting: (Scheme) -> Walk.State?) throws -> (Walk.State?, String, Bool, [String])
    where Walk.State == Walk.Snapshot {
        // Entries built from other entries mostly restrict back to a part they were built from
        // (a direct sum to one of its blocks), so only entries found or written directly are
        // used, and tensor products: ⟨8,8,8⟩ 343 = ⟨2,2,2⟩ ⊗ ⟨4,4,4⟩ restricted to ⟨7,8,8⟩ (328)
        // walked to 316 over ZT in 3 minutes, where the walk from the product itself (or from a
        // direct sum such as ⟨6,6,7⟩ 187) found no reduction.
        let entries = store.entries().compactMap { try? $0.get() }.filter {
            $0.ring != .gaussian && ($0.provenance.isTensorProduct || !["derivation", "restriction"].contains($0.provenance.method))
        }
        // With --scramble, each entry first takes that many random flips in the walk's ring
        // (seeded), so different seeds restrict different schemes of the entry's rank. A walk
        // that lifts scrambles a ternary entry with ternary flips instead, valid over Z at every
        // step: after 10⁶ flips mod 2 a scheme has almost surely left the schemes that lift
        // (docs/search-engine.md, "Rewinds"), and a start that holds over Z is one to go back to.
        let scrambleSeed = { (entry: CatalogueEntry) in seed ^ UInt64(truncatingIfNeeded: entry.scheme.rank &* 0x9E37_79B9) }
        let scramblesOverZ = { (entry: CatalogueEntry) in walkRing.lifts && entry.ring == .ternary }
        let form: (CatalogueEntry) -> Scheme? = { entry in
            guard let scramble else { return entry.scheme }
            if scramblesOverZ(entry) { return ternaryScrambled(entry.scheme, flips: scramble, seed: scrambleSeed(entry)) }
            guard let image = converting(entry.scheme) else { return nil }
            var scrambled = Walk(image, seed: scrambleSeed(entry))
            scrambled.flip(times: Int(scramble))
            return scrambled.scheme.scheme
        }
        // A walk that lifts restricts entries valid over Q where any restricts (see `startingScheme`),
        // the mod-2 ones only otherwise (each entry is formed, and scrambled, once).
        let (preferred, others) = walkRing.lifts ? (entries.filter { $0.ring != .gf2 }, entries.filter { $0.ring == .gf2 }) : (entries, [])
        var found = shortestRestriction(to: shape, from: preferred, form: form, accepting: { converting($0) != nil })
        if found == nil { found = shortestRestriction(to: shape, from: others, form: form, accepting: { converting($0) != nil }) }
        guard let (scheme, parent) = found, let start = converting(scheme) else {
            printError("fmm search: \(Self.noRestrictionMessage) \(shape) restricts to a scheme that holds \(ringDescription)")
            throw ExitCode(2)
        }
        let scrambled = scramble.map { " after \($0) \(scramblesOverZ(parent) ? "ternary " : "")flips" } ?? ""
        let holdsOverQ = scramble == nil ? meetsRequiredRing(parent.ring) : scramblesOverZ(parent)
        return (start, "\(parent.path)\(scrambled) restricted to \(shape)", holdsOverQ, [parent.hash])
    }

    /// `scheme` after `flips` random flips of the ternary walk (coefficients in {-1, 0, 1}, valid
    /// over Z throughout), seeded by `seed`; nil when `scheme` is not ternary.
    func ternaryScrambled(_ scheme: Scheme, flips: UInt64, seed: UInt64) -> Scheme? {
        func scrambled<Word: FactorWord>(_: Word.Type) -> Scheme? {
            guard let image = SignedSchemeOf<Word>(scheme, ring: .ternary), image.isValid else { return nil }
            var walk = SignedFlipWalkOf<Word>(image, seed: seed)
            walk.flip(times: Int(flips))
            return walk.scheme.scheme
        }
        return SignedScheme.supports(scheme.shape) ? scrambled(UInt64.self) : scrambled(Word256.self)
    }

    /// The start of the error message when `--from restriction` finds no larger entry.
    static let noRestrictionMessage = "no catalogue entry of a shape larger than"

    /// The `--from extension` start: the catalogue's best entry of a shape one smaller along one
    /// dimension (⟨n−1,m,p⟩, ⟨n,m−1,p⟩ or ⟨n,m,p−1⟩, each at least 2, any ordering of the stored
    /// entry), extended by the naive terms of the missing slice (`Scheme.extended(axis:)`). The
    /// candidates, one per dimension, are ordered with entries found by search before derived
    /// ones (direct sums of blocks, whose extensions walked no lower: ⟨3,5,7⟩ from ⟨3,4,7⟩ 67 =
    /// ⟨3,4,3⟩ ⊕ ⟨3,4,4⟩ extended reached 86, from the searched ⟨3,5,6⟩ 70 extended 82), then by
    /// the extended rank, then by dimension. Seeds that are multiples of 3 take turns over the
    /// others (the first when it is the only one); every other seed takes the first, which walked
    /// lowest in every comparison (docs/search-engine.md, "Extension starts").
    func extensionStart<State>(_ shape: Shape, store: Store, seed: UInt64,
                               converting: (Scheme) -> State?) throws -> (State?, String, Bool, [String]) {
        var candidates: [(start: State, rank: Int, derived: Bool, origin: String, holdsOverQ: Bool, parent: String)] = []
        for axis in 0..<3 where [shape.n, shape.m, shape.p][axis] > 2 {
            let smaller = Shape(shape.n - (axis == 0 ? 1 : 0), shape.m - (axis == 1 ? 1 : 0), shape.p - (axis == 2 ? 1 : 0))
            let extensions = store.entries(anyOrderingOf: smaller).compactMap { entry -> (State, Int, CatalogueEntry)? in
                guard entry.ring != .gaussian, let oriented = entry.scheme.permuted(to: smaller) else { return nil }
                let extended = oriented.extended(axis: axis)
                return converting(extended).map { ($0, extended.rank, entry) }
            }
            // The lowest rank; among equal ranks, one that already holds over Q.
            guard let best = extensions.min(by: { ($0.1, meetsRequiredRing($0.2.ring) ? 0 : 1) < ($1.1, meetsRequiredRing($1.2.ring) ? 0 : 1) }) else { continue }
            candidates.append((best.0, best.1, best.2.provenance.method == "derivation", "\(best.2.path) as \(smaller) extended to \(shape)",
                               meetsRequiredRing(best.2.ring), best.2.hash))
        }
        guard !candidates.isEmpty else {
            printError("fmm search: \(Self.noExtensionMessage) \(shape) (one dimension less by one, at least 2) holds \(ringDescription)")
            throw ExitCode(2)
        }
        let ordered = candidates.enumerated().sorted {
            ($0.element.derived ? 1 : 0, $0.element.rank, $0.offset) < ($1.element.derived ? 1 : 0, $1.element.rank, $1.offset)
        }.map(\.element)
        let others = UInt64(ordered.count - 1)
        let chosen = seed % 3 != 0 || others == 0 ? ordered[0] : ordered[1 + Int((seed / 3 &- 1) % others)]
        return (chosen.start, chosen.origin, chosen.holdsOverQ, [chosen.parent])
    }

    /// The start of the error message when `--from extension` finds no smaller entry.
    static let noExtensionMessage = "no catalogue entry of a shape one smaller than"

    /// Whether a search's last error line says its start does not exist (the campaign journals
    /// such a slice as `inapplicable`).
    static func saysNoStart(_ message: String) -> Bool {
        message.contains(noRestrictionMessage) || message.contains(noExtensionMessage) || message.contains(noBestEntryMessage)
    }

    struct WalkerResult { let flips: UInt64 }

    /// One walker's search: plain or cyclic-symmetric, one long walk or a pool of short ones.
    func makeSearch(start: GF2Scheme, cyclicStart: CyclicScheme?, target: Int, maxFlips: UInt64, seed: UInt64, acceptance: FlipAcceptance) -> any FlipSearching<GF2Scheme> {
        guard let cyclicStart else { return plainSearches(FlipWalk.self, start: start, acceptance: acceptance)(seed, target, maxFlips, nil) }
        // Cyclic pools walk 10 plateaus per walk.
        return makeFlipSearch(CyclicFlipWalk.self, start: cyclicStart, poolSize: poolSize, walkLength: 10 * plateauLimit, plateauLimit: plateauLimit,
                              climbLimit: climbLimit, target: target, maxFlips: maxFlips, stallLimit: freshStart ?? .max, seed: seed)
    }

    /// Runs `threads` walkers until the deadline or the target; each reports improvements.
    /// The seed of a walker's `walk`-th walk (0 for its first; each stall under --restart-after
    /// starts the next). `fmm bench flips` seeds its restarted walks the same way.
    static func walkSeed(_ walkerSeed: UInt64, walk: UInt64) -> UInt64 { walkerSeed &+ walk &* 0xA24B_AED4_963E_E407 }

    func runWalkers<Snapshot: WalkedScheme>(stopRank: Int, seed: UInt64, deadline: UInt64, session: SearchSession<Snapshot>,
                                            makeSearch: @escaping @Sendable (UInt64, Int, UInt64, Snapshot?) -> any FlipSearching<Snapshot>) -> [WalkerResult] {
        let counters = FlipCounters(count: threads)
        let results = LockedArray<WalkerResult>()
        let group = DispatchGroup()
        for t in 0..<threads {
            let walkerSeed = seed &+ UInt64(t) &* 0xD1B5_4A32_D192_ED03
            let budget = flips.map { $0 / UInt64(threads) } ?? .max
            group.enter()
            Thread.detachNewThread {
                // With lifting, a walk never stops at a rank only reached mod 2: it walks on at
                // that rank (or lower) and offers the schemes it meets there for lifting, because
                // a neighbour often lifts where the first scheme of a rank did not. Offers are
                // spaced `offerInterval` flips apart; with --flips the walker waits for each lift,
                // so what is stored does not depend on timing.
                let walkTargetRank = session.liftToIntegers ? 0 : stopRank
                let offerInterval: UInt64 = 1 << 20
                var walk: UInt64 = 0
                var spent: UInt64 = 0
                // After a rewind (`SearchSession.rewind(since:)`) this walk and every later one
                // start from the rewind's lifted scheme instead of the search's start.
                var rewind: (number: Int, scheme: Snapshot)?
                while DispatchTime.now().uptimeNanoseconds < deadline && !session.targetReached(stopRank) && spent < budget {
                    let walkSeed = Self.walkSeed(walkerSeed, walk: walk)
                    var search = makeSearch(walkSeed, walkTargetRank, budget - spent, rewind?.scheme)
                    // Setting up a walk already applies the reductions the start admits (a
                    // restricted scheme often has terms to merge), which no flip reports.
                    session.improved(search.best, seed: walkSeed)
                    var lastOffer: UInt64 = 0
                    var rewound = false
                    while !search.finished && DispatchTime.now().uptimeNanoseconds < deadline && !session.targetReached(stopRank) {
                        let offer: Snapshot?
                        if search.run(attempts: 1 << 15) {
                            offer = search.best
                        } else if search.totalFlips - lastOffer >= offerInterval, session.awaitsLift(atRank: search.currentRank) {
                            offer = search.current
                        } else {
                            offer = nil
                        }
                        if let offer {
                            session.improved(offer, seed: walkSeed)
                            lastOffer = search.totalFlips
                            if flips != nil { session.processPending() }
                        }
                        counters.set(t, flips: spent + search.totalFlips, rank: search.currentRank)
                        if let next = session.rewind(since: rewind?.number ?? 0) {
                            rewind = next
                            rewound = true
                            break
                        }
                    }
                    if !rewound { session.improved(search.best, seed: walkSeed) }
                    spent += search.totalFlips
                    walk += 1
                }
                results.append(WalkerResult(flips: spent))
                group.leave()
            }
        }
        while group.wait(timeout: .now() + 0.5) == .timedOut {
            session.printProgress(flips: counters.totalFlips, currentRank: counters.minimumRank)
        }
        session.printProgress(flips: counters.totalFlips, currentRank: counters.minimumRank, final: true)
        return results.values
    }
}

/// Per-walker counters read by the progress line.
final class FlipCounters: @unchecked Sendable {
    private let lock = NSLock()
    private var flips: [UInt64]
    private var ranks: [Int]
    init(count: Int) { flips = Array(repeating: 0, count: count); ranks = Array(repeating: Int.max, count: count) }
    func set(_ t: Int, flips f: UInt64, rank: Int) { lock.withLock { flips[t] = f; ranks[t] = rank } }
    var totalFlips: UInt64 { lock.withLock { flips.reduce(0, +) } }
    var minimumRank: Int { lock.withLock { ranks.min() ?? 0 } }
}

final class LockedArray<Element>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Element] = []
    func append(_ e: Element) { lock.withLock { storage.append(e) } }
    var values: [Element] { lock.withLock { storage } }
}
