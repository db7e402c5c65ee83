import Foundation
import TestSupport
import Testing

@Suite struct CatalogueCommandTests {
    /// A copy of the bundled catalogue in a temporary store.
    func copyOfBundledStore() throws -> URL {
        let dir = try FMMProcess.temporaryDirectory()
        for folder in ["catalogue", "proofs"] {
            try FileManager.default.copyItem(at: SharedData.repositoryRoot.appendingPathComponent(folder), to: dir.appendingPathComponent(folder))
        }
        return dir
    }

    @Test func bundledCatalogueVerifies() throws {
        let result = try FMMProcess.run(["verify", "--store", SharedData.repositoryRoot.path])
        #expect(result.status == 0, "\(result.stdout)")
        // Every entry verified, and at least one per shape 2 ≤ n ≤ m ≤ p ≤ 6.
        let counts = result.stdout.split(separator: "\n").last.map { $0.split(separator: " ").compactMap { Int($0) } } ?? []
        #expect(counts.count == 2 && counts[0] == counts[1] && counts[0] >= 35, "\(result.stdout)")
    }

    /// `fmm seed` stores a restriction where it beats the derivations: Strassen squared
    /// restricted to ⟨3,4,4⟩ has 42 terms, the best sum of smaller naive and Strassen-based
    /// schemes 44.
    @Test func seedStoresARestrictionThatBeatsTheDerivations() throws {
        let store = try FMMProcess.temporaryDirectory()
        #expect(try FMMProcess.run(["seed", "--max", "4", "--store", store.path]).status == 0)
        let folder = store.appendingPathComponent("catalogue/3x4x4")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(files.count == 1 && files[0].contains("-r42-"), "\(files)")
        let text = try String(contentsOf: folder.appendingPathComponent(files[0]), encoding: .utf8)
        #expect(text.contains("\"method\": \"restriction\""))
        #expect(text.contains("restricted to ⟨3,4,4⟩"))
        #expect(try FMMProcess.run(["verify", "--store", store.path]).status == 0)
    }

    /// `fmm seed` stores the pairwise-Strassen ⟨4,2,4⟩ as the ⟨2,4,4⟩ entry over Q: rank 26, where
    /// the best derivation from Strassen and naive schemes has 28 (⟨2,2,4⟩ ⊕ ⟨2,2,4⟩).
    @Test func seedStoresThePairwiseStrassenConstruction() throws {
        let store = try FMMProcess.temporaryDirectory()
        #expect(try FMMProcess.run(["seed", "--max", "4", "--store", store.path]).status == 0)
        let folder = store.appendingPathComponent("catalogue/2x4x4")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let constructed = try #require(files.first { $0.hasPrefix("Q-r26-") }, "\(files)")
        let text = try String(contentsOf: folder.appendingPathComponent(constructed), encoding: .utf8)
        #expect(text.contains("\"method\": \"construction\""))
        #expect(try FMMProcess.run(["verify", "--store", store.path]).status == 0)
    }

    @Test func corruptedEntryIsNamed() throws {
        let store = try copyOfBundledStore()
        let entry = store.appendingPathComponent("catalogue/2x2x2/ZT-r7-caa90eb6f1d6.json")
        var text = try String(contentsOf: entry, encoding: .utf8)
        // Change one coefficient of u: the stored hash no longer matches.
        text = text.replacingOccurrences(of: "\"u\": [\n    [1, 0, 0, 1]", with: "\"u\": [\n    [1, 1, 0, 1]")
        try text.write(to: entry, atomically: true, encoding: .utf8)
        let result = try FMMProcess.run(["verify", "--store", store.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAIL catalogue/2x2x2/ZT-r7-caa90eb6f1d6.json"), "\(result.stdout)")
    }

    /// AlphaEvolve's complex Strassen imports as an entry of ring QI: `verify` accepts it,
    /// `ranks` lists it (`QI 7`, `catalogue_qi`), `merge` carries it to another store, `export`
    /// refuses the file; a scheme over Q of the same rank then replaces it.
    @Test func aSchemeOverQOfIImportsAsRingQI() throws {
        guard SharedData.available(for: "aSchemeOverQOfIImportsAsRingQI"), let data = SharedData.directory else { return }
        let complex = data.appendingPathComponent("alphaevolve/complex-strassen-222.ipynb").path
        let store = try FMMProcess.temporaryDirectory()
        let imported = try FMMProcess.run(["import", "--store", store.path, complex])
        #expect(imported.status == 0 && imported.stdout.contains("added catalogue/2x2x2/QI-r7-"), "\(imported.stdout) \(imported.stderr)")
        #expect(try FMMProcess.run(["verify", "--store", store.path]).status == 0)
        let ranks = try FMMProcess.run(["ranks", "--max", "2", "--store", store.path])
        #expect(ranks.stdout.contains("QI 7"), "\(ranks.stdout)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try FMMProcess.run(["ranks", "--max", "2", "--json", "--store", store.path]).stdout.utf8)) as? [[String: Any]])
        #expect((json.first?["catalogue_qi"] as? [String: Any])?["rank"] as? Int == 7)
        let other = try FMMProcess.temporaryDirectory()
        let merged = try FMMProcess.run(["merge", "--store", other.path, store.path])
        #expect(merged.status == 0 && merged.stdout.contains("added catalogue/2x2x2/QI-r7-"), "\(merged.stdout)")
        let entry = try #require(try FileManager.default.contentsOfDirectory(atPath: store.appendingPathComponent("catalogue/2x2x2").path).first)
        let export = try FMMProcess.run(["export", store.appendingPathComponent("catalogue/2x2x2/\(entry)").path, "--to", "c"])
        #expect(export.status == 2 && export.stderr.contains("over Q(i)"), "\(export.stderr)")
        let strassen = SharedData.repositoryRoot.appendingPathComponent("catalogue/2x2x2/ZT-r7-caa90eb6f1d6.json").path
        #expect(try FMMProcess.run(["import", "--store", store.path, strassen]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.appendingPathComponent("catalogue/2x2x2").path) == ["ZT-r7-caa90eb6f1d6.json"])
    }

    @Test func importRejectsAWrongScheme() throws {
        let store = try copyOfBundledStore()
        let folder = store.appendingPathComponent("catalogue/2x2x3")
        let entry = folder.appendingPathComponent(try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first))
        // The naive ⟨2,2,3⟩ without its last product.
        let lines = try FMMProcess.run(["convert", entry.path, "--to", "exp"]).stdout.split(separator: "\n").dropLast()
        let broken = store.appendingPathComponent("broken-223.exp")
        try lines.joined(separator: "\n").write(to: broken, atomically: true, encoding: .utf8)
        let result = try FMMProcess.run(["import", "--store", store.path, "--keep-all", broken.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("REJECTED, "), "\(result.stdout)")
        #expect(result.stdout.contains(" wrong Brent equations over Q"), "\(result.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 1)
    }

    @Test func corruptedCertificateIsNamed() throws {
        let store = try copyOfBundledStore()
        let certificate = store.appendingPathComponent("proofs/2x2x2/ZT-r7-caa90eb6f1d6.cert.json")
        var text = try String(contentsOf: certificate, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"hash\": \"caa9", with: "\"hash\": \"0000")
        try text.write(to: certificate, atomically: true, encoding: .utf8)
        let result = try FMMProcess.run(["verify", "--store", store.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAIL catalogue/2x2x2/ZT-r7-caa90eb6f1d6.json: certificate"), "\(result.stdout)")
        try FileManager.default.removeItem(at: certificate)
        let missing = try FMMProcess.run(["verify", "--store", store.path])
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("is missing"))
    }

    @Test func importKeepsTheBestAndRejectsWrongSchemes() throws {
        guard SharedData.available(for: "importKeepsTheBestAndRejectsWrongSchemes"), let data = SharedData.directory else { return }
        // A store made by `fmm seed` alone: its ⟨3,3,3⟩ entries are derived, above rank 23 (the
        // bundled catalogue has a searched ternary 23 of its own).
        let store = try FMMProcess.temporaryDirectory()
        #expect(try FMMProcess.run(["seed", "--store", store.path]).status == 0)
        let laderman = data.appendingPathComponent("perminov/known/classic/Laderman-333-23-98.m").path
        let result = try FMMProcess.run(["import", "--store", store.path, "--reference", "Laderman 1976", laderman])
        #expect(result.status == 0)
        #expect(result.stdout.contains("added catalogue/3x3x3/ZT-r23-"))
        let entries = try FileManager.default.contentsOfDirectory(atPath: store.appendingPathComponent("catalogue/3x3x3").path)
        // One entry per ring: Laderman's becomes the ZT entry, replacing any worse ZT one.
        #expect(entries.filter { $0.hasPrefix("ZT-") } .count == 1)
        #expect(entries.contains { $0.hasPrefix("ZT-r23-") }, "\(entries)")
        let again = try FMMProcess.run(["import", "--store", store.path, laderman])
        #expect(again.stdout.contains("already in the catalogue"))
        #expect(try FMMProcess.run(["verify", "--store", store.path]).status == 0)
    }

    /// A scheme over Q is dropped once one of equal rank holds over ZT, and not stored while
    /// one does; over a wider ring a lower rank stays beside the ZT entry.
    @Test func aTernaryEntryReplacesOneOverQOfEqualRank() throws {
        let store = try FMMProcess.temporaryDirectory()
        let strassen = SharedData.repositoryRoot.appendingPathComponent("catalogue/2x2x2/ZT-r7-caa90eb6f1d6.json").path
        let scaled = store.appendingPathComponent("scaled.exp")
        try CheckCommandTests.strassenScaled(by: 2).write(to: scaled, atomically: true, encoding: .utf8)
        let folder = store.appendingPathComponent("catalogue/2x2x2")
        #expect(try FMMProcess.run(["import", "--store", store.path, scaled.path]).stdout.contains("added catalogue/2x2x2/Q-r7-"))
        #expect(try FMMProcess.run(["import", "--store", store.path, strassen]).stdout.contains("added catalogue/2x2x2/ZT-r7-"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["ZT-r7-caa90eb6f1d6.json"])
        let again = try FMMProcess.run(["import", "--store", store.path, scaled.path])
        #expect(again.stdout.contains("kept the stored rank 7"), "\(again.stdout)")
        #expect(try FMMProcess.run(["verify", "--store", store.path]).status == 0)
    }

    /// SIGKILL during an import at random moments never leaves a catalogue that fails `verify`.
    @Test func killedImportLeavesAValidCatalogue() throws {
        guard SharedData.available(for: "killedImportLeavesAValidCatalogue"), let data = SharedData.directory else { return }
        let files = SharedData.files(withExtensions: ["exp", "m"]).map(\.path)
        var rng = SeededGenerator(seed: 2026)
        for _ in 0..<5 {
            let store = try copyOfBundledStore()
            let process = Process()
            process.executableURL = FMMProcess.executable
            process.arguments = ["import", "--store", store.path, "--keep-all"] + files
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 20_000...400_000, using: &rng))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let result = try FMMProcess.run(["verify", "--store", store.path])
            #expect(result.status == 0, "\(result.stdout)")
        }
        _ = data
    }
}

@Suite struct ImportAllTests {
    /// Every published scheme is accepted into an empty store, and a corrupted copy of each file
    /// is rejected; the store verifies afterwards.
    @Test func importsAllSharedDataAndRejectsCorruptedCopies() throws {
        guard SharedData.available(for: "importsAllSharedDataAndRejectsCorruptedCopies") else { return }
        let files = SharedData.files(withExtensions: ["exp", "m", "json", "npz"]).filter { !$0.path.contains("fmm-digest") }
        let store = try FMMProcess.temporaryDirectory()
        let result = try FMMProcess.run(["import", "--keep-all", "--store", store.path] + files.map(\.path))
        #expect(result.status == 0, "\(result.stdout.split(separator: "\n").filter { $0.contains("REJECTED") }.prefix(3))")
        #expect(!result.stdout.contains("REJECTED"))
        let verify = try FMMProcess.run(["verify", "--store", store.path])
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("catalogue entries verified"))

        // Corrupt each product-line file by dropping its last product.
        let corrupted = try FMMProcess.temporaryDirectory()
        var paths: [String] = []
        for file in files where file.pathExtension == "exp" {
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").dropLast()
            let copy = corrupted.appendingPathComponent(file.lastPathComponent)
            try lines.joined(separator: "\n").write(to: copy, atomically: true, encoding: .utf8)
            paths.append(copy.path)
        }
        let before = try FileManager.default.subpathsOfDirectory(atPath: store.appendingPathComponent("catalogue").path).count
        let rejected = try FMMProcess.run(["import", "--keep-all", "--store", store.path] + paths)
        #expect(rejected.status == 1)
        #expect(rejected.stdout.split(separator: "\n").allSatisfy { $0.contains("REJECTED") })
        #expect(try FileManager.default.subpathsOfDirectory(atPath: store.appendingPathComponent("catalogue").path).count == before)
    }
}
