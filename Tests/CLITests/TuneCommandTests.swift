import Foundation
import TestSupport
import Testing

/// `fmm tune`: the chosen kernel compiles with OpenBLAS and computes exact products (odd sizes,
/// leading dimensions larger than the widths), the summary names every candidate, bad
/// arguments are refused. Skipped with a notice without cblas.h.
@Suite struct TuneCommandTests {
    static var hasBLAS: Bool {
        FileManager.default.fileExists(atPath: "/usr/include/x86_64-linux-gnu/cblas.h") || FileManager.default.fileExists(atPath: "/usr/include/cblas.h")
    }

    /// A small problem with a small leaf so that schemes take part: the JSON summary lists the
    /// BLAS product first and the chosen candidate among the timed ones; the written kernel,
    /// compiled with the test harness and OpenBLAS, multiplies exactly.
    @Test(arguments: ["double", "float"])
    func theChosenKernelMultipliesExactly(type: String) throws {
        guard Self.hasBLAS else {
            print("NOTICE: skipping theChosenKernelMultipliesExactly: cblas.h not installed (apt-get install libopenblas-dev)")
            return
        }
        let dir = try FMMProcess.temporaryDirectory()
        let kernel = dir.appendingPathComponent("scheme.c")
        let result = try FMMProcess.run(["tune", "96", "90", "100", "--type", type, "--seconds", "1", "--candidates", "5", "--minimum-leaf", "8",
                                         "--name", "fmm_test", "--out", kernel.path, "--json", "--store", SharedData.repositoryRoot.path])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let candidates = try #require(summary["candidates"] as? [[String: Any]])
        #expect(candidates.count == 5)
        #expect(candidates.first?["candidate"] as? String == "cblas_\(type == "float" ? "s" : "d")gemm" && candidates.first?["levels"] as? Int == 0)
        #expect(candidates.contains { ($0["candidate"] as? String)?.hasPrefix("Winograd") == true })
        let chosen = try #require(summary["chosen"] as? [String: Any])
        #expect((chosen["digits_lost"] as? Double ?? 9) <= 2)
        #expect((summary["blas"] as? String)?.contains("OpenBLAS") == true)
        try CHarness.harness.write(to: dir.appendingPathComponent("harness.c"), atomically: true, encoding: .utf8)
        let (compiled, log) = try CHarness.run(["cc", "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", "-DFMM_NAME=fmm_test", "-DREAL=\(type)", "-DTOLERANCE=0",
                                                "scheme.c", "harness.c", "-o", "test", "-lopenblas"], in: dir)
        #expect(compiled == 0, "\(log)")
        // Integer entries: every product and sum is exact in floating point, so the kernel must
        // agree with the triple loop exactly, peel included.
        let (status, output) = try CHarness.run(["./test", "2", "2", "2", "20"], in: dir)
        #expect(status == 0 && output.contains("OK"), "\(output)")
    }

    @Test func badArgumentsAreRefused() throws {
        for (arguments, message) in [(["0", "10", "10"], "within 1...65536"), (["10", "10", "10", "--type", "half"], "double or float"),
                                     (["10", "10", "10", "--name", "9x"], "not a C identifier"), (["10", "10", "10", "--threads", "0"], "--threads")] {
            let result = try FMMProcess.run(["tune"] + arguments)
            #expect(result.status == 2 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        // `fmm bench tune` checks the options it shares with `fmm tune` the same way.
        for (arguments, message) in [(["--type", "half"], "double or float"), (["--threads", "0"], "--threads"), (["--minimum-leaf", "0"], "--minimum-leaf")] {
            let result = try FMMProcess.run(["bench", "tune", "--sizes", "64"] + arguments)
            #expect(result.status == 2 && result.stderr.contains(message) && result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
    }
}
