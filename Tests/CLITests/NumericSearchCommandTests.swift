import Foundation
import TestSupport
import Testing

/// `fmm search --method numeric` as a user runs it (the debug build).
@Suite struct NumericSearchCommandTests {
    /// Strassen's rank from random real starts: the rationalised scheme is checked, stored with
    /// provenance method `numeric`, and the store verifies. Without --target the rank sought is
    /// one below the catalogue's (here the naive 8, in an empty store). With --journal the run
    /// joins the campaign's journal.
    @Test func findsStrassensRankAndStoresItWithProvenance() throws {
        let store = try FMMProcess.temporaryDirectory()
        let result = try FMMProcess.run(["search", "2x2x2", "--method", "numeric", "--seconds", "120", "--seed", "1", "--journal", "--store", store.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try summary(result)
        #expect(json["target_rank"] as? Int == 7)
        #expect(json["best_rank"] as? Int == 7, "\(json)")
        #expect((json["converged"] as? Int ?? 0) >= 1)
        let ends = try #require(json["ends_by_decade"] as? [String: Int])
        #expect(ends.values.reduce(0, +) == json["starts"] as? Int && ends.keys.allSatisfy { $0.hasPrefix("1e") }, "\(ends)")
        let file = try #require(json["file"] as? String)
        let entry = try String(contentsOf: store.appendingPathComponent(file), encoding: .utf8)
        #expect(entry.contains("\"method\": \"numeric\""))
        #expect(entry.contains("--method numeric --target 7 --seed 1"))
        #expect(try FMMProcess.run(["verify", "--store", store.path]).status == 0)
        let journal = try String(contentsOf: store.appendingPathComponent("campaign/journal-search.jsonl"), encoding: .utf8)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(journal.utf8)) as? [String: Any])
        #expect(record["method"] as? String == "search numeric random" && record["outcome"] as? String == "improved", "\(record)")
    }

    @Test func refusesProblemsTooLargeToRound() throws {
        let store = try FMMProcess.temporaryDirectory()
        let result = try FMMProcess.run(["search", "6x6x6", "--method", "numeric", "--target", "153", "--store", store.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknowns"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    /// --from best starts from the catalogue's entry (here the naive scheme, imported), less a
    /// random term, and reaches Strassen's rank; the entry is the stored scheme's provenance
    /// parent. Without an entry it is a one-line error.
    @Test func startsFromTheCataloguesBestEntry() throws {
        let store = try FMMProcess.temporaryDirectory()
        let refused = try FMMProcess.run(["search", "2x2x2", "--method", "numeric", "--from", "best", "--store", store.path])
        #expect(refused.status == 2 && refused.stderr.contains("--from best needs a catalogue entry"), "\(refused.stderr)")
        // c_ki is the coefficient of C[i][k].
        let naive = (1...2).flatMap { i in (1...2).flatMap { j in (1...2).map { k in "(a\(i)\(j))*(b\(j)\(k))*(c\(k)\(i))" } } }
        let file = store.appendingPathComponent("naive.txt")
        try Data(naive.joined(separator: "\n").utf8).write(to: file)
        #expect(try FMMProcess.run(["import", "--store", store.path, file.path]).status == 0)
        let folder = store.appendingPathComponent("catalogue/2x2x2")
        let imported = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(imported))) as? [String: Any]
        let parentHash = try #require(object?["hash"] as? String)
        let result = try FMMProcess.run(["search", "2x2x2", "--method", "numeric", "--from", "best", "--seconds", "120",
                                         "--seed", "2", "--store", store.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try summary(result)
        #expect(json["target_rank"] as? Int == 7 && json["best_rank"] as? Int == 7, "\(json)")
        let stored = try JSONSerialization.jsonObject(with: Data(contentsOf: store.appendingPathComponent(try #require(json["file"] as? String)))) as? [String: Any]
        let provenance = try #require(stored?["provenance"] as? [String: Any])
        #expect(provenance["parents"] as? [String] == [parentHash])
        let source = provenance["source"] as? String ?? ""
        #expect(source.contains("less 1 random terms"), "\(source)")
        let shrinking = try FMMProcess.run(["search", "2x2x2", "--method", "numeric", "--from", file.path, "--target", "7", "--shrink-sweeps", "300",
                                            "--seconds", "120", "--seed", "2", "--store", store.path, "--json"])
        #expect(shrinking.status == 0, "\(shrinking.stderr)")
        #expect(try summary(shrinking)["best_rank"] as? Int == 7)
        let zero = try FMMProcess.run(["search", "2x2x2", "--method", "numeric", "--from", "best", "--shrink-sweeps", "0", "--store", store.path])
        #expect(zero.status == 2 && zero.stderr.contains("--shrink-sweeps must be at least 1"), "\(zero.stderr)")
    }

    /// `fmm bench numeric` solves one step both ways and reports how far apart they are; with
    /// the damping large the system is well conditioned and the steps agree closely.
    @Test func theStepBenchmarkComparesBothSolves() throws {
        let result = try FMMProcess.run(["bench", "numeric", "--cases", "2x2x3:11,2x3x3:15", "--points", "1", "--damping", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").filter { $0.hasPrefix("2x") }
        #expect(rows.count == 2, "\(result.stdout)")
        for row in rows {
            let columns = row.split(separator: " ")
            let difference = try #require(Double(String(columns.last ?? "")), "\(row)")
            #expect(difference < 1e-3, "\(row)")
        }
        let bad = try FMMProcess.run(["bench", "numeric", "--cases", "3x3:4"])
        #expect(bad.status == 2 && bad.stderr.contains("SHAPE:RANK"), "\(bad.stderr)")
    }

    /// SIGINT ends a journalled numerical search after its current start: it exits normally with
    /// its summary, and the journal records the run as stopped with the seconds it ran.
    @Test func anInterruptedRunEndsWithItsSummaryAndJournalLine() throws {
        let store = try FMMProcess.temporaryDirectory()
        let search = Process()
        search.executableURL = FMMProcess.executable
        search.arguments = ["search", "3x3x3", "--method", "numeric", "--target", "18", "--seconds", "600", "--journal", "--json", "--store", store.path]
        let (out, err) = (Pipe(), Pipe())
        (search.standardOutput, search.standardError) = (out, err)
        try search.run()
        Thread.sleep(forTimeInterval: 3)
        search.interrupt()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        search.waitUntilExit()
        #expect(search.terminationStatus == 0, "\(stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: stdout) as? [String: Any])
        #expect((json["starts"] as? Int ?? 0) >= 1 && (json["seconds"] as? Double ?? 600) < 60, "\(json)")
        let journal = try String(contentsOf: store.appendingPathComponent("campaign/journal-search.jsonl"), encoding: .utf8)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(journal.utf8)) as? [String: Any])
        #expect(record["outcome"] as? String == "stopped" && (record["seconds"] as? Double ?? 600) < 60, "\(record)")
    }
}
