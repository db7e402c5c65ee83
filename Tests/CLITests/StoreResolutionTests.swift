import Foundation
import TestSupport
import Testing

/// Where the read-only commands find a catalogue, and that `show` and `export` give what
/// `ranks` promises.
@Suite struct StoreResolutionTests {
    /// From a folder without a catalogue and without $FMM_STORE, `show` reads the bundled
    /// catalogue (the repository the test build sits in) and says so.
    @Test func showFromAnotherFolderReadsTheBundledCatalogue() throws {
        let elsewhere = try FMMProcess.temporaryDirectory()
        let result = try FMMProcess.run(["show", "2x2x2"], in: elsewhere, environment: ["FMM_STORE": ""])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("⟨2,2,2⟩ rank 7 "), "\(result.stdout.prefix(200))")
        #expect(result.stderr.contains("bundled catalogue"), "\(result.stderr)")
        // An explicit store without a catalogue is named.
        let empty = try FMMProcess.run(["ranks", "--shape", "2x2x2", "--store", elsewhere.path])
        #expect(empty.stderr.contains("holds no catalogue"), "\(empty.stderr)")
    }

    /// tools/install.sh PREFIX: PREFIX/bin/fmm finds PREFIX/share/fmm from any folder.
    @Test func anInstalledFmmFindsItsCatalogue() throws {
        let prefix = try FMMProcess.temporaryDirectory()
        let install = Process()
        install.executableURL = SharedData.repositoryRoot.appendingPathComponent("tools/install.sh")
        install.arguments = [prefix.path]
        install.environment = ProcessInfo.processInfo.environment.merging(["FMM": FMMProcess.executable.path]) { $1 }
        install.standardOutput = FileHandle.nullDevice
        try install.run()
        install.waitUntilExit()
        #expect(install.terminationStatus == 0)
        let installed = Process()
        installed.executableURL = prefix.appendingPathComponent("bin/fmm")
        installed.arguments = ["ranks", "--shape", "3x3x3", "--json"]
        installed.currentDirectoryURL = try FMMProcess.temporaryDirectory()
        installed.environment = ProcessInfo.processInfo.environment.merging(["FMM_STORE": ""]) { $1 }
        let out = Pipe(), err = Pipe()
        (installed.standardOutput, installed.standardError) = (out, err)
        try installed.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let notes = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        installed.waitUntilExit()
        #expect(notes.contains(prefix.appendingPathComponent("share/fmm").path), "\(notes)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
        #expect((rows.first?["catalogue"] as? [String: Any])?["rank"] as? Int == 23, "\(output)")
    }

    /// For every shape up to 8, `show` prints a scheme of the rank `ranks` derives, in a form
    /// `check` reads back and accepts.
    @Test func showGivesTheDerivedRankForEveryShapeUpTo8() throws {
        let store = SharedData.repositoryRoot.path
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(try FMMProcess.run(["ranks", "--max", "8", "--json", "--store", store]).stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 84)
        let dir = try FMMProcess.temporaryDirectory()
        for row in rows {
            let shape = try #require(row["shape"] as? [Int]).map(String.init).joined(separator: "x")
            let derived = try #require((row["derived"] as? [String: Any])?["rank"] as? Int)
            let shown = try FMMProcess.run(["show", shape, "--store", store])
            #expect(shown.status == 0)
            let rank = shown.stdout.split(separator: "\n").first.flatMap { $0.firstMatch(of: /rank (\d+)/).flatMap { Int($0.1) } }
            #expect(rank == derived, "\(shape): show \(String(describing: rank)), ranks \(derived)")
            let file = dir.appendingPathComponent("\(shape).txt")
            try shown.stdout.write(to: file, atomically: true, encoding: .utf8)
            let check = try FMMProcess.run(["check", file.path])
            #expect(check.status == 0 && check.stdout.contains("\(shape) rank \(derived): valid over Q"), "\(shape): \(check.stdout.prefix(300))")
        }
    }

    /// `export 8x8x8 --to c` gives the derived scheme as C that compiles and multiplies right.
    @Test func exportOfADerivedShapeCompilesAndMultiplies() throws {
        let dir = try FMMProcess.temporaryDirectory()
        let c = dir.appendingPathComponent("scheme.c")
        let result = try FMMProcess.run(["export", "8x8x8", "--to", "c", "--name", "fmm_test", "--out", c.path, "--store", SharedData.repositoryRoot.path])
        #expect(result.status == 0, "\(result.stderr)")
        let source = try String(contentsOf: c, encoding: .utf8)
        #expect(source.contains("<8,8,8> rank"))
        let run = try CHarness.compileAndRun(in: dir, n: 8, m: 8, p: 8)
        #expect(run.compiled == 0, "\(run.compileLog.prefix(2000))")
        #expect(run.status == 0 && run.output.contains("OK"), "\(run.output)")
    }
}
