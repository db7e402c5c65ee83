import Foundation
import TestSupport
import Testing

/// A store that cannot be written (full disk, read-only) gives exit 2 with one line naming the
/// reason, and is left exactly as it was: no partial file, no orphan certificate, no new folder.
@Suite struct StoreFailureTests {
    /// A store seeded with the schemes up to 2×2×2, and a ⟨3,3,3⟩ rank-23 file to import into it
    /// (4.5 KB, its certificate under 0.5 KB).
    func seededStoreAndScheme() throws -> (store: URL, scheme: URL) {
        let dir = try FMMProcess.temporaryDirectory()
        let store = dir.appendingPathComponent("store")
        try FileManager.default.createDirectory(at: store, withIntermediateDirectories: true)
        let seeded = try FMMProcess.run(["seed", "--store", store.path, "--max", "2"])
        #expect(seeded.status == 0, "\(seeded.stderr)")
        let scheme = dir.appendingPathComponent("333-23.json")
        let folder = SharedData.repositoryRoot.appendingPathComponent("catalogue/3x3x3")
        let entry = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().first { $0.contains("-r23-") })
        try FileManager.default.copyItem(at: folder.appendingPathComponent(entry), to: scheme)
        return (store, scheme)
    }

    /// Every path under `store` (hidden files included) with its bytes.
    func snapshot(_ store: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: store.path))
        while let path = enumerator.nextObject() as? String {
            let url = store.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            files[path] = isDirectory.boolValue ? Data() : try Data(contentsOf: url)
        }
        return files
    }

    func expectOneLineFailure(_ result: FMMProcess.Result, mentioning reason: String) {
        #expect(result.status == 2, "status \(result.status): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n").filter { !$0.hasPrefix("\r") && !$0.contains(" flips/s ") }
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("was not changed: cannot write ") && result.stderr.contains(reason), "\(result.stderr)")
    }

    /// A file size limit fails the write like a full disk (EFBIG instead of ENOSPC, through the
    /// same code): at 100 bytes the certificate cannot be written, at 1000 bytes the certificate
    /// is written and the entry is not, so the certificate must be removed again.
    @Test(arguments: [100, 1000]) func fullDiskLeavesTheStoreAsItWas(limit: Int) throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit") else {
            print("NOTICE: skipping fullDiskLeavesTheStoreAsItWas: prlimit (util-linux) not installed")
            return
        }
        let (store, scheme) = try seededStoreAndScheme()
        let before = try snapshot(store)
        let result = try FMMProcess.run(["import", "--store", store.path, scheme.path], launcher: ["prlimit", "--fsize=\(limit)"])
        expectOneLineFailure(result, mentioning: "File too large")
        #expect(try snapshot(store) == before)
        let verify = try FMMProcess.run(["verify", "--store", store.path])
        #expect(verify.status == 0, "\(verify.stdout)")
        // Without the limit the same import succeeds.
        #expect(try FMMProcess.run(["import", "--store", store.path, scheme.path]).status == 0)
    }

    /// Import and search into a store the user may not write to. As root (where permissions do
    /// not bind) the commands run as `nobody` through setpriv.
    @Test func readOnlyStoreLeavesTheStoreAsItWas() throws {
        let (store, scheme) = try seededStoreAndScheme()
        let empty = store.deletingLastPathComponent().appendingPathComponent("empty-store")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        var launcher: [String] = []
        if geteuid() == 0 {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
                print("NOTICE: skipping readOnlyStoreLeavesTheStoreAsItWas: running as root without setpriv")
                return
            }
            launcher = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            let probe = try FMMProcess.run(["--version"], launcher: launcher)
            guard probe.status == 0 else {
                print("NOTICE: skipping readOnlyStoreLeavesTheStoreAsItWas: user nobody cannot run \(FMMProcess.executable.path)")
                return
            }
            // Readable and searchable for nobody, writable only for root.
            for url in [store.deletingLastPathComponent(), store, empty] {
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
            }
        } else {
            for folder in [store, store.appendingPathComponent("catalogue"), store.appendingPathComponent("proofs"), empty] {
                try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
            }
        }
        defer {
            for folder in [store, store.appendingPathComponent("catalogue"), store.appendingPathComponent("proofs"), empty] {
                try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
            }
        }
        let before = try snapshot(store)
        let imported = try FMMProcess.run(["import", "--store", store.path, scheme.path], launcher: launcher)
        expectOneLineFailure(imported, mentioning: "Permission denied")
        #expect(try snapshot(store) == before)

        // The search finds Strassen's rank 7 and cannot store it.
        let searched = try FMMProcess.run(["search", "2x2x2", "--store", empty.path, "--target", "7", "--seconds", "60", "--seed", "1"], launcher: launcher)
        expectOneLineFailure(searched, mentioning: "Permission denied")
        #expect(searched.stdout.contains("best rank 7"), "\(searched.stdout)")
        #expect(try snapshot(empty).isEmpty)
    }
}
