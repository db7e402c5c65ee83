import Foundation
import TestSupport
import Testing

@Suite struct CheckCommandTests {
    func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Strassen's algorithm as product lines (c_ki is the coefficient of C[i][k]).
    static let strassenLines = """
    (a11+a22)*(b11+b22)*(c11+c22)
    (a21+a22)*(b11)*(c12-c22)
    (a11)*(b12-b22)*(c21+c22)
    (a22)*(b21-b11)*(c11+c12)
    (a11+a12)*(b22)*(-c11+c21)
    (a21-a11)*(b11+b12)*(c22)
    (a12-a22)*(b21+b22)*(c11)
    """

    @Test func validFileExitsZero() throws {
        let dir = try FMMProcess.temporaryDirectory()
        let path = try write(Self.strassenLines, "strassen.exp", in: dir)
        let result = try FMMProcess.run(["check", path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("2x2x2 rank 7: valid over Q, Z2"))
    }

    @Test func wrongSchemeExitsOneAndNamesEquations() throws {
        let dir = try FMMProcess.temporaryDirectory()
        let broken = Self.strassenLines.split(separator: "\n").dropLast().joined(separator: "\n")
        let path = try write(broken, "broken.exp", in: dir)
        let result = try FMMProcess.run(["check", path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("INVALID over Q"))
        #expect(result.stdout.contains("a12·b21·c11: expected 1, got 0"))
    }

    @Test func jsonOutputHasTheDocumentedFields() throws {
        let dir = try FMMProcess.temporaryDirectory()
        let path = try write(Self.strassenLines, "s.exp", in: dir)
        let result = try FMMProcess.run(["check", "--json", path])
        #expect(result.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let object = try #require(array.first)
        #expect(object["file"] as? String == path)
        #expect(object["shape"] as? [Int] == [2, 2, 2])
        #expect(object["rank"] as? Int == 7)
        #expect(object["valid"] as? Bool == true)
        #expect(object["rings"] as? [String] == ["Q", "Z2"])
        #expect(object["errors"] as? Int == 0)
    }

    @Test func ringZ2ChecksModuloTwoOnly() throws {
        let dir = try FMMProcess.temporaryDirectory()
        // 3·a11 for a11 in the first product: wrong over Q, still right mod 2 (3 ≡ 1).
        let modTwo = Self.strassenLines.replacingOccurrences(of: "(a11+a22)*(b11+b22)", with: "(3*a11+a22)*(b11+b22)")
        let path = try write(modTwo, "three.exp", in: dir)
        #expect(try FMMProcess.run(["check", path]).status == 1)
        let result = try FMMProcess.run(["check", "--ring", "Z2", "--json", path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"rings\": [\"Z2\"]"))
    }

    /// Every file in Tests/FuzzRegressions: `fmm check` (or `fmm ranks --known` for a rank
    /// digest) exits 2 with one line on stderr naming the file.
    @Test(arguments: ["json", "exp", "m", "npz", "digest"])
    func malformedInputsExitTwoWithOneLine(_ folder: String) throws {
        let directory = SharedData.repositoryRoot.appendingPathComponent("Tests/FuzzRegressions/\(folder)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files.count >= 4)
        for name in files {
            let path = directory.appendingPathComponent(name).path
            let command = folder == "digest" ? ["ranks", "--known", path] : ["check", path]
            let result = try FMMProcess.run(command)
            #expect(result.status == 2, "\(name): status \(result.status), \(result.stderr)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(name): \(result.stderr)")
            #expect(lines.first?.hasPrefix("fmm \(command[0]): \(path)") == true, "\(name): \(result.stderr)")
        }
    }

    @Test func missingFileAndUnknownFlagFail() throws {
        let missing = try FMMProcess.run(["check", "/nonexistent/file.exp"])
        #expect(missing.status == 2)
        let flag = try FMMProcess.run(["check", "--frobnicate", "x"])
        #expect(flag.status != 0)
        #expect(flag.stderr.contains("frobnicate"))
    }

    @Test func checksEveryAlphaTensorScheme() throws {
        guard SharedData.available(for: "checksEveryAlphaTensorScheme"), let data = SharedData.directory else { return }
        let result = try FMMProcess.run(["check", "--json",
                                         data.appendingPathComponent("alphatensor/factorizations_r.npz").path,
                                         data.appendingPathComponent("alphatensor/factorizations_f2.npz").path])
        #expect(result.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 113)
        #expect(array.allSatisfy { $0["valid"] as? Bool == true })
        #expect(array.filter { ($0["rings"] as? [String]) == ["Z2"] }.count == 20)
    }
}

@Suite struct ConvertCommandTests {
    /// numpy itself reads what `fmm convert --to npz` writes and finds the tensor right.
    @Test func numpyReadsOurArchives() throws {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import numpy"]
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { print("NOTICE: skipping numpyReadsOurArchives: no python3"); return }
        probe.waitUntilExit()
        guard probe.terminationStatus == 0 else { print("NOTICE: skipping numpyReadsOurArchives: numpy not installed"); return }

        let dir = try FMMProcess.temporaryDirectory()
        let source = dir.appendingPathComponent("s.exp")
        try Data(CheckCommandTests.strassenLines.utf8).write(to: source)
        let naive = dir.appendingPathComponent("n.json")
        try Data(#"{"n": [1, 2, 3], "m": 6, "u": [[1,0],[1,0],[1,0],[0,1],[0,1],[0,1]], "v": [[1,0,0,0,0,0],[0,1,0,0,0,0],[0,0,1,0,0,0],[0,0,0,1,0,0],[0,0,0,0,1,0],[0,0,0,0,0,1]], "w": [[1,0,0],[0,1,0],[0,0,1],[1,0,0],[0,1,0],[0,0,1]]}"#.utf8).write(to: naive)
        for input in [source, naive] {
            let out = dir.appendingPathComponent(input.lastPathComponent + ".npz")
            let convert = try FMMProcess.run(["convert", input.path, "--to", "npz", "--out", out.path])
            #expect(convert.status == 0, "\(convert.stderr)")
            let script = """
            import numpy as np, sys
            d = np.load(sys.argv[1], allow_pickle=True)
            for key in d:
                n, m, p = map(int, key.split(','))
                u, v, w = d[key][0], d[key][1], d[key][2]
                T = np.zeros((n*m, m*p, p*n))
                for i in range(n):
                    for j in range(m):
                        for k in range(p): T[i*m+j, j*p+k, k*n+i] = 1
                assert np.array_equal(np.einsum('ir,jr,kr->ijk', u, v, w), T), key
            print('ok')
            """
            let python = Process()
            python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            python.arguments = ["python3", "-c", script, out.path]
            let pipe = Pipe()
            python.standardOutput = pipe
            try python.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            python.waitUntilExit()
            #expect(python.terminationStatus == 0 && output.contains("ok"))
        }
    }
}
