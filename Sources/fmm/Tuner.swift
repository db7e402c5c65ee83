import Catalogue
import Export
import Foundation
import SchemeModel

/// Chooses, for one problem size on this machine, the fastest of the catalogue's schemes (and
/// Winograd's form of Strassen's) applied 0–4 levels with BLAS leaves, by compiling every
/// candidate into one C driver and timing each in its own process against `cblas_?gemm`.
///
/// Accuracy: on 256 sampled entries C_ij, the error |C_ij − Σ_k A_ik B_kj| (the sum in long
/// double) relative to Σ_k |A_ik||B_kj|, the largest over the sample; `digitsLost` compares it
/// with the leaf product's own error on the same entries.
struct Tuner {
    struct Problem: Sendable {
        let m: Int, k: Int, n: Int
        let useFloat: Bool
        let threads: Int
    }

    /// One candidate: a scheme applied `levels` times (levels 0: the BLAS product alone).
    struct Candidate {
        let label: String
        let scheme: Scheme?
        let levels: Int
        /// (n·m·p / R)^levels: the reduction in leaf multiplications.
        var estimate: Double {
            guard let scheme else { return 1 }
            return pow(Double(scheme.shape.naiveRank) / Double(scheme.rank), Double(levels))
        }
    }

    struct Measurement {
        let candidate: Candidate
        let seconds: Double
        let runs: Int
        let error: Double
    }

    let problem: Problem
    /// Smallest leaf block dimension worth a level: smaller BLAS products lose their efficiency.
    let minimumLeaf: Int

    /// The candidates worth timing: the BLAS product; Winograd's ⟨2,2,2⟩; for every catalogue
    /// entry over Q of a shape with dimensions at most 4 and rank below n·m·p, each ordering of it
    /// (so ⟨2,2,3⟩ also serves as ⟨3,2,2⟩ and ⟨2,3,2⟩); each at every number of levels whose leaf
    /// blocks keep at least `minimumLeaf` rows and columns. The first `limit` are kept: the BLAS
    /// product, Winograd's form at each level, then the others by `estimate`.
    func candidates(store: Store, limit: Int) -> [Candidate] {
        var schemes: [(String, Scheme)] = [("Winograd ⟨2,2,2⟩ 7", Scheme.winograd)]
        let entries = store.entriesOverQ.filter { max($0.scheme.shape.n, $0.scheme.shape.m, $0.scheme.shape.p) <= 4 && $0.scheme.rank < $0.scheme.shape.naiveRank }
        // The best entry of each shape, in every ordering of it.
        let bestPerShape = Dictionary(grouping: entries, by: \.scheme.shape.normalized).compactMapValues { CatalogueEntry.best(of: $0) }
        for best in bestPerShape.values.sorted(by: { ($0.scheme.rank, $0.path) < ($1.scheme.rank, $1.path) }) {
            for ordering in best.scheme.shape.orderings {
                guard let permuted = best.scheme.permuted(to: ordering) else { continue }
                schemes.append(("⟨\(ordering.n),\(ordering.m),\(ordering.p)⟩ \(permuted.rank) (\(best.ring.rawValue))", permuted))
            }
        }
        var all = [Candidate(label: "cblas_\(problem.useFloat ? "s" : "d")gemm", scheme: nil, levels: 0)]
        for (label, scheme) in schemes {
            var (m, k, n) = (problem.m, problem.k, problem.n)
            for levels in 1...4 {
                (m, k, n) = (m / scheme.shape.n, k / scheme.shape.m, n / scheme.shape.p)
                guard min(m, k, n) >= minimumLeaf else { break }
                all.append(Candidate(label: label, scheme: scheme, levels: levels))
            }
        }
        // Winograd's form at every level first (the classic choice), then the best estimates.
        let winograd = all.filter { $0.scheme == Scheme.winograd }
        let others = all.dropFirst().filter { $0.scheme != Scheme.winograd }.sorted { $0.estimate > $1.estimate }
        return Array(([all[0]] + winograd + others).prefix(limit))
    }

    /// The candidate's C function (BLAS leaves, the export's signature) named `name`.
    func source(_ candidate: Candidate, name: String) throws -> String {
        let scheme = candidate.scheme ?? Scheme.strassen
        let text = try scheme.cSource(CExportOptions(name: name, levels: candidate.levels, useFloat: problem.useFloat,
                                                     description: ["tuned by fmm tune for \(problem.m) x \(problem.k) x \(problem.n): \(candidate.label), \(candidate.levels) level(s)"],
                                                     cutoff: minimumLeaf))
        return "#ifndef FMM_USE_CBLAS\n#define FMM_USE_CBLAS\n#endif\n" + text
    }

    /// The driver: `tune INDEX M K N SECONDS` times candidate INDEX (at least one run, more while
    /// SECONDS last, the best kept) and prints `seconds runs error`.
    func driver(count: Int) -> String {
        let t = problem.useFloat ? "float" : "double"
        let declarations = (0..<count).map { "int fmm_tune_\($0)(int, int, int, const \(t) *, int, const \(t) *, int, \(t) *, int);" }
        let table = (0..<count).map { "fmm_tune_\($0)" }.joined(separator: ", ")
        return """
        #define _POSIX_C_SOURCE 199309L
        #include <math.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <time.h>
        \(declarations.joined(separator: "\n"))
        typedef int (*kernel)(int, int, int, const \(t) *, int, const \(t) *, int, \(t) *, int);
        static const kernel kernels[] = {\(table)};
        static double now(void) { struct timespec s; clock_gettime(CLOCK_MONOTONIC, &s); return s.tv_sec + 1e-9 * s.tv_nsec; }
        int main(int argc, char **argv) {
            if (argc < 6) return 2;
            int index = atoi(argv[1]), M = atoi(argv[2]), K = atoi(argv[3]), N = atoi(argv[4]);
            double budget = atof(argv[5]);
            \(t) *A = malloc(sizeof(\(t)) * (size_t)M * K), *B = malloc(sizeof(\(t)) * (size_t)K * N), *C = malloc(sizeof(\(t)) * (size_t)M * N);
            if (!A || !B || !C) { printf("out of memory\\n"); return 3; }
            unsigned long long s = 88172645463325252ull;
            for (size_t i = 0; i < (size_t)M * K; i++) { s ^= s << 13; s ^= s >> 7; s ^= s << 17; A[i] = (\(t))((double)(s >> 11) / 9007199254740992.0 * 2 - 1); }
            for (size_t i = 0; i < (size_t)K * N; i++) { s ^= s << 13; s ^= s >> 7; s ^= s << 17; B[i] = (\(t))((double)(s >> 11) / 9007199254740992.0 * 2 - 1); }
            double best = 1e300, start = now();
            int runs = 0;
            do {
                double t0 = now();
                if (kernels[index](M, K, N, A, K, B, N, C, N) != 0) { printf("failed\\n"); return 4; }
                double t1 = now() - t0;
                if (t1 < best) best = t1;
                runs++;
            } while (now() - start + best < budget);
            double error = 0;
            for (int e = 0; e < 256; e++) {
                s ^= s << 13; s ^= s >> 7; s ^= s << 17;
                int i = (int)(s % (unsigned long long)M), j = (int)((s >> 32) % (unsigned long long)N);
                long double exact = 0, scale = 0;
                for (int k = 0; k < K; k++) { exact += (long double)A[(size_t)i * K + k] * B[(size_t)k * N + j]; scale += fabsl((long double)A[(size_t)i * K + k] * B[(size_t)k * N + j]); }
                double relative = scale > 0 ? (double)(fabsl((long double)C[(size_t)i * N + j] - exact) / scale) : 0;
                if (relative > error) error = relative;
            }
            printf("%.6f %d %.3e\\n", best, runs, error);
            return 0;
        }
        """
    }
}

extension Tuner {
    struct Report {
        let measurements: [Measurement]
        /// `cc --version`'s first line.
        let compiler: String
        /// `openblas_get_config()`.
        let blas: String

        var baseline: Measurement { measurements[0] }

        /// Decimal digits the candidate loses against the BLAS product (0 when it is as accurate).
        func digitsLost(_ m: Measurement, useFloat: Bool) -> Double {
            let floor = useFloat ? 1e-7 : 1e-16
            return max(0, log10(max(m.error, floor) / max(baseline.error, floor)))
        }

        /// The fastest candidate losing at most two digits (any, with `allowingError`).
        func chosen(useFloat: Bool, allowingError: Bool) -> Measurement {
            measurements.filter { allowingError || digitsLost($0, useFloat: useFloat) <= 2 }.min { $0.seconds < $1.seconds } ?? baseline
        }
    }

    struct TuneError: Error, CustomStringConvertible {
        let description: String
    }

    /// Compiles the candidates and the driver in a temporary folder and times each candidate in
    /// its own process (`secondsEach`, at least one run), the BLAS product first. `progress` is
    /// told each candidate before it runs.
    func measure(_ candidates: [Candidate], secondsEach: Double, progress: (Int, Candidate) -> Void) throws -> Report {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fmm-tune-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (i, candidate) in candidates.enumerated() {
            try source(candidate, name: "fmm_tune_\(i)").write(to: dir.appendingPathComponent("candidate\(i).c"), atomically: true, encoding: .utf8)
        }
        let config = "extern char *openblas_get_config(void);\nint main(void) { puts(openblas_get_config()); return 0; }\n"
        try ("#include <stdio.h>\n" + config).write(to: dir.appendingPathComponent("config.c"), atomically: true, encoding: .utf8)
        try driver(count: candidates.count).write(to: dir.appendingPathComponent("driver.c"), atomically: true, encoding: .utf8)
        let openMP = problem.threads > 1 ? ["-fopenmp"] : []
        let compile = try Self.run(["cc", "-std=c99", "-O3", "-march=native"] + openMP + candidates.indices.map { "candidate\($0).c" } + ["driver.c", "-o", "tune", "-lopenblas", "-lm"], in: dir)
        guard compile.status == 0 else { throw TuneError(description: "compiling the candidates failed (needs cc and libopenblas-dev): \(compile.output.prefix(400))") }
        let compiler = (try? Self.run(["cc", "--version"], in: dir).output.split(separator: "\n").first.map(String.init)) ?? "cc"
        var blas = "OpenBLAS"
        if (try? Self.run(["cc", "config.c", "-o", "config", "-lopenblas"], in: dir).status) == 0, let line = try? Self.run(["./config"], in: dir).output {
            blas = "OpenBLAS " + line.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        // OpenMP's idle threads must sleep, not spin, or they take the cores from OpenBLAS's
        // threads between two parallel additions (measured: Winograd at 3 levels on 8192³ with two
        // threads 0.80× dgemm spinning, 1.01× passive).
        let environment = ["OPENBLAS_NUM_THREADS": "\(problem.threads)", "OMP_NUM_THREADS": "\(problem.threads)", "OMP_WAIT_POLICY": "PASSIVE"]
        var measurements: [Measurement] = []
        for (i, candidate) in candidates.enumerated() {
            progress(i, candidate)
            let result = try Self.run(["./tune", "\(i)", "\(problem.m)", "\(problem.k)", "\(problem.n)", "\(secondsEach)"], in: dir, environment: environment)
            let fields = result.output.split(whereSeparator: \.isWhitespace)
            guard result.status == 0, fields.count == 3, let seconds = Double(fields[0]), let runs = Int(fields[1]), let error = Double(fields[2]) else {
                throw TuneError(description: "candidate \(candidate.label) (\(candidate.levels) levels) failed: \(result.output.prefix(200))")
            }
            measurements.append(Measurement(candidate: candidate, seconds: seconds, runs: runs, error: error))
        }
        return Report(measurements: measurements, compiler: compiler, blas: blas)
    }

    /// Runs a command in `directory`, returning its status and its standard output and error.
    static func run(_ command: [String], in directory: URL, environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        (process.standardOutput, process.standardError) = (pipe, pipe)
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
