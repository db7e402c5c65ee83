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

    @Test func everyOrderingIsAnswered() throws {
        let rows = try ranks(["--shape", "4x2x2"])
        let row = try #require(rows.first)
        #expect(row["shape"] as? [Int] == [4, 2, 2])
        #expect((row["catalogue"] as? [String: Any])?["rank"] as? Int == 14)
        #expect((row["derived"] as? [String: Any])?["rank"] as? Int == 14)
        #expect((row["known"] as? [String: Any])?["rank"] as? Int == 14)
        #expect(row["gap"] as? Int == 0)
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
