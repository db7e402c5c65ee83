import Foundation
import TestSupport
import Testing

/// `fmm search --method numeric` as a user runs it (the debug build).
@Suite struct NumericSearchCommandTests {
    /// Strassen's rank from random real starts: the rationalised scheme is checked, stored with
    /// provenance method `numeric`, and the store verifies. Without --target the rank sought is
    /// one below the catalogue's (here the naive 8, in an empty store).
    @Test func findsStrassensRankAndStoresItWithProvenance() throws {
        let store = try FMMProcess.temporaryDirectory()
        let result = try FMMProcess.run(["search", "2x2x2", "--method", "numeric", "--seconds", "120", "--seed", "1", "--store", store.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try summary(result)
        #expect(json["target_rank"] as? Int == 7)
        #expect(json["best_rank"] as? Int == 7, "\(json)")
        #expect((json["converged"] as? Int ?? 0) >= 1)
        let file = try #require(json["file"] as? String)
        let entry = try String(contentsOf: store.appendingPathComponent(file), encoding: .utf8)
        #expect(entry.contains("\"method\": \"numeric\""))
        #expect(entry.contains("--method numeric --target 7 --seed 1"))
        #expect(try FMMProcess.run(["verify", "--store", store.path]).status == 0)
    }

    @Test func refusesProblemsTooLargeForADenseSolve() throws {
        let store = try FMMProcess.temporaryDirectory()
        let result = try FMMProcess.run(["search", "6x6x6", "--method", "numeric", "--target", "153", "--store", store.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknowns"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
