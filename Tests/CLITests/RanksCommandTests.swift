import Foundation
import TestSupport
import Testing

@Suite struct RanksCommandTests {
    func ranks(_ arguments: [String]) throws -> [[String: Any]] {
        let result = try FMMProcess.run(["ranks", "--json", "--store", SharedData.repositoryRoot.path] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    /// The built-in table agrees with the online catalogue's digest on every shape they share.
    @Test func knownRanksEqualTheDigest() throws {
        guard SharedData.available(for: "knownRanksEqualTheDigest"), let data = SharedData.directory else { return }
        let digestData = try Data(contentsOf: data.appendingPathComponent("fmm-digest/fmm_sota.json"))
        let digest = try #require(try JSONSerialization.jsonObject(with: digestData) as? [String: Any])
        var best: [[Int]: Int] = [:]
        for entry in try #require(digest["entries"] as? [[String: Any]]) {
            best[(entry["format"] as! [Int]).sorted()] = entry["rank"] as? Int
        }
        let rows = try ranks(["--max", "6"])
        #expect(rows.count == 35)
        let eight = try ranks(["--max", "8"])
        #expect(eight.count == 84)
        for row in eight {
            let shape = try #require(row["shape"] as? [Int])
            let known = try #require(row["known"] as? [String: Any], "\(shape) has no known rank")
            #expect(known["rank"] as? Int == best[shape.sorted()], "\(shape)")
            #expect(row["naive"] as? Int == shape.reduce(1, *))
            #expect((known["reference"] as? String)?.isEmpty == false)
        }
    }

    /// docs/ranks.md is `fmm ranks --max 8 --markdown` of the bundled catalogue
    /// (tools/ranks-table.sh writes it); it fails here when the catalogue changed since.
    @Test func theRanksTableInDocsMatchesTheCatalogue() throws {
        let result = try FMMProcess.run(["ranks", "--max", "8", "--markdown", "--store", SharedData.repositoryRoot.path])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2 + 84 + 1, "\(result.stdout)")
        #expect(lines.last?.hasPrefix("catalogue at the best known rank: ") == true)
        let document = try String(contentsOf: SharedData.repositoryRoot.appendingPathComponent("docs/ranks.md"), encoding: .utf8)
        #expect(document.hasSuffix(result.stdout), "docs/ranks.md is stale: run tools/ranks-table.sh")
    }

    /// A ZT entry at a higher rank than the catalogue's entry over Q is listed beside it:
    /// Strassen with a product scaled by 2 and 1/2 (Q, rank 7) and the naive scheme (ZT, 8).
    @Test func moreRestrictiveRingsAtHigherRanksAreListed() throws {
        let store = try FMMProcess.temporaryDirectory()
        let scaled = store.appendingPathComponent("scaled.exp")
        try CheckCommandTests.strassenScaled(by: 2).write(to: scaled, atomically: true, encoding: .utf8)
        let naive = (1...2).flatMap { i in (1...2).flatMap { j in (1...2).map { k in "(a\(i)\(j))*(b\(j)\(k))*(c\(k)\(i))" } } }
        let naiveFile = store.appendingPathComponent("naive.exp")
        try naive.joined(separator: "\n").write(to: naiveFile, atomically: true, encoding: .utf8)
        #expect(try FMMProcess.run(["import", "--store", store.path, scaled.path, naiveFile.path]).status == 0)
        let result = try FMMProcess.run(["ranks", "--shape", "2x2x2", "--json", "--store", store.path])
        let row = try #require((try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])?.first)
        #expect((row["catalogue"] as? [String: Any])?["ring"] as? String == "Q")
        let others = try #require(row["catalogue_more_restrictive"] as? [[String: Any]])
        #expect(others.count == 1 && others[0]["ring"] as? String == "ZT" && others[0]["rank"] as? Int == 8, "\(others)")
        let text = try FMMProcess.run(["ranks", "--shape", "2x2x2", "--store", store.path]).stdout
        #expect(text.contains("7 (Q); ZT 8"), "\(text)")
    }

    /// Every shape has a lower bound with its source, at least the flattening bound and at most
    /// the best known rank; the proven ranks of ⟨2,2,2⟩ and ⟨2,2,3⟩ meet their upper bounds.
    @Test func everyShapeHasALowerBound() throws {
        for row in try ranks(["--max", "8"]) {
            let shape = try #require(row["shape"] as? [Int])
            let lower = try #require(row["lower"] as? [String: Any], "\(shape)")
            let rank = try #require(lower["rank"] as? Int)
            #expect((lower["source"] as? String)?.isEmpty == false)
            #expect(rank >= max(shape[0] * shape[1], shape[1] * shape[2], shape[2] * shape[0]), "\(shape)")
            #expect(rank <= (row["known"] as? [String: Any])?["rank"] as? Int ?? 0, "\(shape)")
        }
        let strassen = try #require(try ranks(["--shape", "2x2x2"]).first)
        #expect((strassen["lower"] as? [String: Any])?["rank"] as? Int == 7)
        let square = try #require(try ranks(["--shape", "8x8x8"]).first)
        #expect((square["lower"] as? [String: Any])?["rank"] as? Int == 136)
    }

    @Test func everyOrderingIsAnswered() throws {
        let rows = try ranks(["--shape", "4x2x2"])
        let row = try #require(rows.first)
        #expect(row["shape"] as? [Int] == [4, 2, 2])
        #expect((row["catalogue"] as? [String: Any])?["rank"] as? Int == 14)
        #expect((row["derived"] as? [String: Any])?["rank"] as? Int == 14)
        #expect((row["known"] as? [String: Any])?["rank"] as? Int == 14)
        #expect(row["gap"] as? Int == 0)
    }

    /// ⟨4,4,4⟩ in the bundled catalogue: 49 over Z (listed as the catalogue's rank) and the
    /// searched rank 47 valid only mod 2, listed apart next to the best known mod-2 rank;
    /// ⟨3,3,3⟩ has no mod-2 entry below its rank over Q.
    @Test func modTwoRanksAreListedApart() throws {
        let row = try #require(try ranks(["--shape", "4x4x4"]).first)
        #expect((row["catalogue"] as? [String: Any])?["rank"] as? Int == 49)
        let modTwo = try #require(row["catalogue_mod2"] as? [String: Any], "\(row)")
        #expect(modTwo["rank"] as? Int == 47)
        #expect((modTwo["file"] as? String)?.hasPrefix("catalogue/4x4x4/Z2-r47-") == true)
        #expect((row["known"] as? [String: Any])?["mod2_rank"] as? Int == 47)
        #expect(row["gap"] as? Int == 1)
        let laderman = try #require(try ranks(["--shape", "3x3x3"]).first)
        #expect(laderman["catalogue_mod2"] is NSNull)
    }

    /// Of two entries of equal rank (kept side by side with --keep-all), the one with the more
    /// restrictive ring is listed: Strassen (ZT) before the same scheme with a term rescaled by
    /// 1/2 and 2 (Q), whose file name sorts first.
    @Test func equalRanksListTheMoreRestrictiveRing() throws {
        let store = try FMMProcess.temporaryDirectory()
        let strassen = store.appendingPathComponent("strassen.exp")
        let rescaled = store.appendingPathComponent("rescaled.exp")
        try Data(CheckCommandTests.strassenLines.utf8).write(to: strassen)
        try Data(CheckCommandTests.strassenLines.replacingOccurrences(of: "(a11+a22)*(b11+b22)", with: "(1/2*a11+1/2*a22)*(2*b11+2*b22)").utf8).write(to: rescaled)
        #expect(try FMMProcess.run(["import", "--keep-all", "--store", store.path, strassen.path, rescaled.path]).status == 0)
        let output = try FMMProcess.run(["ranks", "--json", "--shape", "2x2x2", "--store", store.path]).stdout
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
        let catalogue = try #require(rows.first?["catalogue"] as? [String: Any])
        #expect(catalogue["ring"] as? String == "ZT", "\(catalogue)")
        let files = try FileManager.default.contentsOfDirectory(atPath: store.appendingPathComponent("catalogue/2x2x2").path)
        #expect(files.contains { $0.hasPrefix("Q-r7-") } && files.contains { $0.hasPrefix("ZT-r7-") }, "\(files)")
    }

    @Test func derivedFourByFourIsStrassenSquared() throws {
        // A store holding only Strassen's scheme: ⟨4,4,4⟩ must come from Strassen ⊗ Strassen.
        let store = try FMMProcess.temporaryDirectory()
        let strassen = store.appendingPathComponent("strassen.exp")
        try Data(CheckCommandTests.strassenLines.utf8).write(to: strassen)
        #expect(try FMMProcess.run(["import", "--store", store.path, strassen.path]).status == 0)
        let output = try FMMProcess.run(["ranks", "--json", "--shape", "4x4x4", "--store", store.path]).stdout
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
        let row = try #require(rows.first)
        let derived = try #require(row["derived"] as? [String: Any])
        #expect(derived["rank"] as? Int == 49)
        #expect(derived["recipe"] as? String == "⟨2,2,2⟩ ⊗ ⟨2,2,2⟩")
    }

    @Test func readsTheDigestFormat() throws {
        guard SharedData.available(for: "readsTheDigestFormat"), let data = SharedData.directory else { return }
        let rows = try ranks(["--shape", "10x10x10", "--known", data.appendingPathComponent("fmm-digest/fmm_sota.json").path])
        let known = try #require(rows.first?["known"] as? [String: Any])
        #expect(known["rank"] as? Int == 651)
        let dir = try FMMProcess.temporaryDirectory()
        let bad = dir.appendingPathComponent("bad.json")
        try Data("{\"entries\": [{\"format\": [2, 2], \"rank\": 7}]}".utf8).write(to: bad)
        let result = try FMMProcess.run(["ranks", "--known", bad.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("entry 1"))
    }

    @Test func showPrintsProductsAndEntries() throws {
        let result = try FMMProcess.run(["show", "3x2x2", "--store", SharedData.repositoryRoot.path])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("⟨3,2,2⟩ rank 11 over ZT"))
        #expect(result.stdout.contains("rearranged by symmetry"))
        #expect(result.stdout.contains("m11 = "))
        #expect(result.stdout.contains("c32 = "))
        let missing = try FMMProcess.run(["show", "/no/such/file"])
        #expect(missing.status == 2)
    }
}
