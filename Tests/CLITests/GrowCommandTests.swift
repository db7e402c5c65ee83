import Foundation
import TestSupport
import Testing

/// `fmm grow`: the campaign journal, resuming, shards and merging. The shapes ⟨4,4,4⟩ (48, known
/// only over Q) and ⟨2,4,5⟩ (32 over Q) stay short of the best known rank whatever a one-second
/// GF(2) or ternary walk finds, so every run has slices to take.
@Suite struct GrowCommandTests {
    struct Record: Hashable { let shape: String, method: String, seed: Int, outcome: String; var cpuSeconds: Double? = nil; var start: String? = nil }

    func journal(_ store: URL, file: String = "journal.jsonl") throws -> [Record] {
        let text = try String(contentsOf: store.appendingPathComponent("campaign/\(file)"), encoding: .utf8)
        // Whole lines only (a test cuts one short).
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let shape = object["shape"] as? String, let method = object["method"] as? String,
                  let seed = object["seed"] as? Int, let outcome = object["outcome"] as? String else { return nil }
            return Record(shape: shape, method: method, seed: seed, outcome: outcome, cpuSeconds: object["cpu_seconds"] as? Double, start: object["start"] as? String)
        }
    }

    func grow(_ store: URL, _ extra: [String]) throws -> FMMProcess.Result {
        try FMMProcess.run(["grow", "--shapes", "4x4x4,2x4x5", "--slice", "1", "--store", store.path] + extra)
    }

    /// A second run continues the first: no (shape, method, seed) is tried twice, each method's
    /// seeds on a shape count up from 1 without gaps, and a method that found no start is not
    /// tried again. A line cut short by a crash is skipped with a notice.
    @Test func aStoppedCampaignResumesWithUntriedSeeds() throws {
        let store = try FMMProcess.temporaryDirectory()
        let first = try grow(store, ["--slices", "4"])
        #expect(first.status == 0, "\(first.stderr)")
        let afterFirst = try journal(store)
        #expect(afterFirst.count == 4)
        #expect(Set(afterFirst.map(\.shape)) == ["4x4x4", "2x4x5"], "\(afterFirst)")
        // A crash in the middle of a write.
        let handle = try FileHandle(forWritingTo: store.appendingPathComponent("campaign/journal.jsonl"))
        handle.seekToEndOfFile()
        handle.write(Data("{\"shape\": \"4x4x4\", \"meth".utf8))
        try handle.close()
        let second = try grow(store, ["--slices", "4", "--threads", "2"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("skipped 1 unreadable journal line"), "\(second.stderr)")
        let records = try journal(store)
        #expect(records.count == 8, "\(records)")
        let tries = records.map { "\($0.shape) \($0.method) \($0.seed)" }
        #expect(Set(tries).count == tries.count, "\(tries)")
        for (key, group) in Dictionary(grouping: records, by: { "\($0.shape) \($0.method)" }) {
            #expect(group.map(\.seed).sorted() == Array(1...group.count), "\(key): \(group)")
            if let firstInapplicable = group.firstIndex(where: { $0.outcome == "inapplicable" }) {
                #expect(firstInapplicable == group.count - 1, "\(key) tried again after it found no start")
            }
        }
        #expect(try FMMProcess.run(["verify", "--store", store.path]).status == 0)
    }

    /// Two shards take different shapes; merged into one store, the best entry of each shape
    /// and both journals are there.
    @Test func twoShardsMergedKeepTheBest() throws {
        let shapes = "2x2x3,2x3x3,4x4x4,2x4x5"
        let (a, b, merged) = (try FMMProcess.temporaryDirectory(), try FMMProcess.temporaryDirectory(), try FMMProcess.temporaryDirectory())
        for (store, shard) in [(a, "0/2"), (b, "1/2")] {
            let result = try FMMProcess.run(["grow", "--shapes", shapes, "--slice", "2", "--slices", "3", "--shard", shard, "--store", store.path, "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("\"changes\""), "\(result.stdout)")
        }
        let shardA = Set(try journal(a, file: "journal-shard-0-of-2.jsonl").map(\.shape))
        let shardB = Set(try journal(b, file: "journal-shard-1-of-2.jsonl").map(\.shape))
        #expect(shardA.isDisjoint(with: shardB) && shardA.isSubset(of: ["2x2x3", "4x4x4"]) && shardB.isSubset(of: ["2x3x3", "2x4x5"]), "\(shardA) \(shardB)")
        let merge = try FMMProcess.run(["merge", "--store", merged.path, a.path, b.path])
        #expect(merge.status == 0, "\(merge.stdout)")
        let ranks = { (store: URL) throws -> [String: Int] in
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(try FMMProcess.run(["ranks", "--max", "5", "--json", "--store", store.path]).stdout.utf8)) as? [[String: Any]])
            var result: [String: Int] = [:]
            for row in rows {
                guard let shape = row["shape"] as? [Int], let entry = row["catalogue"] as? [String: Any], let rank = entry["rank"] as? Int else { continue }
                result[shape.map(String.init).joined(separator: "x")] = rank
            }
            return result
        }
        let (ranksA, ranksB, ranksMerged) = (try ranks(a), try ranks(b), try ranks(merged))
        for shape in shapes.split(separator: ",").map(String.init) {
            let best = [ranksA[shape], ranksB[shape]].compactMap { $0 }.min()
            #expect(best != nil && ranksMerged[shape] == best, "\(shape): \(String(describing: ranksA[shape])) \(String(describing: ranksB[shape])) → \(String(describing: ranksMerged[shape]))")
        }
        #expect(try journal(merged, file: "journal-shard-0-of-2.jsonl").count == 3)
        #expect(try journal(merged, file: "journal-shard-1-of-2.jsonl").count == 3)
        // Merging again adds no journal lines twice.
        #expect(try FMMProcess.run(["merge", "--store", merged.path, a.path]).status == 0)
        #expect(try journal(merged, file: "journal-shard-0-of-2.jsonl").count == 3)
        #expect(try FMMProcess.run(["verify", "--store", merged.path]).status == 0)
    }

    /// An entry over Q is lifted again first: Strassen with a product scaled by 3 and 1/3 is
    /// Strassen mod 2, which lifts to ternary coefficients, so one slice gives ⟨2,2,2⟩ its ZT 7.
    @Test func anEntryOverQIsLiftedAgainFirst() throws {
        let store = try FMMProcess.temporaryDirectory()
        let scaled = store.appendingPathComponent("scaled.exp")
        try Data(CheckCommandTests.strassenScaled(by: 3).utf8).write(to: scaled)
        #expect(try FMMProcess.run(["import", "--store", store.path, scaled.path]).status == 0)
        let result = try FMMProcess.run(["grow", "--shapes", "2x2x2", "--slices", "1", "--slice", "60", "--store", store.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let records = try journal(store)
        #expect(records.map(\.method) == ["z-lift-zt"] && records.map(\.outcome) == ["improved"], "\(records)")
        let files = try FileManager.default.contentsOfDirectory(atPath: store.appendingPathComponent("catalogue/2x2x2").path)
        #expect(files.count == 1 && files[0].hasPrefix("ZT-r7-"), "\(files)")
    }

    /// ⟨4,4,4⟩ 48 is known only over Q (its scheme needs ½, which vanishes mod 2), so its first
    /// slice is the GF(3) walk from the catalogue's entry.
    @Test func aRankKnownOnlyOverQGetsTheGF3WalkFirst() throws {
        let store = try FMMProcess.temporaryDirectory()
        let result = try FMMProcess.run(["grow", "--shapes", "4x4x4", "--slices", "1", "--slice", "1", "--store", store.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try journal(store).map(\.method) == ["z3-catalogue"])
    }

    /// ⟨3,3,6⟩ 40 needs fractions and its 1,800 unknowns fit the numerical search: after the
    /// GF(3) walk, the second slice is the numerical search from the catalogue's entry.
    @Test func aRankKnownOnlyOverQThatFitsGetsTheNumericalSearch() throws {
        let store = try FMMProcess.temporaryDirectory()
        let result = try FMMProcess.run(["grow", "--shapes", "3x3x6", "--slices", "2", "--slice", "1", "--store", store.path])
        #expect(result.status == 0, "\(result.stderr)")
        let records = try journal(store)
        #expect(records.map(\.method) == ["z3-catalogue", "numeric-catalogue"], "\(records)")
        #expect(records.last?.start?.contains("random terms") == true, "\(records)")
    }

    /// ⟨3,5,6⟩ at its best known 68 has 4,284 unknowns: the numerical search from the
    /// catalogue's entry takes it (conjugate-gradient steps), random starts do not (above 3,000).
    @Test func largeShapesGetNumericalContinuationButNotRandomStarts() throws {
        let store = try FMMProcess.temporaryDirectory()
        let catalogue = try FMMProcess.run(["grow", "--shapes", "3x5x6", "--methods", "numeric-catalogue", "--slices", "1", "--slice", "1", "--store", store.path])
        #expect(catalogue.status == 0, "\(catalogue.stderr)")
        #expect(try journal(store).map(\.method) == ["numeric-catalogue"])
        let random = try FMMProcess.run(["grow", "--shapes", "3x5x6", "--methods", "numeric-random", "--slices", "1", "--slice", "1", "--store", store.path])
        #expect(random.status == 0, "\(random.stderr)")
        #expect(try journal(store).map(\.method) == ["numeric-catalogue"])
    }

    /// A numerical slice journals like a walk: ⟨2,2,2⟩ from the naive 8 to 7.
    @Test func aNumericalSliceImprovesAndIsJournalled() throws {
        let store = try FMMProcess.temporaryDirectory()
        let result = try FMMProcess.run(["grow", "--shapes", "2x2x2", "--methods", "numeric-random", "--slices", "1", "--slice", "60", "--store", store.path])
        #expect(result.status == 0, "\(result.stderr)")
        let records = try journal(store)
        #expect(records.map(\.method) == ["numeric-random"] && records.map(\.outcome) == ["improved"], "\(records)")
        #expect((records.first?.cpuSeconds ?? 0) > 0)
    }

    /// A small shape with a rank gap gets the pooled GF(2) walk from the naive scheme as soon as
    /// the extension and the restriction find no start (an empty store has no smaller or larger
    /// entry), and the walk improves it: ⟨2,3,3⟩ from the naive 18.
    @Test func aSmallShapeGetsThePooledWalkFromTheNaiveScheme() throws {
        let store = try FMMProcess.temporaryDirectory()
        let result = try FMMProcess.run(["grow", "--shapes", "2x3x3", "--slices", "3", "--slice", "20", "--store", store.path])
        #expect(result.status == 0, "\(result.stderr)")
        let records = try journal(store)
        #expect(records.map(\.method) == ["z-extension", "z-restriction", "z-pool-naive"], "\(records)")
        #expect(records.map(\.outcome) == ["inapplicable", "inapplicable", "improved"], "\(records)")
        // The slice that ran records the CPU it used (the one that found no start has none).
        #expect((records.last?.cpuSeconds ?? 0) > 0 && records.first?.cpuSeconds == nil, "\(records)")
    }

    /// `--methods` keeps the campaign to the methods named. With a searched ⟨2,2,3⟩ 11 in the
    /// store, ⟨2,3,3⟩ (naive 18) gets `z-extension` first: the walk from ⟨2,2,3⟩ extended (rank
    /// 17) improves it. With `--methods z-pool-naive` the same store sends it to the pool.
    @Test func theMethodsOptionKeepsTheCampaignToThoseNamed() throws {
        func firstSlice(_ extra: [String]) throws -> Record? {
            let store = try FMMProcess.temporaryDirectory()
            let found = try FMMProcess.run(["search", "2x2x3", "--from", "naive", "--ring", "Z2", "--target", "11", "--seed", "1",
                                            "--flips", "20000000", "--seconds", "120", "--store", store.path])
            #expect(found.status == 0, "\(found.stderr)")
            let result = try FMMProcess.run(["grow", "--shapes", "2x3x3", "--slices", "1", "--slice", "20", "--store", store.path] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            return try journal(store).last
        }
        let extended = try firstSlice([])
        #expect(extended?.method == "z-extension" && extended?.outcome == "improved", "\(String(describing: extended))")
        #expect(try firstSlice(["--methods", "z-pool-naive"])?.method == "z-pool-naive")
    }

    /// Writes journal lines (one slice each) into the store's campaign folder.
    func writeJournal(_ store: URL, _ slices: [(shape: String, method: String, seed: Int, outcome: String, seconds: Int, cpu: Int?)]) throws {
        let campaign = store.appendingPathComponent("campaign")
        try FileManager.default.createDirectory(at: campaign, withIntermediateDirectories: true)
        let lines = slices.map { slice in
            "{\"shape\":\"\(slice.shape)\",\"method\":\"\(slice.method)\",\"seed\":\(slice.seed),\"slice_seconds\":\(slice.seconds),\"seconds\":\(slice.seconds),"
                + (slice.cpu.map { "\"cpu_seconds\":\($0)," } ?? "")
                // An improvement lowers the rank by one.
                + "\"before\":{\"rank\":30},\"after\":{\"rank\":\(slice.outcome == "improved" ? 29 : 30)},\"outcome\":\"\(slice.outcome)\",\"date\":\"2026-12-01T00:00:00Z\"}\n"
        }
        try Data(lines.joined().utf8).write(to: campaign.appendingPathComponent("journal.jsonl"))
    }

    /// A method that lowered the rank of other shapes goes first on a shape where nothing was
    /// tried, ahead of one that never improved anything: ⟨4,4,4⟩ (48 known only over Q) would get the GF(3)
    /// walk first (`aRankKnownOnlyOverQGetsTheGF3WalkFirst`), but after three z3-catalogue slices
    /// that changed nothing and three z-catalogue slices that improved, elsewhere, z-catalogue goes.
    @Test func aMethodThatWorksElsewhereGoesFirst() throws {
        let store = try FMMProcess.temporaryDirectory()
        try writeJournal(store, ["2x2x3", "2x3x3", "3x3x3"].flatMap { shape in
            [(shape: shape, method: "z3-catalogue", seed: 1, outcome: "unchanged", seconds: 10, cpu: 10),
             (shape: shape, method: "z-catalogue", seed: 1, outcome: "improved", seconds: 10, cpu: 10)]
        })
        let result = try FMMProcess.run(["grow", "--shapes", "4x4x4", "--slices", "1", "--slice", "1", "--store", store.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try journal(store).last.map { "\($0.shape) \($0.method)" } == "4x4x4 z-catalogue")
    }

    /// A store with a learned flip policy (`policies/flip.json`) offers `z-learned-naive` on small
    /// shapes: where it lowered ranks elsewhere and nothing else did, it goes first on ⟨2,4,5⟩,
    /// and its slice walks with the store's policy (it runs, not an error); without the file
    /// the same journal sends another method.
    @Test func aStoreWithALearnedFlipPolicyGetsTheLearnedWalk() throws {
        func nextMethod(withPolicy: Bool) throws -> Record? {
            let store = try FMMProcess.temporaryDirectory()
            try writeJournal(store, ["2x2x3", "2x3x3", "3x3x3"].flatMap { shape in
                [(shape: shape, method: "z-pool-naive", seed: 1, outcome: "unchanged", seconds: 10, cpu: 10),
                 (shape: shape, method: "z-learned-naive", seed: 1, outcome: "improved", seconds: 10, cpu: 10)]
            })
            if withPolicy {
                let learn = try FMMProcess.run(["learn-flips", "2x2x3", "--generations", "1", "--population", "2", "--elite", "1", "--episodes", "1",
                                                "--attempts", "1000", "--out", store.appendingPathComponent("policies/flip.json").path])
                #expect(learn.status == 0, "\(learn.stderr)")
            }
            let result = try FMMProcess.run(["grow", "--shapes", "2x4x5", "--slices", "1", "--slice", "2", "--store", store.path])
            #expect(result.status == 0, "\(result.stderr)")
            return try journal(store).last
        }
        let learned = try nextMethod(withPolicy: true)
        #expect(learned?.method == "z-learned-naive" && ["unchanged", "improved"].contains(learned?.outcome), "\(String(describing: learned))")
        #expect(try nextMethod(withPolicy: false)?.method != "z-learned-naive")
    }

    /// The shape `fmm grow --shapes 2x4x5,4x4x4` picks for its next slice after six z-naive
    /// slices on ⟨2,4,5⟩, given as (outcome, slice seconds, CPU seconds or nil).
    func nextShapeAfterSixSlices(_ slice: (Int) -> (outcome: String, seconds: Int, cpu: Int?)) throws -> String? {
        let store = try FMMProcess.temporaryDirectory()
        try writeJournal(store, (1...6).map { seed in
            let (outcome, seconds, cpu) = slice(seed)
            return (shape: "2x4x5", method: "z-naive", seed: seed, outcome: outcome, seconds: seconds, cpu: cpu)
        })
        let result = try FMMProcess.run(["grow", "--shapes", "2x4x5,4x4x4", "--slices", "1", "--slice", "1", "--store", store.path])
        #expect(result.status == 0, "\(result.stderr)")
        let records = try journal(store)
        #expect(records.count == 7, "\(records)")
        return records.last?.shape
    }

    /// Slices starved of CPU (a hundredth of a core each) count for what they ran: six of them
    /// on ⟨2,4,5⟩ leave it ahead of ⟨4,4,4⟩, where six full slices send the campaign on
    /// (`aShapeTriedOftenYieldsToAnUntriedOne`).
    @Test func starvedSlicesCountForTheCPUTheyGot() throws {
        #expect(try nextShapeAfterSixSlices { _ in ("unchanged", 100, 1) } == "2x4x5")
    }

    /// A shape that has just improved after many slices does not keep the campaign while another
    /// of lower value waits untried: six slices on ⟨2,4,5⟩ (the last one improved) send the next
    /// slice to ⟨4,4,4⟩, although ⟨2,4,5⟩ alone would score higher (the same gap capped at 4, on
    /// a shorter slice).
    @Test func aShapeTriedOftenYieldsToAnUntriedOne() throws {
        #expect(try nextShapeAfterSixSlices { seed in (seed == 6 ? "improved" : "unchanged", 1, nil) } == "4x4x4")
    }

    /// A shape whose smaller neighbour improved after its own last extension slice counts as
    /// just improved and takes `z-extension` next: four unchanged slices on ⟨2,3,4⟩ leave it
    /// behind ⟨4,4,4⟩ (never tried), until a slice improves ⟨2,3,3⟩ after them.
    @Test func aShapeWhoseNeighbourImprovedTakesTheExtensionNext() throws {
        func next(improvingNeighbour: Bool) throws -> String? {
            let store = try FMMProcess.temporaryDirectory()
            let tried = ["z-extension", "z-catalogue", "z-extension", "z-naive"].enumerated().map {
                (shape: "2x3x4", method: $0.element, seed: $0.offset + 1, outcome: "unchanged", seconds: 10, cpu: Optional(10))
            }
            try writeJournal(store, tried + (improvingNeighbour ? [(shape: "2x3x3", method: "z-catalogue", seed: 1, outcome: "improved", seconds: 10, cpu: 10)] : []))
            let result = try FMMProcess.run(["grow", "--shapes", "2x3x4,4x4x4", "--slices", "1", "--slice", "1", "--store", store.path])
            #expect(result.status == 0, "\(result.stderr)")
            return try journal(store).last.map { "\($0.shape) \($0.method)" }
        }
        #expect(try next(improvingNeighbour: false)?.hasPrefix("4x4x4") == true)
        #expect(try next(improvingNeighbour: true) == "2x3x4 z-extension")
    }

    /// A shape one or two smaller than a shape that improved after its own last restriction slice
    /// counts as just improved and takes `z-restriction` next: four unchanged slices on ⟨2,3,3⟩
    /// leave it behind ⟨4,4,4⟩ (never tried), until a slice improves ⟨2,4,4⟩ after them (one
    /// larger in two dimensions); an improvement of ⟨2,5,5⟩ (four larger) does not count.
    @Test func aShapeWhoseLargerNeighbourImprovedTakesTheRestrictionNext() throws {
        func next(improving larger: String?) throws -> String? {
            let store = try FMMProcess.temporaryDirectory()
            let tried = ["z-restriction", "z-catalogue", "z-restriction", "z-naive"].enumerated().map {
                (shape: "2x3x3", method: $0.element, seed: $0.offset + 1, outcome: "unchanged", seconds: 10, cpu: Optional(10))
            }
            try writeJournal(store, tried + (larger.map { [(shape: $0, method: "z-catalogue", seed: 1, outcome: "improved", seconds: 10, cpu: 10)] } ?? []))
            let result = try FMMProcess.run(["grow", "--shapes", "2x3x3,4x4x4", "--slices", "1", "--slice", "1", "--store", store.path])
            #expect(result.status == 0, "\(result.stderr)")
            return try journal(store).last.map { "\($0.shape) \($0.method)" }
        }
        #expect(try next(improving: nil)?.hasPrefix("4x4x4") == true)
        #expect(try next(improving: "2x5x5")?.hasPrefix("4x4x4") == true)
        #expect(try next(improving: "2x4x4") == "2x3x3 z-restriction")
    }

    /// Walks from a derived entry (a direct sum or tensor product of entries) find no
    /// reduction, and none can start from a construction over Q with even denominators, so a
    /// shape whose best entry is one gets no slice that starts from its entry. In a store seeded
    /// up to 4, ⟨2,3,3⟩ 15 is the pairwise-Strassen construction, ⟨4,4,4⟩ 49 is ⟨2,2,2⟩ ⊗ ⟨2,2,2⟩
    /// and ⟨3,4,4⟩ 42 a restriction of the latter: kept to the walks from the entry, the campaign
    /// gives its slices to ⟨3,4,4⟩ alone.
    @Test func aDerivedEntryGetsNoWalkFromItself() throws {
        let store = try FMMProcess.temporaryDirectory()
        #expect(try FMMProcess.run(["seed", "--max", "4", "--store", store.path]).status == 0)
        let result = try FMMProcess.run(["grow", "--shapes", "2x3x3,4x4x4,3x4x4", "--methods", "z-catalogue,z-pool-catalogue,z-lift-zt,z3-catalogue,zt-catalogue",
                                         "--slices", "2", "--slice", "1", "--store", store.path])
        #expect(result.status == 0, "\(result.stderr)")
        let records = try journal(store)
        #expect(!records.isEmpty && records.allSatisfy { $0.shape == "3x4x4" }, "\(records)")
    }

    /// A shape whose entry over Q came after its last `z-lift-zt` slice takes `z-lift-zt` next,
    /// however often that method found nothing before; without the later improvement the
    /// untried ternary walk goes first.
    @Test func aFreshEntryOverQTakesTheLiftNext() throws {
        func next(improvedAfterTheLifts: Bool) throws -> String? {
            let store = try FMMProcess.temporaryDirectory()
            let scaled = store.appendingPathComponent("scaled.exp")
            try Data(CheckCommandTests.strassenScaled(by: 3).utf8).write(to: scaled)
            #expect(try FMMProcess.run(["import", "--store", store.path, scaled.path]).status == 0)
            let lifts = (1...3).map { (shape: "2x2x2", method: "z-lift-zt", seed: $0, outcome: "unchanged", seconds: 10, cpu: Optional(10)) }
            let improvement = [(shape: "2x2x2", method: "z-catalogue", seed: 1, outcome: "improved", seconds: 10, cpu: Optional(10))]
            try writeJournal(store, improvedAfterTheLifts ? lifts + improvement : improvement + lifts)
            let result = try FMMProcess.run(["grow", "--shapes", "2x2x2", "--slices", "1", "--slice", "1", "--store", store.path])
            #expect(result.status == 0, "\(result.stderr)")
            return try journal(store).last?.method
        }
        #expect(try next(improvedAfterTheLifts: true) == "z-lift-zt")
        #expect(try next(improvedAfterTheLifts: false) != "z-lift-zt")
    }

    /// Strassen's algorithm after the change of basis A → DA, C → DC with D = diag(1, k): the
    /// a2j scaled by k, the coefficients of row 2 of C by 1/k. A different scheme over Q (not a
    /// rescaling of Strassen's terms) whose largest numerator or denominator is k.
    static func strassenInBasis(scale k: Int) -> String {
        var text = CheckCommandTests.strassenLines
        for j in 1...2 { text = text.replacingOccurrences(of: "a2\(j)", with: "\(k)*a2\(j)") }
        for column in 1...2 { text = text.replacingOccurrences(of: "c\(column)2", with: "1/\(k)*c\(column)2") }
        return text
    }

    /// A derived entry is formed again from its parts: when ⟨2,2,2⟩ 7 over Q is replaced by one
    /// of the same rank with smaller coefficients, the derived ⟨2,2,4⟩ 14 = ⟨2,2,2⟩ ⊕ ⟨2,2,2⟩
    /// follows it (before, the table took the stored ⟨2,2,4⟩ itself and kept the old one). The
    /// campaign may use only `z-restriction`, which no shape here can take, so it searches nothing.
    @Test func aDerivedEntryFollowsAPartWithSmallerCoefficients() throws {
        let store = try FMMProcess.temporaryDirectory()
        func importStrassen(scale k: Int) throws -> String {
            let file = store.appendingPathComponent("strassen-\(k).exp")
            try Data(Self.strassenInBasis(scale: k).utf8).write(to: file)
            let result = try FMMProcess.run(["import", "--store", store.path, file.path])
            #expect(result.status == 0 && result.stdout.contains("added catalogue/2x2x2/Q-r7-"), "\(result.stdout)\(result.stderr)")
            return String(result.stdout.split(separator: "Q-r7-").last?.prefix(12) ?? "")
        }
        func derivedParents() throws -> [String] {
            #expect(try FMMProcess.run(["grow", "--shapes", "2x2x2,2x2x4", "--slices", "1", "--slice", "1", "--methods", "z-restriction", "--store", store.path]).status == 0)
            let folder = store.appendingPathComponent("catalogue/2x2x4")
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("Q-r14-") }
            #expect(files.count == 1, "\(files)")
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(files[0]))) as? [String: Any]
            return ((object?["provenance"] as? [String: Any])?["parents"] as? [String]) ?? []
        }
        let large = try importStrassen(scale: 5)
        #expect(try derivedParents().allSatisfy { $0.hasPrefix(large) })
        let small = try importStrassen(scale: 3)
        let parents = try derivedParents()
        #expect(!parents.isEmpty && parents.allSatisfy { $0.hasPrefix(small) }, "\(parents)")
        #expect(try FMMProcess.run(["verify", "--store", store.path]).status == 0)
    }

    /// What a shape's best known rank would bring by derivation counts in its value. In an empty
    /// store both shapes start naive: ⟨3,3,3⟩ (27 against 23) is worth more per second of slice
    /// on its own than ⟨2,2,2⟩ (8 against 7), but Strassen's 7 would bring ⟨2,2,p⟩ for p = 3…8
    /// (11, 14, 18, 21, 25, 28) by sums, so ⟨2,2,2⟩ goes first.
    @Test func whatARankWouldBringByDerivationCounts() throws {
        let store = try FMMProcess.temporaryDirectory()
        let result = try FMMProcess.run(["grow", "--shapes", "3x3x3,2x2x2", "--max", "8", "--slices", "1", "--slice", "1", "--store", store.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try journal(store).map(\.shape) == ["2x2x2"])
        #expect(result.stderr.contains("would bring"), "\(result.stderr)")
    }

    /// `--report` searches nothing and lists each shape still short with what the journal says
    /// was tried there: slices, wall and CPU seconds, methods with counts.
    @Test func theReportListsWhatWasTriedOnEachShortShape() throws {
        let store = try FMMProcess.temporaryDirectory()
        let campaign = store.appendingPathComponent("campaign")
        try FileManager.default.createDirectory(at: campaign, withIntermediateDirectories: true)
        let lines = [("z-naive", "unchanged", "\"cpu_seconds\":40,"), ("z3-catalogue", "unchanged", ""), ("z-naive", "improved", "\"cpu_seconds\":60,"),
                     ("z-restriction", "inapplicable", "")].enumerated().map { i, slice in
            "{\"shape\":\"2x4x5\",\"method\":\"\(slice.0)\",\"seed\":\(i + 1),\"slice_seconds\":100,\"seconds\":100,\(slice.2)"
                + "\"before\":{},\"after\":{},\"outcome\":\"\(slice.1)\",\"date\":\"2026-12-01T00:00:00Z\"}\n"
        }
        try Data(lines.joined().utf8).write(to: campaign.appendingPathComponent("journal.jsonl"))
        let text = try FMMProcess.run(["grow", "--shapes", "2x4x5,2x2x2", "--report", "--store", store.path])
        #expect(text.status == 0, "\(text.stderr)")
        let rows = text.stdout.split(separator: "\n").map(String.init)
        #expect(rows.count == 2, "\(text.stdout)")
        #expect(rows.first { $0.hasPrefix("2x4x5") }?.hasSuffix("3 slices, 300 s wall (100 s CPU in 2), 1 improved: z-naive ×2, z3-catalogue") == true, "\(rows)")
        #expect(rows.first { $0.hasPrefix("2x2x2") }?.hasSuffix("no slice") == true, "\(rows)")
        #expect(!FileManager.default.fileExists(atPath: store.appendingPathComponent("catalogue").path), "the report searched or stored something")
        let json = try FMMProcess.run(["grow", "--shapes", "2x4x5", "--report", "--json", "--store", store.path])
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(parsed.first?["slices"] as? Int == 3)
        #expect((parsed.first?["methods"] as? [String: Int]) == ["z-naive": 2, "z3-catalogue": 1])
    }

    /// `fmm search --journal` records the run as a slice in campaign/journal-search.jsonl: the
    /// method names the ring and the start, the outcome compares the standings before and after,
    /// and `fmm grow --report` counts it. Without the flag nothing is journalled.
    @Test func aJournalledSearchCountsInTheCampaignReport() throws {
        let store = try FMMProcess.temporaryDirectory()
        let plain = try FMMProcess.run(["search", "2x2x3", "--from", "naive", "--ring", "Z2", "--flips", "2000000", "--seconds", "60",
                                        "--target", "11", "--seed", "4", "--store", store.path])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(!FileManager.default.fileExists(atPath: store.appendingPathComponent("campaign").path))
        for seed in [5, 6] {
            let result = try FMMProcess.run(["search", "2x2x3", "--from", "naive", "--ring", "Z2", "--flips", "2000000", "--seconds", "60",
                                             "--target", "11", "--seed", "\(seed)", "--journal", "--store", store.path])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let records = try journal(store, file: "journal-search.jsonl")
        #expect(records.map(\.shape) == ["2x2x3", "2x2x3"])
        #expect(records.map(\.method) == ["search Z2 naive", "search Z2 naive"])
        #expect(records.map(\.seed) == [5, 6])
        // The store held a rank-11 entry mod 2 before either journalled run: neither improved it.
        #expect(records.map(\.outcome) == ["unchanged", "unchanged"])
        #expect(records.allSatisfy { ($0.cpuSeconds ?? 0) > 0 })
        let report = try FMMProcess.run(["grow", "--shapes", "2x2x3", "--report", "--store", store.path])
        #expect(report.stdout.contains("2 slices") && report.stdout.hasSuffix("search Z2 naive ×2\n"), "\(report.stdout)")
        // Journals are read in the order the slices ended, whichever file holds them: a campaign
        // slice that ended earlier comes first although journal.jsonl sorts after journal-search.jsonl.
        let earlier = "{\"shape\":\"2x2x3\",\"method\":\"z-naive\",\"seed\":1,\"slice_seconds\":10,\"seconds\":10,"
            + "\"before\":{},\"after\":{},\"outcome\":\"unchanged\",\"date\":\"2026-01-01T00:00:00Z\"}\n"
        try Data(earlier.utf8).write(to: store.appendingPathComponent("campaign/journal.jsonl"))
        let ordered = try FMMProcess.run(["grow", "--shapes", "2x2x3", "--report", "--store", store.path])
        #expect(ordered.stdout.contains("3 slices") && ordered.stdout.hasSuffix(": z-naive, search Z2 naive ×2\n"), "\(ordered.stdout)")
        let rl = try FMMProcess.run(["search", "2x2x2", "--method", "rl", "--seconds", "1", "--journal", "--store", store.path])
        #expect(rl.status == 2 && rl.stderr.contains("--journal records flip and numeric searches"), "\(rl.stderr)")
    }

    /// SIGINT to the campaign (not to its searches) ends the running search, journals its slice
    /// as stopped, and exits normally with the summary: no search is left writing to the store.
    @Test func anInterruptedCampaignStopsItsSearchesAndJournalsThem() throws {
        let store = try FMMProcess.temporaryDirectory()
        let grow = Process()
        grow.executableURL = FMMProcess.executable
        grow.arguments = ["grow", "--shapes", "4x4x4", "--slice", "600", "--store", store.path]
        let (out, err) = (Pipe(), Pipe())
        (grow.standardOutput, grow.standardError) = (out, err)
        try grow.run()
        let journal = store.appendingPathComponent("campaign/journal.jsonl")
        // Wait until the search runs (the store has its entries and the slice has begun).
        let searchRunning = { () -> Bool in
            let pgrep = Process()
            pgrep.executableURL = URL(fileURLWithPath: "/usr/bin/pgrep")
            pgrep.arguments = ["-f", "search 4x4x4 .*--store \(store.path)"]
            pgrep.standardOutput = FileHandle.nullDevice
            guard (try? pgrep.run()) != nil else { return false }
            pgrep.waitUntilExit()
            return pgrep.terminationStatus == 0
        }
        let started = Date()
        while !searchRunning() && Date().timeIntervalSince(started) < 60 { Thread.sleep(forTimeInterval: 0.2) }
        try #require(searchRunning(), "the slice's search never started")
        grow.interrupt()
        _ = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        grow.waitUntilExit()
        #expect(grow.terminationStatus == 0, "\(stderr)")
        #expect(!searchRunning(), "a search outlived its campaign")
        let records = try self.journal(store)
        #expect(records.map(\.outcome) == ["stopped"], "\(records)")
        #expect(FileManager.default.fileExists(atPath: journal.path))
    }

    @Test func badOptionsGetOneLine() throws {
        let store = try FMMProcess.temporaryDirectory()
        for (arguments, message) in [(["--shard", "2/2"], "--shard must be i/N"), (["--shapes", "2x2"], "fmm grow:"), (["--threads", "0"], "--threads within"), (["--methods", "z-bogus"], "--methods takes")] {
            let result = try FMMProcess.run(["grow", "--store", store.path] + arguments)
            #expect(result.status == 2)
            #expect(result.stderr.contains(message) && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        }
    }
}
