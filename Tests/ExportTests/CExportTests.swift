import ExactArithmetic
import Derivation
import Export
import Foundation
import SchemeFormats
import SchemeModel
import TestSupport
import Testing

/// Compiles exported C with the real compiler and compares it with the naive product.
enum CompiledC {
    /// A test driver: random integer matrices of sizes (n, m, p)·s for s = 1, 2, 3, with leading
    /// dimensions larger than the widths; comparison with the triple loop — exact (TOLERANCE 0)
    /// when every coefficient is a dyadic rational, which floating point represents exactly, and
    /// to a relative 1e-9 otherwise (1/3 has no exact double) — and the padding columns of C
    /// must stay untouched.
    static let harness = """
    #include <stdio.h>
    #include <stdlib.h>
    int FMM_NAME(int M, int K, int N, const REAL *A, int lda, const REAL *B, int ldb, REAL *C, int ldc);
    int main(int argc, char **argv) {
        if (argc < 5) return 2;
        int n = atoi(argv[1]), m = atoi(argv[2]), p = atoi(argv[3]), unit = atoi(argv[4]);
        unsigned s = 12345u;
        if (FMM_NAME(n * unit + 1, m * unit, p * unit, 0, 1, 0, 1, 0, 1) != -1) { printf("FAIL: no -1 for a bad size\\n"); return 1; }
        for (int scale = 1; scale <= 3; scale++) {
            int M = n * unit * scale, K = m * unit * scale, N = p * unit * scale, lda = K + 3, ldb = N + 1, ldc = N + 2;
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

    static func run(_ command: [String], in directory: URL) throws -> (Int32, String) {
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

    /// Exports, compiles with `cc -std=c99 -O2 -Wall -Wextra -Werror` and runs the harness.
    static func check(_ scheme: Scheme, levels: Int = 1, float: Bool = false, cblas: Bool = false, label: String) throws {
        let dir = try FMMProcess.temporaryDirectory()
        let name = "fmm_test"
        let source = try scheme.cSource(CExportOptions(name: name, levels: levels, useFloat: float))
        try source.write(to: dir.appendingPathComponent("scheme.c"), atomically: true, encoding: .utf8)
        try harness.write(to: dir.appendingPathComponent("harness.c"), atomically: true, encoding: .utf8)
        let s = scheme.shape
        let dyadic = scheme.terms.allSatisfy { t in [t.u, t.v, t.w].allSatisfy { $0.allSatisfy { isPowerOfTwo($0.denominator.description) } } }
        var command = ["cc", "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", "-DFMM_NAME=\(name)", "-DREAL=\(float ? "float" : "double")",
                       "-DTOLERANCE=\(dyadic ? "0" : "1e-9")",
                       "scheme.c", "harness.c", "-o", "test"]
        if cblas { command += ["-DFMM_USE_CBLAS", "-lopenblas"] }
        let (compiled, log) = try run(command, in: dir)
        #expect(compiled == 0, "\(label): \(log.prefix(2000))")
        guard compiled == 0 else { return }
        // With L levels the sizes must be multiples of n^L, m^L, p^L.
        let (status, output) = try run(["./test", "\(pow(s.n, levels))", "\(pow(s.m, levels))", "\(pow(s.p, levels))", "1"], in: dir)
        #expect(status == 0 && output.contains("OK"), "\(label): \(output)")
    }

    static func isPowerOfTwo(_ decimal: String) -> Bool {
        guard let value = Int(decimal), value > 0 else { return false }
        return value & (value - 1) == 0
    }

    static func pow(_ x: Int, _ k: Int) -> Int { (0..<k).reduce(1) { acc, _ in acc * x } }
}

@Suite struct CExportTests {
    @Test func everyCatalogueEntryCompilesAndMultiplies() throws {
        let catalogue = SharedData.repositoryRoot.appendingPathComponent("catalogue")
        let files = FileManager.default.enumerator(at: catalogue, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "json" }
        #expect(files.count >= 35)
        for file in files {
            let scheme = try SchemeFile.read(path: file.path)[0].scheme
            if scheme.intendedRing == .gf2 {
                // Entries valid only mod 2 have no real-arithmetic C export.
                #expect(throws: ExportError.self) { try scheme.cSource(CExportOptions(name: "f")) }
            } else {
                try CompiledC.check(scheme, label: file.lastPathComponent)
            }
        }
    }

    @Test func publishedSchemesWithRationalCoefficients() throws {
        guard SharedData.available(for: "publishedSchemesWithRationalCoefficients"), let data = SharedData.directory else { return }
        let archive = try SchemeFile.read(path: data.appendingPathComponent("alphatensor/factorizations_r.npz").path)
        let rational = try #require(archive.first { $0.entry == "3,4,11" }).scheme
        #expect(!rational.hasIntegerCoefficients)
        try CompiledC.check(rational, label: "AlphaTensor 3,4,11 (1/2 coefficients)")
        for path in ["flips/333-23-mod0.exp", "perminov/known/alpha_evolve/4x4x5_m61_mod0.json", "flips/345-47-mod0.exp"] {
            let url = data.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            try CompiledC.check(try SchemeFile.read(path: url.path)[0].scheme, label: path)
        }
    }

    @Test func twoLevelsOfStrassen() throws {
        try CompiledC.check(Scheme.strassen, levels: 2, label: "Strassen, 2 levels")
    }

    @Test func floatVariant() throws {
        try CompiledC.check(Scheme.strassen, float: true, label: "Strassen, float")
    }

    @Test func cblasLeaves() throws {
        guard FileManager.default.fileExists(atPath: "/usr/include/x86_64-linux-gnu/cblas.h") || FileManager.default.fileExists(atPath: "/usr/include/cblas.h") else {
            print("NOTICE: skipping cblasLeaves: cblas.h not installed (apt-get install libopenblas-dev)")
            return
        }
        try CompiledC.check(Scheme.strassen, levels: 2, cblas: true, label: "Strassen, OpenBLAS leaves")
    }

    @Test func modTwoSchemesAreRefused() {
        var scheme = Scheme.strassen
        scheme.intendedRing = .gf2
        #expect(throws: ExportError.self) { try scheme.cSource(CExportOptions(name: "f")) }
        #expect(throws: ExportError.self) { try Scheme.strassen.cSource(CExportOptions(name: "not an identifier")) }
    }
}

@Suite struct AdditionReductionTests {
    /// Integer forms 3x − 2y share the pair (x, y) only with the ratio −2/3, which binary
    /// floating point cannot hold: it must not become a temporary. With a non-dyadic
    /// coefficient already in the forms, the same pair is shared.
    @Test func integerFormsKeepDyadicRatios() {
        let integer: [[(variable: Int, coefficient: Rational)]] = [[(0, Rational(3)), (1, Rational(-2))], [(0, Rational(3)), (1, Rational(-2)), (2, .one)],
                                                                   [(0, Rational(1)), (1, Rational(2))], [(0, Rational(-1)), (1, Rational(-2))]]
        let program = LinearProgram(inputCount: 3, forms: integer)
        #expect(program.temporaries.count == 1)
        #expect(program.temporaries.allSatisfy { $0.lambda == Rational(2) })
        let rational: [[(variable: Int, coefficient: Rational)]] = integer + [[(0, Rational(numerator: 1, denominator: 3)!)]]
        #expect(LinearProgram(inputCount: 3, forms: rational).temporaries.contains { $0.lambda == Rational(numerator: -2, denominator: 3)! })
    }

    /// Substituting the temporaries back gives the original forms.
    @Test(arguments: [Shape(2, 2, 2), Shape(2, 3, 4), Shape(3, 3, 3)])
    func reducedFormsExpandToTheOriginals(_ shape: Shape) throws {
        var rng = SeededGenerator(seed: UInt64(shape.naiveRank))
        var forms: [[(variable: Int, coefficient: Rational)]] = []
        for _ in 0..<20 {
            var form: [(variable: Int, coefficient: Rational)] = []
            for v in 0..<shape.uCount where Bool.random(using: &rng) {
                form.append((v, Rational(Int.random(in: 1...2, using: &rng) * (Bool.random(using: &rng) ? 1 : -1))))
            }
            forms.append(form)
        }
        let program = LinearProgram(inputCount: shape.uCount, forms: forms)
        #expect(program.additions <= LinearProgram.naiveAdditions(forms))
        func expand(_ v: Int) -> [Int: Rational] {
            if v < shape.uCount { return [v: .one] }
            let t = program.temporaries[v - shape.uCount]
            var result = expand(t.x)
            for (k, c) in expand(t.y) { result[k, default: .zero] += c * t.lambda }
            return result
        }
        for (original, reduced) in zip(forms, program.forms) {
            var total: [Int: Rational] = [:]
            for term in reduced { for (k, c) in expand(term.variable) { total[k, default: .zero] += c * term.coefficient } }
            let expected = Dictionary(uniqueKeysWithValues: original.map { ($0.variable, $0.coefficient) })
            #expect(total.filter { !$0.value.isZero } == expected)
        }
    }

    @Test func strassenSquaredSharesSubexpressions() {
        let counts = SchemePrograms(Scheme.tensorProduct(Scheme.strassen, Scheme.strassen), reduce: true).counts
        #expect(counts.naive == 318)
        #expect(counts.reduced < counts.naive)
    }
}
