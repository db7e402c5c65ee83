import ExactArithmetic
import SchemeModel

/// Options of the C exporter.
public struct CExportOptions: Sendable {
    /// Name of the exported function (a C identifier).
    public var name: String
    /// Recursion depth: the scheme is applied `levels` times before the leaf products.
    public var levels: Int
    /// `double` or `float`.
    public var useFloat: Bool
    /// Share common subexpressions of the linear combinations (addition reduction).
    public var reduceAdditions: Bool
    /// Lines for the header comment (provenance, ring).
    public var description: [String]
    /// A level recurses only while every block it would make has at least this many rows and
    /// columns; smaller problems go to the leaf product.
    public var cutoff: Int

    public init(name: String, levels: Int = 1, useFloat: Bool = false, reduceAdditions: Bool = true, description: [String] = [], cutoff: Int = 1) {
        (self.name, self.levels, self.useFloat, self.reduceAdditions, self.description, self.cutoff) = (name, levels, useFloat, reduceAdditions, description, cutoff)
    }
}

/// Additions of one application of a scheme, before and after addition reduction, per side.
public struct AdditionCounts: Sendable, Equatable {
    public let naiveA: Int, naiveB: Int, naiveC: Int
    public let reducedA: Int, reducedB: Int, reducedC: Int
    public var naive: Int { naiveA + naiveB + naiveC }
    public var reduced: Int { reducedA + reducedB + reducedC }
}

/// The three linear programs of one scheme application: forming the left factors from blocks of
/// A, the right factors from blocks of B, and the blocks of C from the products.
public struct SchemePrograms: Sendable {
    public let left: LinearProgram
    public let right: LinearProgram
    /// Variables are the products M_0..M_{R-1}; forms are the blocks of C in the order of w
    /// (Cᵀ row-major: form z = k·n + i is block C(i, k)).
    public let output: LinearProgram

    public init(_ scheme: Scheme, reduce: Bool) {
        func sparse(_ vectors: [[Rational]]) -> [[(variable: Int, coefficient: Rational)]] {
            vectors.map { v in v.indices.filter { !v[$0].isZero }.map { ($0, v[$0]) } }
        }
        left = LinearProgram(inputCount: scheme.shape.uCount, forms: sparse(scheme.terms.map(\.u)), reduce: reduce)
        right = LinearProgram(inputCount: scheme.shape.vCount, forms: sparse(scheme.terms.map(\.v)), reduce: reduce)
        let outputs = (0..<scheme.shape.wCount).map { z in scheme.terms.map { $0.w[z] } }
        output = LinearProgram(inputCount: scheme.rank, forms: sparse(outputs), reduce: reduce)
    }

    public var counts: AdditionCounts {
        AdditionCounts(naiveA: LinearProgram.naiveAdditions(left.formsBefore),
                       naiveB: LinearProgram.naiveAdditions(right.formsBefore),
                       naiveC: LinearProgram.naiveAdditions(output.formsBefore),
                       reducedA: left.additions, reducedB: right.additions, reducedC: output.additions)
    }
}

/// A scheme that holds only modulo 2 cannot multiply real matrices.
public struct ExportError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Scheme {
    /// A self-contained C99 file defining
    /// `int NAME(int M, int K, int N, const T *A, int lda, const T *B, int ldb, T *C, int ldc)`
    /// that computes C (M×N) = A (M×K) · B (K×N) for any sizes, all row-major with leading
    /// dimensions, by applying the scheme up to `levels` times to the block grids (A as n×m
    /// blocks, B as m×p, C as n×p) and multiplying the leaf blocks with a plain loop, or
    /// `cblas_?gemm` when compiled with `-DFMM_USE_CBLAS`. At each level the largest part of the
    /// problem whose sizes are multiples of n, m, p goes through the scheme and the rest (the
    /// peel: at most n − 1 rows, m − 1 inner columns, p − 1 columns) through the leaf product; a
    /// level whose blocks would be smaller than `cutoff` is a leaf. The workspace is allocated
    /// once. Returns 0, -1 for negative sizes, -2 when the workspace cannot be allocated.
    /// Throws for a mod-2-only scheme.
    public func cSource(_ options: CExportOptions) throws(ExportError) -> String {
        guard intendedRing == .rationals else {
            throw ExportError("this scheme holds only modulo 2, so it computes wrong real products; C export refused")
        }
        guard options.levels >= 0 && options.levels <= 8 else { throw ExportError("--levels must be within 0...8") }
        guard options.cutoff >= 1 else { throw ExportError("--cutoff must be at least 1") }
        guard options.name.first.map({ $0.isLetter || $0 == "_" }) == true,
              options.name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw ExportError("'\(options.name)' is not a C identifier")
        }
        return CWriter(scheme: self, options: options).source()
    }
}

/// Writes the C source; one instance per export.
struct CWriter {
    let scheme: Scheme
    let options: CExportOptions
    let programs: SchemePrograms
    let t: String
    let f: String
    let name: String

    init(scheme: Scheme, options: CExportOptions) {
        self.scheme = scheme
        self.options = options
        programs = SchemePrograms(scheme, reduce: options.reduceAdditions)
        t = options.useFloat ? "float" : "double"
        f = options.useFloat ? "f" : ""
        name = options.name
    }

    func literal(_ c: Rational) -> String {
        func number(_ x: BigInt) -> String { "\(x).0\(f)" }
        if c.isInteger { return number(c.numerator) }
        return "(\(number(c.numerator)) / \(number(c.denominator)))"
    }

    func source() -> String {
        let s = scheme.shape
        let counts = programs.counts
        var out: [String] = []
        out.append("/* Generated by fmm: the bilinear algorithm for <\(s.n),\(s.m),\(s.p)> with \(scheme.rank) multiplications.")
        for line in options.description { out.append(" * \(line.replacingOccurrences(of: "*/", with: "* /"))") }
        out.append(" *")
        out.append(" * C (M x N) = A (M x K) * B (K x N), row-major with leading dimensions lda, ldb, ldc, any sizes.")
        out.append(" * The scheme is applied up to L = \(options.levels) level(s) to the part of each problem divisible by")
        out.append(" * \(s.n), \(s.m), \(s.p) (the rest is peeled off to the leaf product), while blocks keep at least \(options.cutoff) rows")
        out.append(" * and columns. \(name) returns 0, or -1 for negative sizes, or -2 if the workspace cannot be allocated.")
        out.append(" * Leaf products: a plain loop, or cblas_\(options.useFloat ? "s" : "d")gemm when compiled with -DFMM_USE_CBLAS;")
        out.append(" * with -fopenmp the block additions run in parallel.")
        out.append(" *")
        out.append(" * Block additions per level: naive \(counts.naive) (A \(counts.naiveA), B \(counts.naiveB), C \(counts.naiveC)),")
        out.append(" * after addition reduction \(counts.reduced) (A \(counts.reducedA), B \(counts.reducedB), C \(counts.reducedC)).")
        out.append(" */")
        out.append("#include <stddef.h>")
        out.append("#include <stdlib.h>")
        out.append("#ifdef FMM_USE_CBLAS")
        out.append("#include <cblas.h>")
        out.append("#endif")
        out.append("")
        out.append(prototype + ";")
        out.append("")
        let level = scheme == Scheme.winograd ? winogradLevelFunction() : levelFunction()
        out += helpers(usedBy: level)
        out += workspaceFunction()
        out.append("")
        out += level
        out.append("")
        out.append(prototype)
        out.append("{")
        out.append("    if (M < 0 || K < 0 || N < 0) return -1;")
        out.append("    if (M == 0 || N == 0) return 0;")
        out.append("    size_t size = \(name)_workspace(\(options.levels), M, K, N);")
        out.append("    \(t) *work = size ? malloc(size * sizeof(\(t))) : NULL;")
        out.append("    if (size && !work) return -2;")
        out.append("    \(name)_level(\(options.levels), M, K, N, 1, A, lda, B, ldb, 0, C, ldc, work);")
        out.append("    free(work);")
        out.append("    return 0;")
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }

    /// Whether a level of the scheme applies to an M×K by K×N problem (C expression).
    var recurses: String {
        let s = scheme.shape
        return "level > 0 && M >= \(s.n * options.cutoff) && K >= \(s.m * options.cutoff) && N >= \(s.p * options.cutoff)"
    }

    /// The workspace (in elements) of `level` levels on an M×K by K×N problem: each level's
    /// temporaries on its blocks, then the next level's on the blocks' problem.
    func workspaceFunction() -> [String] {
        let s = scheme.shape
        let perLevel = scheme == Scheme.winograd ? ["((size_t)bm * bk > (size_t)bm * bn ? (size_t)bm * bk : (size_t)bm * bn)", "(size_t)bk * bn"]
            : workspaceLayout.map { "\($0.count) * \(["sa": "(size_t)bm * bk", "sb": "(size_t)bk * bn", "sc": "(size_t)bm * bn"][$0.size]!)" }
        return [
            "/* Elements of workspace that \(name)_level needs for (level, M, K, N). */",
            "static size_t \(name)_workspace(int level, int M, int K, int N)",
            "{",
            "    if (!(\(recurses))) return 0;",
            "    const int bm = M / \(s.n), bk = K / \(s.m), bn = N / \(s.p);",
            "    return " + (perLevel.isEmpty ? "" : perLevel.joined(separator: " + ") + " + ") + "\(name)_workspace(level - 1, bm, bk, bn);",
            "}",
        ]
    }

    /// Winograd's form (`Scheme.winograd`) in the memory-lean schedule of Douglas, Heroux,
    /// Slishman and Smith (DGEFMM, 1994): the 15 block additions with two temporaries, X (a block
    /// of A or of C) and Y (a block of B), the blocks of C serving as the others; every product is
    /// computed with alpha = 1, beta = 0 into a fresh block. A call with other alpha or beta (none
    /// is made by this file) goes to the leaf product.
    func winogradLevelFunction() -> [String] {
        func a(_ i: Int, _ j: Int) -> String { "A + (size_t)\(i) * bm * lda + (size_t)\(j) * bk" }
        func b(_ j: Int, _ k: Int) -> String { "B + (size_t)\(j) * bk * ldb + (size_t)\(k) * bn" }
        func c(_ i: Int, _ k: Int) -> String { "C + (size_t)\(i) * bm * ldc + (size_t)\(k) * bn" }
        func product(_ left: String, _ ldl: String, _ right: String, _ ldr: String, into target: String, _ ld: String) -> String {
            "    \(name)_level(level - 1, bm, bk, bn, 1, \(left), \(ldl), \(right), \(ldr), 0, \(target), \(ld), next);"
        }
        return [
            "static void \(name)_level(int level, int M, int K, int N, \(t) alpha, const \(t) *A, int lda, const \(t) *B, int ldb, \(t) beta, \(t) *C, int ldc, \(t) *work)",
            "{",
            "    if (!(\(recurses)) || alpha != 1 || beta != 0) { \(name)_gemm(M, K, N, alpha, A, lda, B, ldb, beta, C, ldc); return; }",
            "    const int bm = M / 2, bk = K / 2, bn = N / 2;",
            "    const int Mc = bm * 2, Kc = bk * 2, Nc = bn * 2;",
            "    \(t) *X = work, *Y = work + ((size_t)bm * bk > (size_t)bm * bn ? (size_t)bm * bk : (size_t)bm * bn);",
            "    \(t) *next = Y + (size_t)bk * bn;",
            "    \(name)_combine(bm, bk, X, bk, 1, \(a(0, 0)), lda, -1, \(a(1, 0)), lda);   /* S3 = A11 - A21 */",
            "    \(name)_combine(bk, bn, Y, bn, 1, \(b(1, 1)), ldb, -1, \(b(0, 1)), ldb);   /* T3 = B22 - B12 */",
            product("X", "bk", "Y", "bn", into: c(1, 0), "ldc") + "   /* C21 = P7 */",
            "    \(name)_combine(bm, bk, X, bk, 1, \(a(1, 0)), lda, 1, \(a(1, 1)), lda);   /* S1 = A21 + A22 */",
            "    \(name)_combine(bk, bn, Y, bn, 1, \(b(0, 1)), ldb, -1, \(b(0, 0)), ldb);   /* T1 = B12 - B11 */",
            product("X", "bk", "Y", "bn", into: c(1, 1), "ldc") + "   /* C22 = P5 */",
            "    \(name)_axpby(bm, bk, X, bk, -1, \(a(0, 0)), lda, 1);   /* S2 = S1 - A11 */",
            "    \(name)_axpby(bk, bn, Y, bn, 1, \(b(1, 1)), ldb, -1);   /* T2 = B22 - T1 */",
            product("X", "bk", "Y", "bn", into: c(0, 1), "ldc") + "   /* C12 = P6 */",
            "    \(name)_axpby(bm, bk, X, bk, 1, \(a(0, 1)), lda, -1);   /* S4 = A12 - S2 */",
            product("X", "bk", b(1, 1), "ldb", into: c(0, 0), "ldc") + "   /* C11 = P3 */",
            product(a(0, 0), "lda", b(0, 0), "ldb", into: "X", "bn") + "   /* X = P1 */",
            "    \(name)_axpby(bm, bn, \(c(0, 1)), ldc, 1, X, bn, 1);   /* C12 = U2 = P1 + P6 */",
            "    \(name)_axpby(bm, bn, \(c(1, 0)), ldc, 1, \(c(0, 1)), ldc, 1);   /* C21 = U3 = U2 + P7 */",
            "    \(name)_axpby(bm, bn, \(c(0, 1)), ldc, 1, \(c(1, 1)), ldc, 1);   /* C12 = U4 = U2 + P5 */",
            "    \(name)_axpby(bm, bn, \(c(1, 1)), ldc, 1, \(c(1, 0)), ldc, 1);   /* C22 = U3 + P5 */",
            "    \(name)_axpby(bm, bn, \(c(0, 1)), ldc, 1, \(c(0, 0)), ldc, 1);   /* C12 = U4 + P3 */",
            "    \(name)_axpby(bk, bn, Y, bn, -1, \(b(1, 0)), ldb, 1);   /* T4 = T2 - B21 */",
            product(a(1, 1), "lda", "Y", "bn", into: c(0, 0), "ldc") + "   /* C11 = P4 */",
            "    \(name)_axpby(bm, bn, \(c(1, 0)), ldc, -1, \(c(0, 0)), ldc, 1);   /* C21 = U3 - P4 */",
            product(a(0, 1), "lda", b(1, 0), "ldb", into: c(0, 0), "ldc") + "   /* C11 = P2 */",
            "    \(name)_axpby(bm, bn, \(c(0, 0)), ldc, 1, X, bn, 1);   /* C11 = P1 + P2 */",
            "    /* The peel: the inner columns beyond Kc, then the columns beyond Nc and the rows beyond Mc. */",
            "    if (K > Kc) \(name)_gemm(Mc, K - Kc, Nc, 1, A + Kc, lda, B + (size_t)Kc * ldb, ldb, 1, C, ldc);",
            "    if (N > Nc) \(name)_gemm(Mc, K, N - Nc, 1, A, lda, B + Nc, ldb, 0, C + Nc, ldc);",
            "    if (M > Mc) \(name)_gemm(M - Mc, K, N, 1, A + (size_t)Mc * lda, lda, B, ldb, 0, C + (size_t)Mc * ldc, ldc);",
            "}",
        ]
    }

    var prototype: String {
        "int \(name)(int M, int K, int N, const \(t) *A, int lda, const \(t) *B, int ldb, \(t) *C, int ldc)"
    }

    /// The static helpers, without those `body` never calls (-Wunused-function).
    func helpers(usedBy body: [String]) -> [String] {
        let all: [String] = [
            "/* C = alpha * A * B + beta * C for one leaf block (C is not read when beta == 0). */",
            "static void \(name)_gemm(int M, int K, int N, \(t) alpha, const \(t) *A, int lda, const \(t) *B, int ldb, \(t) beta, \(t) *C, int ldc)",
            "{",
            "#ifdef FMM_USE_CBLAS",
            "    cblas_\(options.useFloat ? "s" : "d")gemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);",
            "#else",
            "    for (int i = 0; i < M; i++) {",
            "        \(t) *c = C + (size_t)i * ldc;",
            "        if (beta == 0) { for (int j = 0; j < N; j++) c[j] = 0; }",
            "        else if (beta != 1) { for (int j = 0; j < N; j++) c[j] *= beta; }",
            "        for (int k = 0; k < K; k++) {",
            "            const \(t) a = alpha * A[(size_t)i * lda + k];",
            "            const \(t) *b = B + (size_t)k * ldb;",
            "            for (int j = 0; j < N; j++) c[j] += a * b[j];",
            "        }",
            "    }",
            "#endif",
            "}",
            "",
            "/* D = a * X + b * Y (rows x cols); D overlaps neither X nor Y. */",
            "static void \(name)_combine(int rows, int cols, \(t) *restrict D, int ldd, \(t) a, const \(t) *restrict X, int ldx, \(t) b, const \(t) *restrict Y, int ldy)",
            "{",
            "#ifdef _OPENMP",
            "#pragma omp parallel for",
            "#endif",
            "    for (int i = 0; i < rows; i++)",
            "        for (int j = 0; j < cols; j++) D[(size_t)i * ldd + j] = a * X[(size_t)i * ldx + j] + b * Y[(size_t)i * ldy + j];",
            "}",
            "",
            "/* D = sum of c[t] * X[t] over t < count (rows x cols), one pass over memory: each row of D is",
            "   accumulated while it is in cache. D overlaps no X[t]. */",
            "static void \(name)_sum(int rows, int cols, \(t) *restrict D, int ldd, int count, const \(t) *const *X, const int *ldx, const \(t) *c)",
            "{",
            "#ifdef _OPENMP",
            "#pragma omp parallel for",
            "#endif",
            "    for (int i = 0; i < rows; i++) {",
            "        \(t) *restrict d = D + (size_t)i * ldd;",
            "        const \(t) *restrict x = X[0] + (size_t)i * ldx[0];",
            "        for (int j = 0; j < cols; j++) d[j] = c[0] * x[j];",
            "        for (int t = 1; t < count; t++) {",
            "            const \(t) *restrict y = X[t] + (size_t)i * ldx[t];",
            "            const \(t) a = c[t];",
            "            for (int j = 0; j < cols; j++) d[j] += a * y[j];",
            "        }",
            "    }",
            "}",
            "",
            "/* D[t] = a[t] * P + b[t] * D[t] for t < count (rows x cols), reading P once; D[t] is not read",
            "   when b[t] == 0. The D[t] are distinct blocks and do not overlap P. */",
            "static void \(name)_scatter(int rows, int cols, const \(t) *restrict P, int ldp, int count, \(t) *const *D, int ldd, const \(t) *a, const \(t) *b)",
            "{",
            "#ifdef _OPENMP",
            "#pragma omp parallel for",
            "#endif",
            "    for (int i = 0; i < rows; i++) {",
            "        const \(t) *restrict p = P + (size_t)i * ldp;",
            "        for (int t = 0; t < count; t++) {",
            "            \(t) *restrict d = D[t] + (size_t)i * ldd;",
            "            const \(t) x = a[t], y = b[t];",
            "            if (y == 0) { for (int j = 0; j < cols; j++) d[j] = x * p[j]; }",
            "            else if (y == 1) { for (int j = 0; j < cols; j++) d[j] += x * p[j]; }",
            "            else { for (int j = 0; j < cols; j++) d[j] = x * p[j] + y * d[j]; }",
            "        }",
            "    }",
            "}",
            "",
            "/* D = a * X + b * D (rows x cols); D is not read when b == 0; D does not overlap X. */",
            "static void \(name)_axpby(int rows, int cols, \(t) *D, int ldd, \(t) a, const \(t) *X, int ldx, \(t) b)",
            "{",
            "    \(name)_scatter(rows, cols, X, ldx, 1, &D, ldd, &a, &b);",
            "}",
            "",
            "/* D = b * D (rows x cols); zero when b == 0. */",
            "static void \(name)_scale(int rows, int cols, \(t) *D, int ldd, \(t) b)",
            "{",
            "    for (int i = 0; i < rows; i++)",
            "        for (int j = 0; j < cols; j++) D[(size_t)i * ldd + j] = b == 0 ? 0 : b * D[(size_t)i * ldd + j];",
            "}",
            "",
        ]
        // Helpers are separated by blank lines; keep the blocks whose function is called.
        var blocks: [[String]] = [[]]
        for line in all {
            if line.isEmpty { blocks.append([]) } else { blocks[blocks.count - 1].append(line) }
        }
        func function(_ block: [String]) -> String? {
            block.first(where: { $0.hasPrefix("static void ") }).flatMap { $0.dropFirst("static void ".count).split(separator: "(").first.map(String.init) }
        }
        // A helper stays when the body or a helper that stays calls it.
        var text = body.joined(separator: "\n")
        var kept = Set<String>()
        while true {
            let called = Set(blocks.compactMap(function).filter { text.contains("\($0)(") })
            if called == kept { break }
            kept = called
            text = (body + blocks.filter { function($0).map(kept.contains) ?? false }.flatMap { $0 }).joined(separator: "\n")
        }
        return blocks.filter { function($0).map(kept.contains) ?? false }.flatMap { $0 + [""] }
    }

    /// How one level uses its products: those an output temporary needs (kept until the
    /// temporaries are formed, with their slots), the C blocks each product or output temporary
    /// feeds, and the products computed straight into their single C block.
    struct ProductPlan {
        let kept: [Int]
        let keptSlot: [Int: Int]
        let uses: [Int: [(z: Int, c: Rational)]]
        let fused: Set<Int>
        let needsProductBuffer: Bool
    }

    var plan: ProductPlan {
        var kept = Set<Int>()
        for temp in programs.output.temporaries {
            for v in [temp.x, temp.y] where v < scheme.rank { kept.insert(v) }
        }
        var uses: [Int: [(z: Int, c: Rational)]] = [:]
        for (z, form) in programs.output.forms.enumerated() {
            for term in form { uses[term.variable, default: []].append((z, term.coefficient)) }
        }
        let fused = Set((0..<scheme.rank).filter { !kept.contains($0) && uses[$0]?.count == 1 })
        let order = kept.sorted()
        return ProductPlan(kept: order, keptSlot: Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) }), uses: uses, fused: fused,
                           needsProductBuffer: (0..<scheme.rank).contains { !kept.contains($0) && !fused.contains($0) })
    }

    /// The workspace of one level, in order: left temporaries, left scratch, right temporaries,
    /// right scratch, kept products, output temporaries, product buffer; each as (label, block
    /// size: "sa" = bm·bk, "sb" = bk·bn, "sc" = bm·bn, count), those with a count above zero.
    var workspaceLayout: [(label: String, size: String, count: Int)] {
        let plan = plan
        func needsScratch(_ forms: [[(variable: Int, coefficient: Rational)]]) -> Bool { forms.contains { $0.count > 1 } }
        let layout: [(label: String, size: String, count: Int)] = [
            ("TA", "sa", programs.left.temporaries.count), ("SA", "sa", needsScratch(programs.left.forms) ? 1 : 0),
            ("TB", "sb", programs.right.temporaries.count), ("SB", "sb", needsScratch(programs.right.forms) ? 1 : 0),
            ("KP", "sc", plan.kept.count), ("TC", "sc", programs.output.temporaries.count), ("P", "sc", plan.needsProductBuffer ? 1 : 0),
        ]
        return layout.filter { $0.count > 0 }
    }

    /// One application of the scheme computing C = alpha·A·B + beta·C (beta 0 or 1), recursing
    /// into itself for the products, with the peel of sizes not divisible by n, m, p done by the
    /// leaf product. A product that feeds a single block of C is computed straight into it (its
    /// coefficient folded into alpha, beta applied on the block's first contribution); a product
    /// that feeds several is written once and added to all of them in one pass (`_scatter`), or,
    /// when beta is 0 and a destination is still untouched, computed into that block and copied
    /// from there. No pass zeroes C. The level's temporaries lie at the start of `work`, the
    /// next level's after them.
    func levelFunction() -> [String] {
        let s = scheme.shape
        let (left, right, output) = (programs.left, programs.right, programs.output)
        let plan = plan
        let layout = workspaceLayout

        var lines: [String] = []
        lines.append("static void \(name)_level(int level, int M, int K, int N, \(t) alpha, const \(t) *A, int lda, const \(t) *B, int ldb, \(t) beta, \(t) *C, int ldc, \(t) *work)")
        lines.append("{")
        lines.append("    if (!(\(recurses))) { \(name)_gemm(M, K, N, alpha, A, lda, B, ldb, beta, C, ldc); return; }")
        lines.append("    const int bm = M / \(s.n), bk = K / \(s.m), bn = N / \(s.p);")
        lines.append("    const int Mc = bm * \(s.n), Kc = bk * \(s.m), Nc = bn * \(s.p);")
        if !layout.isEmpty {
            lines.append("    const size_t " + Set(layout.map(\.size)).sorted().map { ["sa": "sa = (size_t)bm * bk", "sb": "sb = (size_t)bk * bn", "sc": "sc = (size_t)bm * bn"][$0]! }.joined(separator: ", ") + ";")
        }
        var offset = "work"
        for (label, size, count) in layout {
            lines.append("    \(t) *\(label) = \(offset);")
            offset = "\(label) + \(count) * \(size)"
        }
        lines.append("    \(t) *next = \(offset);")
        func aBlock(_ x: Int) -> (String, String) {
            x < s.uCount ? ("A + (size_t)\(x / s.m) * bm * lda + (size_t)\(x % s.m) * bk", "lda")
                : ("TA + \(x - s.uCount) * sa", "bk")
        }
        func bBlock(_ x: Int) -> (String, String) {
            x < s.vCount ? ("B + (size_t)\(x / s.p) * bk * ldb + (size_t)\(x % s.p) * bn", "ldb")
                : ("TB + \(x - s.vCount) * sb", "bn")
        }
        func product(_ r: Int) -> String {
            r < scheme.rank ? (plan.keptSlot[r].map { "KP + \($0) * sc" } ?? "P") : "TC + \(r - scheme.rank) * sc"
        }
        // Form z = k·n + i is block C(i, k).
        func cBlock(_ z: Int) -> String { "C + (size_t)\(z % s.n) * bm * ldc + (size_t)\(z / s.n) * bn" }
        var touched = Set<Int>()
        func betaFor(_ z: Int) -> String {
            defer { touched.insert(z) }
            return touched.contains(z) ? "1" : "beta"
        }
        for (j, temp) in left.temporaries.enumerated() {
            let (x, lx) = aBlock(temp.x), (y, ly) = aBlock(temp.y)
            lines.append("    \(name)_combine(bm, bk, TA + \(j) * sa, bk, 1, \(x), \(lx), \(literal(temp.lambda)), \(y), \(ly));")
        }
        for (j, temp) in right.temporaries.enumerated() {
            let (x, lx) = bBlock(temp.x), (y, ly) = bBlock(temp.y)
            lines.append("    \(name)_combine(bk, bn, TB + \(j) * sb, bn, 1, \(x), \(lx), \(literal(temp.lambda)), \(y), \(ly));")
        }
        for r in 0..<scheme.rank {
            lines.append("    /* M\(r + 1) */")
            let (l, ldl, cl) = formOperand(left.forms[r], rows: "bm", cols: "bk", scratch: "SA", block: aBlock, lines: &lines)
            let (rr, ldr, cr) = formOperand(right.forms[r], rows: "bk", cols: "bn", scratch: "SB", block: bBlock, lines: &lines)
            let call = { (scale: String, beta: String, target: String, ld: String) in
                "\(name)_level(level - 1, bm, bk, bn, \(scale), \(l), \(ldl), \(rr), \(ldr), \(beta), \(target), \(ld), next);"
            }
            if plan.fused.contains(r), let use = plan.uses[r]?.first {
                lines.append("    " + call("alpha * \(literal(use.c * cl * cr))", betaFor(use.z), cBlock(use.z), "ldc"))
                continue
            }
            let destinations = plan.uses[r] ?? []
            // When beta == 0 and a destination block is still untouched, the product can be
            // written straight into it and copied, scaled, to the other destinations.
            let first = destinations.firstIndex { !touched.contains($0.z) }
            let betas = destinations.map { betaFor($0.z) }
            var viaBuffer = ["    " + call(literal(cl * cr), "0", product(r), "bn")]
            if !destinations.isEmpty {
                viaBuffer.append("    \(name)_scatter(bm, bn, \(product(r)), bn, \(destinations.count), (\(t) *const[]){\(destinations.map { cBlock($0.z) }.joined(separator: ", "))}, ldc, "
                                 + "(const \(t)[]){\(destinations.map { "alpha * \(literal($0.c))" }.joined(separator: ", "))}, (const \(t)[]){\(betas.joined(separator: ", "))});")
            }
            if let first, !plan.kept.contains(r) {
                let home = destinations[first]
                let others = destinations.indices.filter { $0 != first }
                lines.append("    if (beta == 0) {")
                lines.append("        " + call("alpha * \(literal(home.c * cl * cr))", "0", cBlock(home.z), "ldc"))
                if !others.isEmpty {
                    lines.append("        \(name)_scatter(bm, bn, \(cBlock(home.z)), ldc, \(others.count), (\(t) *const[]){\(others.map { cBlock(destinations[$0].z) }.joined(separator: ", "))}, ldc, "
                                 + "(const \(t)[]){\(others.map { literal(destinations[$0].c / home.c) }.joined(separator: ", "))}, (const \(t)[]){\(others.map { betas[$0] }.joined(separator: ", "))});")
                }
                lines.append("    } else {")
                lines += viaBuffer.map { "    " + $0 }
                lines.append("    }")
            } else {
                lines += viaBuffer
            }
        }
        for (j, temp) in output.temporaries.enumerated() {
            lines.append("    \(name)_combine(bm, bn, TC + \(j) * sc, bn, 1, \(product(temp.x)), bn, \(literal(temp.lambda)), \(product(temp.y)), bn);")
            for use in plan.uses[scheme.rank + j] ?? [] {
                lines.append("    \(name)_axpby(bm, bn, \(cBlock(use.z)), ldc, alpha * \(literal(use.c)), TC + \(j) * sc, bn, \(betaFor(use.z)));")
            }
        }
        for z in 0..<s.wCount where !touched.contains(z) {
            lines.append("    \(name)_scale(bm, bn, \(cBlock(z)), ldc, beta);")
        }
        lines.append("    /* The peel: the inner columns beyond Kc, then the columns beyond Nc and the rows beyond Mc. */")
        lines.append("    if (K > Kc) \(name)_gemm(Mc, K - Kc, Nc, alpha, A + Kc, lda, B + (size_t)Kc * ldb, ldb, 1, C, ldc);")
        lines.append("    if (N > Nc) \(name)_gemm(Mc, K, N - Nc, alpha, A, lda, B + Nc, ldb, beta, C + Nc, ldc);")
        lines.append("    if (M > Mc) \(name)_gemm(M - Mc, K, N, alpha, A + (size_t)Mc * lda, lda, B, ldb, beta, C + (size_t)Mc * ldc, ldc);")
        lines.append("}")
        return lines
    }

    /// The operand of a product and a scalar to fold into it: a block or temporary itself when
    /// the form is c·x, otherwise the combination written into `scratch` in one pass (scalar 1).
    func formOperand(_ form: [(variable: Int, coefficient: Rational)], rows: String, cols: String, scratch: String,
                     block: (Int) -> (String, String), lines: inout [String]) -> (String, String, Rational) {
        if form.count == 1 {
            let (x, lx) = block(form[0].variable)
            return (x, lx, form[0].coefficient)
        }
        if form.isEmpty { return (block(0).0, block(0).1, .zero) }
        if form.count == 2 {
            let (x, lx) = block(form[0].variable), (y, ly) = block(form[1].variable)
            lines.append("    \(name)_combine(\(rows), \(cols), \(scratch), \(cols), \(literal(form[0].coefficient)), \(x), \(lx), \(literal(form[1].coefficient)), \(y), \(ly));")
            return (scratch, cols, .one)
        }
        let blocks = form.map { block($0.variable) }
        lines.append("    \(name)_sum(\(rows), \(cols), \(scratch), \(cols), \(form.count), (const \(t) *const[]){\(blocks.map(\.0).joined(separator: ", "))}, "
                     + "(const int[]){\(blocks.map(\.1).joined(separator: ", "))}, (const \(t)[]){\(form.map { literal($0.coefficient) }.joined(separator: ", "))});")
        return (scratch, cols, .one)
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        var result = "", rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
