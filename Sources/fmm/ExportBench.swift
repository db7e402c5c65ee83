import ArgumentParser
import Export
import Foundation
import SchemeFormats
import SchemeModel

/// `fmm bench strassen`: one level of Strassen's scheme, exported to C with OpenBLAS leaves,
/// against a plain `cblas_dgemm`, single thread.
struct StrassenBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strassen",
        abstract: "Time the exported Strassen (OpenBLAS leaves) against cblas_dgemm, one thread (needs cc and libopenblas-dev)."
    )

    @Option(help: "Matrix sizes N (N×N times N×N), comma separated.")
    var sizes = "2048,4096"

    @Option(help: "Runs per size; the best time is kept.")
    var `repeat` = 3

    @Option(help: "Levels of the scheme.")
    var levels = 1

    @Option(help: "A ⟨2,2,2⟩ scheme file to use instead of Strassen's (e.g. a Winograd form).")
    var from: String?

    static let driver = """
    #define _POSIX_C_SOURCE 199309L
    #include <stdio.h>
    #include <stdlib.h>
    #include <time.h>
    #include <cblas.h>
    int fmm_strassen(int M, int K, int N, const double *A, int lda, const double *B, int ldb, double *C, int ldc);
    static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }
    int main(int argc, char **argv) {
        int n = atoi(argv[1]), runs = atoi(argv[2]);
        double *A = malloc(sizeof(double) * n * n), *B = malloc(sizeof(double) * n * n);
        double *C1 = malloc(sizeof(double) * n * n), *C2 = malloc(sizeof(double) * n * n);
        unsigned s = 1;
        for (long i = 0; i < (long)n * n; i++) { s = s * 1103515245u + 12345u; A[i] = (double)((s >> 16) % 2001) / 1000.0 - 1.0; }
        for (long i = 0; i < (long)n * n; i++) { s = s * 1103515245u + 12345u; B[i] = (double)((s >> 16) % 2001) / 1000.0 - 1.0; }
        double best_blas = 1e30, best_fmm = 1e30;
        for (int r = 0; r < runs; r++) {
            double t0 = now();
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, A, n, B, n, 0.0, C1, n);
            double t1 = now();
            if (fmm_strassen(n, n, n, A, n, B, n, C2, n) != 0) { printf("export failed\\n"); return 1; }
            double t2 = now();
            if (t1 - t0 < best_blas) best_blas = t1 - t0;
            if (t2 - t1 < best_fmm) best_fmm = t2 - t1;
        }
        double err = 0;
        for (long i = 0; i < (long)n * n; i++) { double d = C1[i] - C2[i]; if (d < 0) d = -d; if (d > err) err = d; }
        printf("N=%d  dgemm %.3f s  strassen %.3f s  speedup %.3fx  max |difference| %.2e\\n", n, best_blas, best_fmm, best_blas / best_fmm, err);
        return 0;
    }
    """

    func run() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fmm-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var scheme = Scheme.strassen
        if let from {
            guard let read = try SchemeFile.read(path: from).first?.scheme, read.shape == Shape(2, 2, 2) else {
                printError("fmm bench strassen: \(from) does not hold a <2,2,2> scheme")
                throw ExitCode(2)
            }
            scheme = read
        }
        let source = try scheme.cSource(CExportOptions(name: "fmm_strassen", levels: levels))
        try source.write(to: dir.appendingPathComponent("strassen.c"), atomically: true, encoding: .utf8)
        try Self.driver.write(to: dir.appendingPathComponent("driver.c"), atomically: true, encoding: .utf8)
        let counts = SchemePrograms(scheme, reduce: true).counts
        // Written unbuffered so it precedes the driver's own output.
        FileHandle.standardOutput.write(Data("Strassen, \(levels) level(s), \(counts.reduced) block additions per level; OpenBLAS leaves; OPENBLAS_NUM_THREADS=1\n".utf8))
        guard shell(["cc", "-std=c99", "-O3", "-march=native", "-DFMM_USE_CBLAS", "strassen.c", "driver.c", "-o", "bench", "-lopenblas"], in: dir) == 0 else {
            printError("fmm bench strassen: compiling failed (install gcc and libopenblas-dev)")
            throw ExitCode(2)
        }
        for size in sizes.split(separator: ",").compactMap({ Int($0) }) where size > 0 {
            _ = shell(["./bench", "\(size)", "\(`repeat`)"], in: dir)
        }
    }

    func shell(_ command: [String], in directory: URL) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = "1"
        process.environment = environment
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
