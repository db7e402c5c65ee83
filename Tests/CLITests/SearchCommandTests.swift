import Foundation
import TestSupport
import Testing

/// The `--json` summary object a search printed (flip or RL).
func summary(_ result: FMMProcess.Result) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout) \(result.stderr)")
}

@Suite struct SearchCommandTests {
    func files(in store: URL, shape: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: store.appendingPathComponent("catalogue/\(shape)").path)) ?? []
    }

    /// Searches ⟨3,3,3⟩ from the naive scheme to rank 23 with `options`, expects a lift over
    /// Z or Q, and returns the store, the JSON summary and the stored entry's text.
    func liftedLadermanRankEntry(_ options: [String], seed: Int) throws -> (URL, [String: Any], String) {
        let store = try FMMProcess.temporaryDirectory()
        let result = try FMMProcess.run(["search", "3x3x3"] + options + ["--flips", "20000000", "--seconds", "120",
                                         "--target", "23", "--seed", "\(seed)", "--store", store.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try summary(result)
        #expect(json["best_rank"] as? Int == 23)
        #expect(["ZT", "Z", "Q"].contains(json["ring"] as? String ?? ""), "\(json)")
        let file = try #require(json["file"] as? String)
        return (store, json, try String(contentsOf: store.appendingPathComponent(file), encoding: .utf8))
    }

    @Test func findsLadermanRankFromTheNaiveSchemeAndStoresALiftedScheme() throws {
        let (store, json, entry) = try liftedLadermanRankEntry(["--method", "flip"], seed: 3)
        #expect(entry.contains("\"method\": \"flip\""))
        #expect(entry.contains("\"seed\": "))
        #expect(try FMMProcess.run(["verify", "--store", store.path]).status == 0)
        #expect((json["flips_per_second"] as? Int ?? 0) > 0)
    }

    /// `fmm bench flips --restart-after`: a walk that stalls starts afresh from the naive scheme
    /// with a new seed, as `fmm search --restart-after` does. With only 2000 flips without a new
    /// best, the walks on ⟨3,3,3⟩ stall at 24–25 again and again; 23 comes only from fresh walks.
    @Test func benchRestartsStalledWalksFromTheNaiveScheme() throws {
        let result = try FMMProcess.run(["bench", "flips", "--seconds", "0.01", "--targets", "3x3x3:23", "--seeds", "2", "--first-seed", "3",
                                         "--restart-after", "2000", "--limit", "120", "--rings", "Z2", "--target-rings", "Z2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("restart after 2000 flips"), "\(result.stdout)")
        #expect(result.stdout.contains("3x3x3 Z2 -> 23: reached by 2 of 2 seeds"), "\(result.stdout)")
    }

    /// `fmm bench flips --pool`: the time-to-target walks run as a pool (`fmm search --pool`),
    /// named in the header, and reach Laderman's rank from the naive scheme.
    @Test func benchTimesThePoolToTheTarget() throws {
        let result = try FMMProcess.run(["bench", "flips", "--targets", "3x3x3:23", "--seeds", "2", "--limit", "120", "--rings", "", "--target-rings", "Z2",
                                         "--pool", "16", "--walk-length", "20000"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("pool 16, walk length 20000"), "\(result.stdout)")
        #expect(result.stdout.contains("3x3x3 Z2 -> 23: reached by 2 of 2 seeds"), "\(result.stdout)")
        #expect(try FMMProcess.run(["bench", "flips", "--pool=-1"]).status == 2)
    }

    /// `--sparsity-bias` reaches the plain GF(2) walks of fmm bench flips and fmm search, and
    /// is refused where there is no such walk.
    @Test func theSparsityBiasIsForThePlainWalkOverGF2() throws {
        let bench = try FMMProcess.run(["bench", "flips", "--targets", "3x3x3:23", "--seeds", "2", "--limit", "120", "--rings", "", "--target-rings", "Z2",
                                        "--sparsity-bias", "0.1"])
        #expect(bench.status == 0, "\(bench.stderr)")
        #expect(bench.stdout.contains("Z2 sparsity bias 0.1"), "\(bench.stdout)")
        #expect(bench.stdout.contains("3x3x3 Z2 -> 23: reached by 2 of 2 seeds"), "\(bench.stdout)")
        let store = try FMMProcess.temporaryDirectory()
        let search = try FMMProcess.run(["search", "3x3x3", "--from", "naive", "--ring", "Z2", "--sparsity-bias", "0.1", "--target", "23", "--seconds", "60",
                                         "--store", store.path])
        #expect(search.status == 0, "\(search.stderr)")
        #expect(search.stdout.contains("best rank 23"), "\(search.stdout)")
        for refused in [["--ring", "ZT"], ["--cyclic"], ["--sparsity-bias=-1"]] {
            let result = try FMMProcess.run(["search", "3x3x3", "--sparsity-bias", "0.1", "--seconds", "1", "--store", store.path] + refused)
            #expect(result.status == 2, "\(refused)")
            #expect(result.stderr.contains("--sparsity-bias"), "\(result.stderr)")
        }
    }

    /// `--attempts N` gives each seed a budget of flip attempts instead of seconds and counts
    /// attempts to the target, so two runs print the same figures; a seed that misses the
    /// target says which rank it reached.
    @Test func anAttemptBudgetMakesTheBenchmarkRepeatable() throws {
        let arguments = ["bench", "flips", "--targets", "3x3x3:23,3x3x4:28", "--seeds", "2", "--attempts", "1000000", "--rings", "", "--target-rings", "Z2"]
        let first = try FMMProcess.run(arguments), second = try FMMProcess.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        let lines = first.stdout.split(separator: "\n").filter { $0.contains(" -> ") }
        #expect(lines.count == 2 && lines.allSatisfy { $0.contains("M attempts") }, "\(first.stdout)")
        #expect(lines == second.stdout.split(separator: "\n").filter { $0.contains(" -> ") })
        // ⟨3,3,4⟩ 28 is below every known scheme's rank: no seed reaches it, each says where it stopped.
        #expect(lines[1].contains("reached by 0 of 2 seeds") && lines[1].contains("the others reached"), "\(lines[1])")
        #expect(try FMMProcess.run(["bench", "flips", "--attempts", "0"]).status == 2)
    }

    /// `fmm learn-flips` writes a policy that `--flip-policy` hands to the plain GF(2) walks of
    /// fmm bench flips and fmm search (named in the search's provenance); a damaged policy, a
    /// policy beside a sparsity bias, or a walk without such flips is refused in one line.
    @Test func aLearnedFlipPolicyReachesThePlainWalk() throws {
        let folder = try FMMProcess.temporaryDirectory()
        let policy = folder.appendingPathComponent("policy.json").path
        let learn = try FMMProcess.run(["learn-flips", "2x3x3", "--generations", "2", "--population", "4", "--elite", "2", "--episodes", "1",
                                        "--attempts", "20000", "--out", policy])
        #expect(learn.status == 0, "\(learn.stderr)")
        #expect(learn.stdout.contains("generation 2"), "\(learn.stdout)")
        #expect(FileManager.default.fileExists(atPath: policy))
        let bench = try FMMProcess.run(["bench", "flips", "--targets", "3x3x3:23", "--seeds", "1", "--limit", "120", "--rings", "", "--target-rings", "Z2",
                                        "--flip-policy", policy])
        #expect(bench.status == 0, "\(bench.stderr)")
        #expect(bench.stdout.contains("Z2 flip policy policy.json (learned on 2x3x3, seed 1)"), "\(bench.stdout)")
        let store = try FMMProcess.temporaryDirectory()
        let search = try FMMProcess.run(["search", "3x3x3", "--from", "naive", "--ring", "Z2", "--flip-policy", policy, "--target", "23", "--seconds", "60",
                                         "--store", store.path])
        #expect(search.status == 0, "\(search.stderr)")
        #expect(search.stdout.contains("best rank 23"), "\(search.stdout)")
        let entries = FileManager.default.enumerator(atPath: store.appendingPathComponent("catalogue").path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") } ?? []
        let provenance = try entries.map { try String(contentsOf: store.appendingPathComponent("catalogue").appendingPathComponent($0), encoding: .utf8) }.joined()
        #expect(provenance.contains("flip policy policy.json"), "\(entries)")
        let damaged = folder.appendingPathComponent("damaged.json").path
        try Data("{\"format\": \"fmm flip policy 1\"}".utf8).write(to: URL(fileURLWithPath: damaged))
        for refused in [["--flip-policy", damaged], ["--flip-policy", policy, "--sparsity-bias", "0.1"], ["--flip-policy", policy, "--ring", "ZT"],
                        ["--flip-policy", folder.appendingPathComponent("missing.json").path]] {
            let result = try FMMProcess.run(["search", "3x3x3", "--seconds", "1", "--store", store.path] + refused)
            #expect(result.status == 2, "\(refused)")
            #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains("fmm search:"), "\(result.stderr)")
        }
        #expect(try FMMProcess.run(["learn-flips", "9x9x9", "--out", policy]).status == 2)
        #expect(try FMMProcess.run(["learn-flips", "3x3x3", "--elite", "20", "--out", policy]).status == 2)
    }

    /// With `--json` the summary goes to stdout and the progress line still goes to stderr;
    /// stderr here is a pipe, so the line comes as whole lines (no carriage-return redraws),
    /// the last one with the final figures.
    @Test func jsonSummaryKeepsTheProgressLineOnStandardError() throws {
        let store = try FMMProcess.temporaryDirectory()
        let result = try FMMProcess.run(["search", "3x3x3", "--from", "naive", "--ring", "Z2", "--flips", "300000", "--seconds", "60",
                                         "--target", "1", "--seed", "4", "--store", store.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try summary(result)["best_rank"] as? Int != nil)
        let lines = result.stderr.split(separator: "\n")
        #expect(!result.stderr.contains("\r"))
        #expect(lines.last?.contains("flips/s") == true && lines.last?.contains("best ") == true, "\(result.stderr)")
    }

    /// `--from restriction` starts from the shortest restriction of a searched entry of a larger
    /// shape (here the ⟨3,3,3⟩ rank-23 scheme found first) and walks on; with no such entry it
    /// refuses with one line.
    @Test func startsFromARestrictionOfALargerEntry() throws {
        let store = try FMMProcess.temporaryDirectory()
        let none = try FMMProcess.run(["search", "2x3x3", "--from", "restriction", "--store", store.path])
        #expect(none.status == 2)
        #expect(none.stderr.contains("restricts") && none.stderr.split(separator: "\n").count == 1, "\(none.stderr)")
        let found = try FMMProcess.run(["search", "3x3x3", "--from", "naive", "--ring", "Z2", "--target", "23", "--seed", "3",
                                        "--flips", "20000000", "--seconds", "120", "--store", store.path, "--json"])
        let foundJSON = try summary(found)
        #expect(foundJSON["best_rank"] as? Int == 23)
        // The parent's content hash: the file name ends in its first twelve digits.
        let parentHash = try #require((foundJSON["file"] as? String)?.split(separator: "-").last?.dropLast(".json".count))
        let result = try FMMProcess.run(["search", "2x3x3", "--from", "restriction", "--ring", "Z2", "--target", "15", "--seed", "1",
                                         "--flips", "20000000", "--seconds", "120", "--store", store.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try summary(result)
        let start = try #require(json["start"] as? String)
        #expect(start.hasPrefix("catalogue/3x3x3/") && start.hasSuffix("restricted to 2x3x3"), "\(start)")
        #expect((json["start_rank"] as? Int ?? .max) <= 23)
        #expect(json["best_rank"] as? Int == 15)
        let file = try #require(json["file"] as? String)
        let entry = try String(contentsOf: store.appendingPathComponent(file), encoding: .utf8)
        #expect(entry.contains("restricted to 2x3x3"))
        #expect(entry.contains("\"\(parentHash)"), "the parent's hash among the provenance parents: \(entry)")
        #expect(try FMMProcess.run(["verify", "--store", store.path]).status == 0)
        // --scramble: the larger entry takes random flips first; only with --from restriction.
        let scrambled = try FMMProcess.run(["search", "2x3x3", "--from", "restriction", "--scramble", "1000", "--ring", "Z2", "--seed", "2",
                                            "--flips", "1", "--store", store.path, "--json"])
        #expect(scrambled.status == 0, "\(scrambled.stderr)")
        #expect((try summary(scrambled)["start"] as? String)?.hasSuffix("after 1000 flips restricted to 2x3x3") == true)
        let refused = try FMMProcess.run(["search", "2x3x3", "--scramble", "1000", "--store", store.path])
        #expect(refused.status == 2 && refused.stderr.contains("--scramble"))
    }

    /// Of the derived entries, `--from restriction` uses tensor products and not direct sums: in
    /// a store seeded up to 4 (Strassen, its sums and its square ⟨4,4,4⟩ 49 = ⟨2,2,2⟩ ⊗ ⟨2,2,2⟩),
    /// whose larger entries are all sums or restrictions but that square, ⟨2,2,3⟩ and ⟨3,4,4⟩
    /// start from the square restricted. (⟨2,2,3⟩ first: the walk on ⟨3,4,4⟩ stores a mod-2
    /// scheme of rank 40, its start's reductions, which ⟨2,2,3⟩ would then restrict.)
    @Test func restrictsTensorProductsButNotDirectSums() throws {
        let store = try FMMProcess.temporaryDirectory()
        #expect(try FMMProcess.run(["seed", "--max", "4", "--store", store.path]).status == 0)
        for shape in ["2x2x3", "3x4x4"] {
            let result = try FMMProcess.run(["search", shape, "--from", "restriction", "--ring", "Z2", "--seed", "1",
                                             "--flips", "1", "--store", store.path, "--json"])
            #expect(result.status == 0, "\(shape): \(result.stderr)")
            let start = try #require(try summary(result)["start"] as? String)
            #expect(start.hasPrefix("catalogue/4x4x4/") && start.hasSuffix("restricted to \(shape)"), "\(start)")
        }
    }

    /// With --from restriction a walk that lifts restricts an entry valid over Q, not a lower one
    /// stored mod 2 only, and scrambles a ternary entry with ternary flips, so that its start holds
    /// over Z (the start is lifted, `lifted_rank` set with one flip); a mod-2 walk restricts the
    /// lowest entry and scrambles mod 2. In a store seeded up to 4 plus ⟨3,4,4⟩ 40 mod 2 (from
    /// Strassen squared restricted), ⟨3,3,4⟩ restricts that 40 mod 2 and ⟨4,4,4⟩ 49 otherwise.
    @Test func aLiftingWalkRestrictsAndScramblesOverZ() throws {
        let store = try FMMProcess.temporaryDirectory()
        #expect(try FMMProcess.run(["seed", "--max", "4", "--store", store.path]).status == 0)
        let modular = try FMMProcess.run(["search", "3x4x4", "--from", "restriction", "--ring", "Z2", "--seed", "1", "--flips", "1", "--store", store.path, "--json"])
        #expect(try summary(modular)["best_rank"] as? Int == 40, "\(modular.stdout)")
        func start(_ options: [String]) throws -> [String: Any] {
            let result = try FMMProcess.run(["search", "3x3x4", "--from", "restriction", "--seed", "1", "--flips", "1", "--store", store.path, "--json"] + options)
            #expect(result.status == 0, "\(result.stderr)")
            return try summary(result)
        }
        let mod2 = try start(["--ring", "Z2", "--scramble", "1000"])
        #expect((mod2["start"] as? String)?.hasPrefix("catalogue/3x4x4/Z2-r40-") == true && (mod2["start"] as? String)?.contains(" after 1000 flips ") == true, "\(mod2)")
        let lifting = try start(["--ring", "Z", "--scramble", "1000"])
        let origin = try #require(lifting["start"] as? String)
        #expect(origin.hasPrefix("catalogue/4x4x4/ZT-r49-") && origin.contains(" after 1000 ternary flips "), "\(origin)")
        let (lifted, startRank) = (try #require(lifting["lifted_rank"] as? Int), try #require(lifting["start_rank"] as? Int))
        #expect(lifted <= startRank)
    }

    /// Without --from, a walk that lifts (--ring Z) starts from the best entry valid over Q, not
    /// from a lower one stored mod 2 only (whose lifts failed); a walk mod 2 starts from the
    /// lowest. In a store seeded up to 4, a mod-2 walk from the restriction of Strassen squared
    /// stores ⟨3,4,4⟩ 40 mod 2 beside the ZT 42.
    @Test func aLiftingWalkStartsFromAnEntryValidOverQ() throws {
        let store = try FMMProcess.temporaryDirectory()
        #expect(try FMMProcess.run(["seed", "--max", "4", "--store", store.path]).status == 0)
        let modular = try FMMProcess.run(["search", "3x4x4", "--from", "restriction", "--ring", "Z2", "--seed", "1", "--flips", "1", "--store", store.path, "--json"])
        #expect(try summary(modular)["best_rank"] as? Int == 40, "\(modular.stdout)")
        func start(_ ring: String) throws -> String? {
            let result = try FMMProcess.run(["search", "3x4x4", "--ring", ring, "--seed", "1", "--flips", "1", "--store", store.path, "--json"])
            return try summary(result)["start"] as? String
        }
        // The mod-2 walk first: the lifting one may store a lift of rank 40.
        #expect(try start("Z2")?.hasPrefix("catalogue/3x4x4/Z2-r40-") == true)
        #expect(try start("Z")?.hasPrefix("catalogue/3x4x4/ZT-r42-") == true)
    }

    /// `--rewind-after K`: after K failed lifts in a row a lifting walk goes back to the lowest
    /// scheme that lifted (the naive one when none has yet) and descends again, so every rewind
    /// is to a rank between the lowest lifted and the start's, and comes after K failures. The
    /// GF(2) walks from the naive ⟨2,3,4⟩ meet schemes that do not lift on the way to 20 (seed 1:
    /// two of four lifts fail). Without the option a walk never rewinds.
    @Test func aLiftingWalkRewindsToItsLowestLiftedSchemeAfterFailedLifts() throws {
        func run(seed: Int, rewindAfter: Int) throws -> [String: Any] {
            let store = try FMMProcess.temporaryDirectory()
            let result = try FMMProcess.run(["search", "2x3x4", "--from", "naive", "--ring", "Z", "--flips", "3000000", "--seconds", "120",
                                             "--seed", "\(seed)", "--rewind-after", "\(rewindAfter)", "--store", store.path, "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let json = try summary(result)
            if let file = json["file"] as? String, rewindAfter > 0 {
                let entry = try String(contentsOf: store.appendingPathComponent(file), encoding: .utf8)
                #expect(entry.contains("rewind after \(rewindAfter)"), "\(entry)")
            }
            return json
        }
        var rewinds = 0
        for seed in 1...3 {
            let json = try run(seed: seed, rewindAfter: 1)
            let rewoundTo = try #require(json["rewound_to"] as? [Int])
            let (lifted, start) = (try #require(json["lifted_rank"] as? Int), try #require(json["start_rank"] as? Int))
            let failures = try #require(json["lifts_tried"] as? Int) - (try #require(json["lifts_succeeded"] as? Int))
            #expect(rewoundTo.allSatisfy { (lifted...start).contains($0) }, "\(json)")
            #expect(failures >= rewoundTo.count, "\(json)")
            #expect(lifted == 20, "\(json)")
            rewinds += rewoundTo.count
        }
        #expect(rewinds > 0)
        let never = try run(seed: 1, rewindAfter: 0)
        #expect((never["rewound_to"] as? [Int])?.isEmpty == true, "\(never)")
        #expect(try FMMProcess.run(["search", "2x3x4", "--rewind-after=-1"]).status == 2)
    }

    /// `--from extension` starts from a searched entry of a shape one smaller plus the naive
    /// terms of the missing slice: ⟨2,2,3⟩ 11 (found first) extended to ⟨2,3,3⟩ has rank 17 and
    /// walks to 15. The two ways (along m: as 2x2x3; along p: as 2x3x2) tie in rank, so seed 1
    /// takes the first dimension and seed 3 (a multiple of 3) the other. With no smaller entry
    /// the search refuses with one line.
    @Test func startsFromAnExtensionOfASmallerEntry() throws {
        let store = try FMMProcess.temporaryDirectory()
        let none = try FMMProcess.run(["search", "2x3x3", "--from", "extension", "--store", store.path])
        #expect(none.status == 2)
        #expect(none.stderr.contains("one smaller") && none.stderr.split(separator: "\n").count == 1, "\(none.stderr)")
        let found = try FMMProcess.run(["search", "2x2x3", "--from", "naive", "--ring", "Z2", "--target", "11", "--seed", "1",
                                        "--flips", "20000000", "--seconds", "120", "--store", store.path, "--json"])
        let foundJSON = try summary(found)
        #expect(foundJSON["best_rank"] as? Int == 11, "\(found.stderr)")
        let parentHash = try #require((foundJSON["file"] as? String)?.split(separator: "-").last?.dropLast(".json".count))
        let result = try FMMProcess.run(["search", "2x3x3", "--from", "extension", "--ring", "Z2", "--target", "15", "--seed", "1",
                                         "--flips", "20000000", "--seconds", "120", "--store", store.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try summary(result)
        let start = try #require(json["start"] as? String)
        #expect(start.hasPrefix("catalogue/2x2x3/") && start.hasSuffix("as 2x2x3 extended to 2x3x3"), "\(start)")
        #expect(json["start_rank"] as? Int == 17)
        #expect(json["best_rank"] as? Int == 15)
        let file = try #require(json["file"] as? String)
        let entry = try String(contentsOf: store.appendingPathComponent(file), encoding: .utf8)
        #expect(entry.contains("extended to 2x3x3") && entry.contains("\"\(parentHash)"), "\(entry)")
        #expect(try FMMProcess.run(["verify", "--store", store.path]).status == 0)
        let other = try FMMProcess.run(["search", "2x3x3", "--from", "extension", "--ring", "Z2", "--seed", "3",
                                        "--flips", "1", "--store", store.path, "--json"])
        #expect(other.status == 0, "\(other.stderr)")
        #expect((try summary(other)["start"] as? String)?.hasSuffix("as 2x3x2 extended to 2x3x3") == true)
    }

    /// The cyclic-symmetric walk finds a ρ-invariant Laderman-rank scheme, lifts it and
    /// stores it with its parameters; non-square shapes are refused.
    @Test func cyclicSearchFindsASymmetricLiftedScheme() throws {
        let (store, _, entry) = try liftedLadermanRankEntry(["--cyclic"], seed: 2)
        #expect(entry.contains("cyclic"))
        #expect(try FMMProcess.run(["verify", "--store", store.path]).status == 0)
        let refused = try FMMProcess.run(["search", "2x3x3", "--cyclic", "--store", store.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("square"))
    }

    /// A cube start (Moosbauer–Poole's "2-cube" ⟨3,3,3⟩ start) reaches 23 and records its
    /// cubes; malformed masks are refused with one line.
    @Test func cubeStartReachesLadermanRank() throws {
        let store = try FMMProcess.temporaryDirectory()
        let result = try FMMProcess.run(["search", "3x3x3", "--cyclic", "--cubes", "010,101", "--flips", "50000000", "--seconds", "120",
                                         "--target", "23", "--ring", "Z2", "--seed", "3", "--store", store.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try summary(result)
        #expect(json["best_rank"] as? Int == 23)
        #expect((json["start"] as? String)?.contains("cubes") == true)
        let file = try #require(json["file"] as? String)
        #expect(try String(contentsOf: store.appendingPathComponent(file), encoding: .utf8).contains("cubes 010,101"))
        for masks in ["11,1", "110,011", "012", "000"] {
            let refused = try FMMProcess.run(["search", "3x3x3", "--cyclic", "--cubes", masks, "--store", store.path])
            #expect(refused.status == 2, "\(masks)")
            #expect(refused.stderr.split(separator: "\n").count == 1, "\(masks)")
        }
    }

    /// `--from naive` starts from the naive scheme even when the store holds a better entry
    /// (there: Strassen's rank 7, from which a rank-7 target would need no walk).
    @Test func fromNaiveIgnoresTheCatalogueEntry() throws {
        let store = try FMMProcess.temporaryDirectory()
        #expect(try FMMProcess.run(["seed", "--max", "2", "--store", store.path]).status == 0)
        let result = try FMMProcess.run(["search", "2x2x2", "--from", "naive", "--target", "7", "--seconds", "60", "--ring", "Z2",
                                         "--seed", "1", "--store", store.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try summary(result)
        #expect(json["start"] as? String == "the naive scheme")
        #expect(json["start_rank"] as? Int == 8)
        #expect(json["best_rank"] as? Int == 7)
    }

    @Test func sameSeedSameResult() throws {
        var found: [[String]] = []
        for _ in 0..<2 {
            let store = try FMMProcess.temporaryDirectory()
            let result = try FMMProcess.run(["search", "2x2x3", "--flips", "3000000", "--seconds", "120", "--seed", "9",
                                             "--ring", "Z2", "--store", store.path, "--json"])
            #expect(result.status == 0)
            found.append(files(in: store, shape: "2x2x3"))
        }
        #expect(found[0] == found[1])
        #expect(!found[0].isEmpty)
    }

    @Test func shardsMergeIntoTheBest() throws {
        var shardStores: [String] = []
        for shard in 0..<2 {
            let store = try FMMProcess.temporaryDirectory()
            let result = try FMMProcess.run(["search", "2x3x3", "--flips", "4000000", "--seconds", "120", "--shard", "\(shard)/2",
                                             "--store", store.path, "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            shardStores.append(store.path)
        }
        let main = try FMMProcess.temporaryDirectory()
        let merged = try FMMProcess.run(["merge", "--store", main.path] + shardStores)
        #expect(merged.status == 0, "\(merged.stdout)")
        #expect(try FMMProcess.run(["verify", "--store", main.path]).status == 0)
        // The merged catalogue holds, per ring, the best of the two shards.
        func bestRank(_ store: String) throws -> Int {
            let output = try FMMProcess.run(["ranks", "--json", "--shape", "2x3x3", "--store", store]).stdout
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
            return try #require((rows.first?["catalogue"] as? [String: Any])?["rank"] as? Int)
        }
        let shardBest = try shardStores.map(bestRank).min()!
        #expect(try bestRank(main.path) == shardBest)
    }

    /// SIGKILL at random moments never leaves a catalogue that fails `verify`; checkpoints parse.
    @Test func killedSearchLeavesAValidCatalogue() throws {
        var rng = SeededGenerator(seed: 77)
        for _ in 0..<4 {
            let store = try FMMProcess.temporaryDirectory()
            let checkpoints = store.appendingPathComponent("checkpoints")
            let process = Process()
            process.executableURL = FMMProcess.executable
            process.arguments = ["search", "3x3x3", "--seconds", "30", "--store", store.path, "--checkpoint", checkpoints.path,
                                 "--checkpoint-interval", "0.2", "--json"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 200_000...1_500_000, using: &rng))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(try FMMProcess.run(["verify", "--store", store.path]).status == 0)
            for file in (try? FileManager.default.contentsOfDirectory(atPath: checkpoints.path)) ?? [] where file.hasSuffix(".json") {
                #expect(try FMMProcess.run(["check", checkpoints.appendingPathComponent(file).path]).status == 0)
            }
        }
    }

    @Test func refusesBadRequests() throws {
        #expect(try FMMProcess.run(["search", "17x17x17"]).status == 2)
        #expect(try FMMProcess.run(["search", "3x3x3", "--method", "annealing"]).status == 2)
        #expect(try FMMProcess.run(["search", "3x3x3", "--shard", "3/2"]).status == 2)
        #expect(try FMMProcess.run(["search", "3x3x3", "--restart-after", "0"]).status == 2)
        #expect(try FMMProcess.run(["search", "3x3x3", "--climb", "0"]).status == 2)
        #expect(try FMMProcess.run(["search", "3x3x3", "--from", "/no/such/file"]).status == 2)
    }
}

/// A start that holds only mod 2 is walked on at its rank until a scheme of that rank lifts;
/// one that already holds over Q needs no search.
@Suite struct SearchLiftAtTargetTests {
    @Test func modTwoOnlyStartAtTheTargetIsLiftedByWalkingOn() throws {
        let store = try storeWithModTwoOnlyEntry()
        try expectRankElevenLifted(searching: ["--target", "11", "--seconds", "60"], in: store)

        // Now the start holds over Q: nothing to do.
        let again = try FMMProcess.run(["search", "2x2x3", "--target", "11", "--seconds", "60", "--store", store.path])
        #expect(again.status == 0)
        #expect(again.stdout.contains("already meets the target"), "\(again.stdout)")
    }

    /// Below the target's reach (⟨2,2,3⟩ has no rank-10 scheme) the walk still offers the
    /// schemes of its unlifted best rank for lifting, so the run ends with rank 11 over Q. A flip
    /// budget (not a time limit) makes the offers, and so the test, independent of load.
    @Test func unliftedBestRankIsOfferedAgainOnTheWayToALowerTarget() throws {
        try expectRankElevenLifted(searching: ["--target", "10", "--flips", "3000000", "--seconds", "300"], in: storeWithModTwoOnlyEntry())
    }

    /// Searches ⟨2,2,3⟩ with `options` (seed 4) and expects rank 11 stored over Z or Q.
    func expectRankElevenLifted(searching options: [String], in store: URL) throws {
        let result = try FMMProcess.run(["search", "2x2x3"] + options + ["--seed", "4", "--store", store.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try summary(result)
        #expect(json["best_rank"] as? Int == 11)
        #expect(["ZT", "Z", "Q"].contains(json["ring"] as? String ?? ""), "\(json)")
        #expect((json["lifts_succeeded"] as? Int ?? 0) >= 1)
        #expect(try FMMProcess.run(["verify", "--store", store.path]).status == 0)
    }

    /// A store holding one ⟨2,2,3⟩ rank-11 scheme that is valid mod 2 only.
    func storeWithModTwoOnlyEntry() throws -> URL {
        let store = try FMMProcess.temporaryDirectory()
        let folder = SharedData.repositoryRoot.appendingPathComponent("catalogue/2x2x3")
        let entry = folder.appendingPathComponent(try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.contains("-r11-") }))
        // Three times one product: still a scheme mod 2, no longer over Q.
        var lines = try FMMProcess.run(["convert", entry.path, "--to", "exp"]).stdout.split(separator: "\n").map(String.init)
        lines[0] = "3*" + lines[0]
        let broken = store.appendingPathComponent("223-11-mod2.exp")
        try lines.joined(separator: "\n").write(to: broken, atomically: true, encoding: .utf8)
        let imported = try FMMProcess.run(["import", "--store", store.path, broken.path])
        #expect(imported.stdout.contains("(Z2, rank 11)"), "\(imported.stdout)")
        return store
    }

    /// `--ring ZT` walks with coefficients in {-1, 0, 1} over Z: what it stores is ring ZT,
    /// found without lifting, with the walk ring in its provenance; `--ring Z3` walks mod 3 and
    /// stores a 3-adic lift over Z or Q.
    @Test(arguments: [("ZT", "2x3x3", 15), ("Z3", "2x2x3", 11)])
    func signedWalksStoreSchemesOverZ(_ ring: String, _ shape: String, _ target: Int) throws {
        let store = try FMMProcess.temporaryDirectory()
        let result = try FMMProcess.run(["search", shape, "--ring", ring, "--from", "naive", "--target", "\(target)", "--seconds", "120",
                                         "--seed", "1", "--store", store.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try summary(result)
        #expect(json["best_rank"] as? Int == target)
        #expect(json["walk_ring"] as? String == ring)
        let file = try #require(json["file"] as? String, "\(json)")
        let entry = try String(contentsOf: store.appendingPathComponent(file), encoding: .utf8)
        if ring == "ZT" {
            #expect(json["ring"] as? String == "ZT")
            #expect(json["lifts_tried"] as? Int == 0)
        } else {
            #expect(["ZT", "Z", "Q"].contains(json["ring"] as? String ?? ""), "\(json)")
            #expect(entry.contains("Hensel-lifted from mod 3"))
        }
        #expect(entry.contains("ring \(ring)"))
        #expect(try FMMProcess.run(["verify", "--store", store.path]).status == 0)
    }

    /// Rings the search does not know, GF(2)-only walks with a signed ring, and shapes beyond
    /// the walks' factor sizes are refused with one line.
    @Test func refusesUnknownRingsAndCyclicSignedWalks() throws {
        let store = try FMMProcess.temporaryDirectory()
        // 9x9x9 has 81-entry factor matrices: only the plain flip walks take it; 17 is above 16.
        for arguments in [["3x3x3", "--ring", "Q"], ["3x3x3", "--ring", "ZT", "--cyclic"], ["3x3x3", "--ring", "ZT", "--method", "rl"],
                          ["9x9x9", "--method", "rl"], ["2x2x17"], ["9x9x9", "--cyclic"]] {
            let result = try FMMProcess.run(["search", "--seconds", "1", "--store", store.path] + arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        }
    }

    /// A scheme given mod 2 with --from is lifted first: Strassen⊗Strassen reduced mod 2 comes
    /// back over Z at its own rank, target met, without a single flip needed.
    @Test func liftsAModTwoStartGivenWithFrom() throws {
        let store = try FMMProcess.temporaryDirectory()
        let seeded = try FMMProcess.run(["seed", "--store", store.path])
        #expect(seeded.status == 0, "\(seeded.stderr)")
        let product = store.appendingPathComponent("444.json")
        let entries = try FileManager.default.contentsOfDirectory(atPath: store.appendingPathComponent("catalogue/4x4x4").path)
        let forty9 = try #require(entries.first { $0.contains("-r49-") }, "\(entries)")
        // The entry's coefficients reduced mod 2, written as a mod-2 JSON scheme.
        let text = try String(contentsOf: store.appendingPathComponent("catalogue/4x4x4/\(forty9)"), encoding: .utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        func reduced(_ factor: Any?) -> [[Int]] { (factor as? [[Int]] ?? []).map { $0.map { (($0 % 2) + 2) % 2 } } }
        let modTwo: [String: Any] = ["n": [4, 4, 4], "m": 49, "z2": true, "u": reduced(object["u"]), "v": reduced(object["v"]), "w": reduced(object["w"])]
        try JSONSerialization.data(withJSONObject: modTwo).write(to: product)
        let emptyStore = try FMMProcess.temporaryDirectory()
        let result = try FMMProcess.run(["search", "4x4x4", "--from", product.path, "--ring", "Z", "--target", "49", "--seconds", "60",
                                         "--store", emptyStore.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try summary(result)
        #expect(json["best_rank"] as? Int == 49)
        #expect(["ZT", "Z"].contains(json["ring"] as? String ?? ""), "\(json)")
        #expect(try FMMProcess.run(["verify", "--store", emptyStore.path]).status == 0)
    }

    /// --lift-ring ZT: a start stored over Q (Strassen with a product scaled by 3 and 1/3) at the
    /// target rank does not meet the target; its mod-2 image is lifted again and the walk goes on
    /// until a lift is ternary, which then replaces the entry over Q. Without the option the
    /// start meets the target and nothing is done.
    @Test func liftRingTernaryUpgradesAnEntryOverQ() throws {
        let store = try FMMProcess.temporaryDirectory()
        func entryFiles(_ store: URL) -> [String] {
            (try? FileManager.default.contentsOfDirectory(atPath: store.appendingPathComponent("catalogue/2x2x2").path)) ?? []
        }
        let scaled = store.appendingPathComponent("scaled.exp")
        try Data(CheckCommandTests.strassenScaled(by: 3).utf8).write(to: scaled)
        #expect(try FMMProcess.run(["import", "--store", store.path, scaled.path]).status == 0)
        #expect(entryFiles(store).first?.hasPrefix("Q-r7-") == true)
        let plain = try FMMProcess.run(["search", "2x2x2", "--ring", "Z", "--target", "7", "--store", store.path, "--json"])
        #expect(plain.stdout.contains("\"file\": null"), "\(plain.stdout)")
        let result = try FMMProcess.run(["search", "2x2x2", "--ring", "Z", "--lift-ring", "ZT", "--target", "7", "--seconds", "60",
                                         "--store", store.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try summary(result)["ring"] as? String == "ZT", "\(result.stdout)")
        #expect(entryFiles(store).count == 1 && entryFiles(store)[0].hasPrefix("ZT-r7-"), "\(entryFiles(store))")
        let refused = try FMMProcess.run(["search", "2x2x2", "--ring", "ZT", "--lift-ring", "ZT", "--store", store.path])
        #expect(refused.status == 2 && refused.stderr.contains("--lift-ring"))
        #expect(try FMMProcess.run(["verify", "--store", store.path]).status == 0)
    }

    /// A catalogue entry given with --from is the provenance parent of what the search stores:
    /// the Q entry's hash appears among the parents of the ternary entry lifted from it.
    @Test func anEntryGivenWithFromIsTheParent() throws {
        let store = try FMMProcess.temporaryDirectory()
        let scaled = store.appendingPathComponent("scaled.exp")
        try Data(CheckCommandTests.strassenScaled(by: 3).utf8).write(to: scaled)
        #expect(try FMMProcess.run(["import", "--store", store.path, scaled.path]).status == 0)
        let folder = store.appendingPathComponent("catalogue/2x2x2")
        let entry = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(entry))) as? [String: Any]
        let parentHash = try #require(object?["hash"] as? String)
        let result = try FMMProcess.run(["search", "2x2x2", "--from", folder.appendingPathComponent(entry).path, "--ring", "Z",
                                         "--lift-ring", "ZT", "--target", "7", "--seconds", "60", "--store", store.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let file = try #require(try summary(result)["file"] as? String)
        let stored = try JSONSerialization.jsonObject(with: Data(contentsOf: store.appendingPathComponent(file))) as? [String: Any]
        let parents = (stored?["provenance"] as? [String: Any])?["parents"] as? [String]
        #expect(parents == [parentHash], "\(String(describing: parents))")
    }
}
