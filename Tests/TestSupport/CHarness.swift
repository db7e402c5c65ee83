import Foundation

/// Compiles exported C with the real compiler and runs it against the naive product.
public enum CHarness {
    /// A test driver: random integer matrices of sizes (n, m, p)·s for s = 1, 2, 3, then sizes
    /// not divisible by them ((n, m, p)·s + (1, 2, 1) and + (n − 1, m − 1, p − 1): the peel), with
    /// leading dimensions larger than the widths; comparison with the triple loop — exact
    /// (TOLERANCE 0) when every coefficient is a dyadic rational, which floating point represents
    /// exactly, and to a relative 1e-9 otherwise (1/3 has no exact double) — and the padding
    /// columns of C must stay untouched. Negative sizes must give -1.
    public static let harness = """
    #include <stdio.h>
    #include <stdlib.h>
    int FMM_NAME(int M, int K, int N, const REAL *A, int lda, const REAL *B, int ldb, REAL *C, int ldc);
    int main(int argc, char **argv) {
        if (argc < 5) return 2;
        int n = atoi(argv[1]), m = atoi(argv[2]), p = atoi(argv[3]), unit = atoi(argv[4]);
        unsigned s = 12345u;
        if (FMM_NAME(-1, m * unit, p * unit, 0, 1, 0, 1, 0, 1) != -1) { printf("FAIL: no -1 for a negative size\\n"); return 1; }
        for (int run = 0; run < 9; run++) {
            int scale = run % 3 + 1, extra = run / 3;
            int M = n * unit * scale + (extra == 1 ? 1 : extra == 2 ? n - 1 : 0);
            int K = m * unit * scale + (extra == 1 ? 2 : extra == 2 ? m - 1 : 0);
            int N = p * unit * scale + (extra == 1 ? 1 : extra == 2 ? p - 1 : 0);
            int lda = K + 3, ldb = N + 1, ldc = N + 2;
            REAL *A = malloc(sizeof(REAL) * M * lda), *B = malloc(sizeof(REAL) * K * ldb), *C = malloc(sizeof(REAL) * M * ldc);
            for (int i = 0; i < M * lda; i++) { s = s * 1103515245u + 12345u; A[i] = (REAL)((int)((s >> 16) % 19u) - 9); }
            for (int i = 0; i < K * ldb; i++) { s = s * 1103515245u + 12345u; B[i] = (REAL)((int)((s >> 16) % 19u) - 9); }
            for (int i = 0; i < M * ldc; i++) C[i] = 777;
            int status = FMM_NAME(M, K, N, A, lda, B, ldb, C, ldc);
            if (status != 0) { printf("FAIL: status %d\\n", status); return 1; }
            for (int i = 0; i < M; i++) for (int k = 0; k < N; k++) {
                REAL e = 0;
                for (int j = 0; j < K; j++) e += A[i * lda + j] * B[j * ldb + k];
                REAL d = e - C[i * ldc + k];
                if (d < 0) d = -d;
                if (d > TOLERANCE * (1 + (e < 0 ? -e : e))) { printf("FAIL at (%d,%d) size %dx%dx%d: %g, expected %g\\n", i, k, M, K, N, (double)C[i * ldc + k], (double)e); return 1; }
            }
            for (int i = 0; i < M; i++) for (int k = N; k < ldc; k++) if (C[i * ldc + k] != 777) { printf("FAIL: wrote outside C\\n"); return 1; }
            free(A); free(B); free(C);
        }
        printf("OK\\n");
        return 0;
    }
    """

    public static func run(_ command: [String], in directory: URL) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }


    /// Compiles `scheme.c` (defining `fmm_test` in double) in `directory` with the harness
    /// (`cc -std=c99 -O2 -Wall -Wextra -Werror`) and runs it on sizes (n, m, p)·unit·s, s = 1, 2, 3.
    /// Returns the compiler's and the program's status and output.
    public static func compileAndRun(in directory: URL, n: Int, m: Int, p: Int, unit: Int = 1, tolerance: String = "0") throws -> (compiled: Int32, compileLog: String, status: Int32, output: String) {
        try harness.write(to: directory.appendingPathComponent("harness.c"), atomically: true, encoding: .utf8)
        let (compiled, log) = try run(["cc", "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", "-DFMM_NAME=fmm_test", "-DREAL=double",
                                       "-DTOLERANCE=\(tolerance)", "scheme.c", "harness.c", "-o", "test"], in: directory)
        guard compiled == 0 else { return (compiled, log, -1, "") }
        let (status, output) = try run(["./test", "\(n)", "\(m)", "\(p)", "\(unit)"], in: directory)
        return (compiled, log, status, output)
    }
}
