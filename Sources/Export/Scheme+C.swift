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

    public init(name: String, levels: Int = 1, useFloat: Bool = false, reduceAdditions: Bool = true, description: [String] = []) {
        (self.name, self.levels, self.useFloat, self.reduceAdditions, self.description) = (name, levels, useFloat, reduceAdditions, description)
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
    /// that computes C (M×N) = A (M×K) · B (K×N), all row-major with leading dimensions, by
    /// applying the scheme `levels` times to the block grids (A as n×m blocks, B as m×p, C as n×p)
    /// and multiplying the leaf blocks with a plain loop, or `cblas_?gemm` when compiled with
    /// `-DFMM_USE_CBLAS`. Returns 0, -1 when M, K, N are not multiples of n^L, m^L, p^L, and -2
    /// when memory for the temporaries cannot be allocated. Throws for a mod-2-only scheme.
    public func cSource(_ options: CExportOptions) throws(ExportError) -> String {
        guard intendedRing == .rationals else {
            throw ExportError("this scheme holds only modulo 2, so it computes wrong real products; C export refused")
        }
        guard options.levels >= 1 && options.levels <= 8 else { throw ExportError("--levels must be within 1...8") }
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
        out.append(" * C (M x N) = A (M x K) * B (K x N), row-major with leading dimensions lda, ldb, ldc.")
        out.append(" * M, K, N must be multiples of \(s.n)^L, \(s.m)^L, \(s.p)^L with L = \(options.levels) level(s);")
        out.append(" * \(name) returns 0, or -1 if they are not, or -2 if temporaries cannot be allocated.")
        out.append(" * Leaf products: a plain loop, or cblas_\(options.useFloat ? "s" : "d")gemm when compiled with -DFMM_USE_CBLAS.")
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
        let level = levelFunction()
        out += helpers(usedBy: level)
        out += level
        out.append("")
        out.append(prototype)
        out.append("{")
        out.append("    int dn = 1, dm = 1, dp = 1;")
        out.append("    for (int l = 0; l < \(options.levels); l++) { dn *= \(s.n); dm *= \(s.m); dp *= \(s.p); }")
        out.append("    if (M < 0 || K < 0 || N < 0 || M % dn != 0 || K % dm != 0 || N % dp != 0) return -1;")
        out.append("    if (M == 0 || N == 0) return 0;")
        out.append("    return \(name)_level(\(options.levels), M, K, N, 1, A, lda, B, ldb, 0, C, ldc);")
        out.append("}")
        return out.joined(separator: "\n") + "\n"
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
            "    for (int i = 0; i < rows; i++)",
            "        for (int j = 0; j < cols; j++) D[(size_t)i * ldd + j] = a * X[(size_t)i * ldx + j] + b * Y[(size_t)i * ldy + j];",
            "}",
            "",
            "/* D = a * X + b * D (rows x cols); D is not read when b == 0; D does not overlap X. */",
            "static void \(name)_axpby(int rows, int cols, \(t) *restrict D, int ldd, \(t) a, const \(t) *restrict X, int ldx, \(t) b)",
            "{",
            "    for (int i = 0; i < rows; i++) {",
            "        \(t) *restrict d = D + (size_t)i * ldd;",
            "        const \(t) *restrict x = X + (size_t)i * ldx;",
            "        if (b == 0) { for (int j = 0; j < cols; j++) d[j] = a * x[j]; }",
            "        else if (b == 1) { for (int j = 0; j < cols; j++) d[j] += a * x[j]; }",
            "        else { for (int j = 0; j < cols; j++) d[j] = a * x[j] + b * d[j]; }",
            "    }",
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
        let text = body.joined(separator: "\n")
        return blocks.filter { block in
            guard let signature = block.first(where: { $0.hasPrefix("static void ") }),
                  let function = signature.dropFirst("static void ".count).split(separator: "(").first else { return false }
            return text.contains("\(function)(")
        }.flatMap { $0 + [""] }
    }

    /// One application of the scheme computing C = alpha·A·B + beta·C, recursing into itself for
    /// the products. A product that feeds a single block of C is computed straight into it (its
    /// coefficient folded into alpha, beta applied on the block's first contribution), so no
    /// pass zeroes C and no temporary holds it; the others go through one product buffer.
    func levelFunction() -> [String] {
        let s = scheme.shape
        let (left, right, output) = (programs.left, programs.right, programs.output)
        // Products used by an output temporary must be kept until the temporaries are formed.
        var kept = Set<Int>()
        for temp in output.temporaries {
            for v in [temp.x, temp.y] where v < scheme.rank { kept.insert(v) }
        }
        let keptOrder = kept.sorted()
        let keptSlot = Dictionary(uniqueKeysWithValues: keptOrder.enumerated().map { ($1, $0) })
        func needsScratch(_ forms: [[(variable: Int, coefficient: Rational)]]) -> Bool { forms.contains { $0.count != 1 } }
        // Which C blocks take each product (or output temporary) directly.
        var uses: [Int: [(z: Int, c: Rational)]] = [:]
        for (z, form) in output.forms.enumerated() {
            for term in form { uses[term.variable, default: []].append((z, term.coefficient)) }
        }
        let fused = Set((0..<scheme.rank).filter { !kept.contains($0) && uses[$0]?.count == 1 })
        let needsProductBuffer = (0..<scheme.rank).contains { !kept.contains($0) && !fused.contains($0) }
        // Workspace layout (in elements): left temporaries, left scratch, right temporaries,
        // right scratch, kept products, output temporaries, product buffer.
        let layout: [(String, String, Int)] = [
            ("TA", "sa", left.temporaries.count), ("SA", "sa", needsScratch(left.forms) ? 1 : 0),
            ("TB", "sb", right.temporaries.count), ("SB", "sb", needsScratch(right.forms) ? 1 : 0),
            ("KP", "sc", keptOrder.count), ("TC", "sc", output.temporaries.count), ("P", "sc", needsProductBuffer ? 1 : 0),
        ]

        var lines: [String] = []
        lines.append("static int \(name)_level(int level, int M, int K, int N, \(t) alpha, const \(t) *A, int lda, const \(t) *B, int ldb, \(t) beta, \(t) *C, int ldc)")
        lines.append("{")
        lines.append("    if (level == 0) { \(name)_gemm(M, K, N, alpha, A, lda, B, ldb, beta, C, ldc); return 0; }")
        lines.append("    const int bm = M / \(s.n), bk = K / \(s.m), bn = N / \(s.p);")
        let used = layout.filter { $0.2 > 0 }
        if !used.isEmpty {
            lines.append("    const size_t " + Set(used.map(\.1)).sorted().map { ["sa": "sa = (size_t)bm * bk", "sb": "sb = (size_t)bk * bn", "sc": "sc = (size_t)bm * bn"][$0]! }.joined(separator: ", ") + ";")
            lines.append("    \(t) *work = malloc((" + used.map { "\($0.2) * \($0.1)" }.joined(separator: " + ") + ") * sizeof(\(t)));")
            lines.append("    if (!work) return -2;")
            var offset = "work"
            for (label, size, count) in used {
                lines.append("    \(t) *\(label) = \(offset);")
                offset = "\(label) + \(count) * \(size)"
            }
        }
        let release = used.isEmpty ? "" : "free(work); "
        lines.append("    int status;")
        func aBlock(_ x: Int) -> (String, String) {
            x < s.uCount ? ("A + (size_t)\(x / s.m) * bm * lda + (size_t)\(x % s.m) * bk", "lda")
                : ("TA + \(x - s.uCount) * sa", "bk")
        }
        func bBlock(_ x: Int) -> (String, String) {
            x < s.vCount ? ("B + (size_t)\(x / s.p) * bk * ldb + (size_t)\(x % s.p) * bn", "ldb")
                : ("TB + \(x - s.vCount) * sb", "bn")
        }
        func product(_ r: Int) -> String {
            r < scheme.rank ? (keptSlot[r].map { "KP + \($0) * sc" } ?? "P") : "TC + \(r - scheme.rank) * sc"
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
            if fused.contains(r), let use = uses[r]?.first {
                lines.append("    status = \(name)_level(level - 1, bm, bk, bn, alpha * \(literal(use.c * cl * cr)), \(l), \(ldl), \(rr), \(ldr), \(betaFor(use.z)), \(cBlock(use.z)), ldc);")
            } else {
                let destinations = uses[r] ?? []
                // When beta == 0 and a destination block is still untouched, the product can be
                // written straight into it and copied, scaled, to the other destinations.
                let first = destinations.firstIndex { !touched.contains($0.z) }
                let betas = destinations.map { betaFor($0.z) }
                let viaBuffer = ["    status = \(name)_level(level - 1, bm, bk, bn, \(literal(cl * cr)), \(l), \(ldl), \(rr), \(ldr), 0, \(product(r)), bn);",
                                 "    if (status) { \(release)return status; }"]
                    + zip(destinations, betas).map { use, beta in
                        "    \(name)_axpby(bm, bn, \(cBlock(use.z)), ldc, alpha * \(literal(use.c)), \(product(r)), bn, \(beta));"
                    }
                if let first, !kept.contains(r) {
                    let home = destinations[first]
                    lines.append("    if (beta == 0) {")
                    lines.append("        status = \(name)_level(level - 1, bm, bk, bn, alpha * \(literal(home.c * cl * cr)), \(l), \(ldl), \(rr), \(ldr), 0, \(cBlock(home.z)), ldc);")
                    lines.append("        if (status) { \(release)return status; }")
                    for (i, use) in destinations.enumerated() where i != first {
                        lines.append("        \(name)_axpby(bm, bn, \(cBlock(use.z)), ldc, \(literal(use.c / home.c)), \(cBlock(home.z)), ldc, \(betas[i]));")
                    }
                    lines.append("    } else {")
                    lines += viaBuffer.map { "    " + $0 }
                    lines.append("    }")
                } else {
                    lines += viaBuffer
                }
                continue
            }
            lines.append("    if (status) { \(release)return status; }")
        }
        for (j, temp) in output.temporaries.enumerated() {
            lines.append("    \(name)_combine(bm, bn, TC + \(j) * sc, bn, 1, \(product(temp.x)), bn, \(literal(temp.lambda)), \(product(temp.y)), bn);")
            for use in uses[scheme.rank + j] ?? [] {
                lines.append("    \(name)_axpby(bm, bn, \(cBlock(use.z)), ldc, alpha * \(literal(use.c)), TC + \(j) * sc, bn, \(betaFor(use.z)));")
            }
        }
        for z in 0..<s.wCount where !touched.contains(z) {
            lines.append("    \(name)_scale(bm, bn, \(cBlock(z)), ldc, beta);")
        }
        if !used.isEmpty { lines.append("    free(work);") }
        lines.append("    return 0;")
        lines.append("}")
        return lines
    }

    /// The operand of a product and a scalar to fold into it: a block or temporary itself when
    /// the form is c·x, otherwise the combination written into `scratch` (scalar 1).
    func formOperand(_ form: [(variable: Int, coefficient: Rational)], rows: String, cols: String, scratch: String,
                     block: (Int) -> (String, String), lines: inout [String]) -> (String, String, Rational) {
        if form.count == 1 {
            let (x, lx) = block(form[0].variable)
            return (x, lx, form[0].coefficient)
        }
        if form.isEmpty { return (block(0).0, block(0).1, .zero) }
        let (x, lx) = block(form[0].variable), (y, ly) = block(form[1].variable)
        lines.append("    \(name)_combine(\(rows), \(cols), \(scratch), \(cols), \(literal(form[0].coefficient)), \(x), \(lx), \(literal(form[1].coefficient)), \(y), \(ly));")
        for term in form.dropFirst(2) {
            let (x, lx) = block(term.variable)
            lines.append("    \(name)_axpby(\(rows), \(cols), \(scratch), \(cols), \(literal(term.coefficient)), \(x), \(lx), 1);")
        }
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
