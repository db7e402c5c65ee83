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

    /// Strassen with the first product's A factor scaled by k and its B factor by 1/k: valid
    /// over Q but not over Z, and valid mod 2 as well when k is odd.
    static func strassenScaled(by k: Int) -> String {
        strassenLines.replacingOccurrences(of: "(a11+a22)*(b11+b22)", with: "(\(k)*a11+\(k)*a22)*(1/\(k)*b11+1/\(k)*b22)")
    }

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

    /// One corrupted coefficient in a file of each native format (Perminov's text, flip-cpd's
    /// .txt and .npy, fmm's own `show` output, an AlphaEvolve notebook): exit 1 and the wrong
    /// equations named; the intact file passes.
    @Test func aCorruptedCoefficientInEachNativeFormatIsCaught() throws {
        guard SharedData.available(for: "aCorruptedCoefficientInEachNativeFormatIsCaught"), let data = SharedData.directory else { return }
        let dir = try FMMProcess.temporaryDirectory()
        let show = try FMMProcess.run(["show", "2x2x2", "--store", SharedData.repositoryRoot.path]).stdout
        func text(_ path: String) throws -> String { try String(contentsOf: data.appendingPathComponent(path), encoding: .utf8) }
        var cases: [(String, [UInt8], [UInt8])] = [
            ("2x2x3_m11_ZT.txt", Array(try text("ternary-flip-graph/2x2x3_m11_ZT.txt").utf8), Array(try text("ternary-flip-graph/2x2x3_m11_ZT.txt").replacingOccurrences(of: "2 2 3 11\n0 0 1", with: "2 2 3 11\n0 1 1").utf8)),
            ("gg-333-rank23-rec-0-0-0-z.txt", Array(try text("flip-cpd/gg-333-rank23-rec-0-0-0-z.txt").utf8), Array(try text("flip-cpd/gg-333-rank23-rec-0-0-0-z.txt").replacingOccurrences(of: "(a5 - a8 + a9)(b5 - b6 - b9)", with: "(a5 + a8 + a9)(b5 - b6 - b9)").utf8)),
            ("shown.txt", Array(show.utf8), Array(show.replacingOccurrences(of: "m1 = (a11 + a22)", with: "m1 = (a11 - a22)").utf8)),
            ("alphaevolve-245.ipynb", Array(try text("alphaevolve/alphaevolve-245-excerpt.ipynb").utf8), []),
        ]
        // The notebook: the first 0.5 of the data becomes 1.5.
        let notebook = try text("alphaevolve/alphaevolve-245-excerpt.ipynb")
        let arrays = try #require(notebook.range(of: "np.array("))
        let half = try #require(notebook.range(of: "0.5", range: arrays.upperBound..<notebook.endIndex))
        cases[3].2 = Array(notebook.replacingCharacters(in: half, with: "1.5").utf8)
        // The .npy: the first numerator (an int64 after the header) gets 2 added.
        var npy = [UInt8](try Data(contentsOf: data.appendingPathComponent("flip-cpd/gg-222-rank7-rec-0-0-0-z.npy")))
        let headerEnd = 10 + Int(npy[8]) + Int(npy[9]) << 8
        let intact = npy
        npy[headerEnd] &+= 2
        cases.append(("gg-222-rank7-rec-0-0-0-z.npy", intact, npy))
        let intactFolder = dir.appendingPathComponent("intact")
        try FileManager.default.createDirectory(at: intactFolder, withIntermediateDirectories: true)
        for (name, good, bad) in cases {
            let goodPath = intactFolder.appendingPathComponent(name), badPath = dir.appendingPathComponent(name)
            try Data(good).write(to: goodPath)
            try Data(bad).write(to: badPath)
            #expect(try FMMProcess.run(["check", goodPath.path]).status == 0, "\(name)")
            let result = try FMMProcess.run(["check", badPath.path])
            #expect(result.status == 1, "\(name): \(result.stdout) \(result.stderr)")
            #expect(result.stdout.contains("INVALID over Q") && result.stdout.contains("expected "), "\(name): \(result.stdout)")
        }
    }

    /// AlphaEvolve's notebooks: the complex Strassen holds over Q(i) and not over Q; the
    /// ⟨2,4,5⟩ excerpt over Q; one wrong imaginary unit is caught; other commands refuse Q(i).
    @Test func notebooksAreJudgedOverQOfI() throws {
        guard SharedData.available(for: "notebooksAreJudgedOverQOfI"), let data = SharedData.directory else { return }
        let complex = data.appendingPathComponent("alphaevolve/complex-strassen-222.ipynb").path
        let result = try FMMProcess.run(["check", complex])
        #expect(result.status == 0 && result.stdout.contains("2x2x2 rank 7: valid over Q(i), not over Q"), "\(result.stdout)")
        let excerpt = try FMMProcess.run(["check", data.appendingPathComponent("alphaevolve/alphaevolve-245-excerpt.ipynb").path])
        #expect(excerpt.status == 0 && excerpt.stdout.contains("2x4x5 rank 32: valid over Q "), "\(excerpt.stdout)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try FMMProcess.run(["check", "--json", complex]).stdout.utf8)) as? [[String: Any]])
        #expect(json.first?["ring"] as? String == "Q(i)" && json.first?["rings"] as? [String] == ["Q(i)"])
        let dir = try FMMProcess.temporaryDirectory()
        let text = try String(contentsOfFile: complex, encoding: .utf8)
        let wrong = try write(text.replacingOccurrences(of: "0.+1.j,  0.+0.j,  0.+1.j", with: "0.+1.j,  0.+0.j,  0.+2.j"), "wrong.ipynb", in: dir)
        let bad = try FMMProcess.run(["check", wrong])
        #expect(bad.status == 1 && bad.stdout.contains("INVALID over Q(i)") && bad.stdout.contains("Re a"), "\(bad.stdout)")
        let convert = try FMMProcess.run(["convert", complex, "--to", "json"])
        #expect(convert.status == 2 && convert.stderr.contains("over Q(i)"))
    }

    /// A wrong coefficient of 1000 digits is shown shortened in the human output.
    @Test func aHugeWrongValueIsShortened() throws {
        let dir = try FMMProcess.temporaryDirectory()
        let huge = String(repeating: "7", count: 1000)
        let path = try write(Self.strassenLines.replacingOccurrences(of: "(a11+a22)*(b11+b22)", with: "(\(huge)*a11+a22)*(b11+b22)"), "huge.exp", in: dir)
        let result = try FMMProcess.run(["check", path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("(1000 digits)") && !result.stdout.contains(String(repeating: "7", count: 100)), "\(result.stdout.prefix(600))")
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
