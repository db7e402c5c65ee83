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
        out.append("    return \(name)_level(\(options.levels), M, K, N, A, lda, B, ldb, C, ldc);")
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }

    var prototype: String {
        "int \(name)(int M, int K, int N, const \(t) *A, int lda, const \(t) *B, int ldb, \(t) *C, int ldc)"
    }

    /// The static helpers, without those `body` never calls (-Wunused-function).
    func helpers(usedBy body: [String]) -> [String] {
        let all: [String] = [
            "/* C = A * B for one leaf block. */",
            "static void \(name)_gemm(int M, int K, int N, const \(t) *A, int lda, const \(t) *B, int ldb, \(t) *C, int ldc)",
            "{",
            "#ifdef FMM_USE_CBLAS",
            "    cblas_\(options.useFloat ? "s" : "d")gemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, N, K, 1.0\(f), A, lda, B, ldb, 0.0\(f), C, ldc);",
            "#else",
            "    for (int i = 0; i < M; i++) {",
            "        \(t) *c = C + (size_t)i * ldc;",
            "        for (int j = 0; j < N; j++) c[j] = 0;",
            "        for (int k = 0; k < K; k++) {",
            "            const \(t) a = A[(size_t)i * lda + k];",
            "            const \(t) *b = B + (size_t)k * ldb;",
            "            for (int j = 0; j < N; j++) c[j] += a * b[j];",
            "        }",
            "    }",
            "#endif",
            "}",
            "",
            "/* D = alpha * X (rows x cols). */",
            "static void \(name)_set(int rows, int cols, \(t) *D, int ldd, \(t) alpha, const \(t) *X, int ldx)",
            "{",
            "    for (int i = 0; i < rows; i++)",
            "        for (int j = 0; j < cols; j++) D[(size_t)i * ldd + j] = alpha * X[(size_t)i * ldx + j];",
            "}",
            "",
            "/* D += alpha * X (rows x cols). */",
            "static void \(name)_add(int rows, int cols, \(t) *D, int ldd, \(t) alpha, const \(t) *X, int ldx)",
            "{",
            "    for (int i = 0; i < rows; i++)",
            "        for (int j = 0; j < cols; j++) D[(size_t)i * ldd + j] += alpha * X[(size_t)i * ldx + j];",
            "}",
            "",
            "/* D = X + beta * Y (rows x cols): a shared subexpression. */",
            "static void \(name)_combine(int rows, int cols, \(t) *D, int ldd, const \(t) *X, int ldx, \(t) beta, const \(t) *Y, int ldy)",
            "{",
            "    for (int i = 0; i < rows; i++)",
            "        for (int j = 0; j < cols; j++) D[(size_t)i * ldd + j] = X[(size_t)i * ldx + j] + beta * Y[(size_t)i * ldy + j];",
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

    /// One application of the scheme, recursing into itself for the products.
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
        let needsLeftScratch = left.forms.contains { !($0.count == 1 && $0[0].coefficient == .one) }
        let needsRightScratch = right.forms.contains { !($0.count == 1 && $0[0].coefficient == .one) }
        // Workspace layout (in elements): left temporaries, left scratch, right temporaries,
        // right scratch, kept products, output temporaries, product scratch.
        let aSize = "sa", bSize = "sb", cSize = "sc"
        var layout: [(String, String, Int)] = [] // (label, size symbol, count)
        layout.append(("TA", aSize, left.temporaries.count))
        layout.append(("SA", aSize, needsLeftScratch ? 1 : 0))
        layout.append(("TB", bSize, right.temporaries.count))
        layout.append(("SB", bSize, needsRightScratch ? 1 : 0))
        layout.append(("KP", cSize, keptOrder.count))
        layout.append(("TC", cSize, output.temporaries.count))
        layout.append(("P", cSize, keptOrder.count < scheme.rank ? 1 : 0))

        var lines: [String] = []
        lines.append("static int \(name)_level(int level, int M, int K, int N, const \(t) *A, int lda, const \(t) *B, int ldb, \(t) *C, int ldc)")
        lines.append("{")
        lines.append("    if (level == 0) { \(name)_gemm(M, K, N, A, lda, B, ldb, C, ldc); return 0; }")
        lines.append("    const int bm = M / \(s.n), bk = K / \(s.m), bn = N / \(s.p);")
        lines.append("    const size_t sa = (size_t)bm * bk, sb = (size_t)bk * bn, sc = (size_t)bm * bn;")
        let total = layout.filter { $0.2 > 0 }.map { "\($0.2) * \($0.1)" }.joined(separator: " + ")
        lines.append("    \(t) *work = malloc((\(total)) * sizeof(\(t)));")
        lines.append("    if (!work) return -2;")
        var offset = "work"
        for (label, size, count) in layout where count > 0 {
            lines.append("    \(t) *\(label) = \(offset);")
            offset = "\(label) + \(count) * \(size)"
        }
        lines.append("    int status = 0;")
        // Operand expressions for A-side and B-side variables: blocks or temporaries.
        func aBlock(_ x: Int) -> (String, String) {
            x < s.uCount ? ("A + (size_t)\(x / s.m) * bm * lda + (size_t)\(x % s.m) * bk", "lda")
                : ("TA + \(x - s.uCount) * sa", "bk")
        }
        func bBlock(_ x: Int) -> (String, String) {
            x < s.vCount ? ("B + (size_t)\(x / s.p) * bk * ldb + (size_t)\(x % s.p) * bn", "ldb")
                : ("TB + \(x - s.vCount) * sb", "bn")
        }
        func product(_ r: Int) -> (String, String) {
            r < scheme.rank ? (keptSlot[r].map { "KP + \($0) * sc" } ?? "P", "bn") : ("TC + \(r - scheme.rank) * sc", "bn")
        }
        func cBlock(_ z: Int) -> String {
            // Form z = k·n + i is block C(i, k).
            "C + (size_t)\(z % s.n) * bm * ldc + (size_t)\(z / s.n) * bn"
        }
        // Zero C.
        lines.append("    for (int i = 0; i < M; i++) for (int j = 0; j < N; j++) C[(size_t)i * ldc + j] = 0;")
        for (j, temp) in left.temporaries.enumerated() {
            let (x, lx) = aBlock(temp.x), (y, ly) = aBlock(temp.y)
            lines.append("    \(name)_combine(bm, bk, TA + \(j) * sa, bk, \(x), \(lx), \(literal(temp.lambda)), \(y), \(ly));")
        }
        for (j, temp) in right.temporaries.enumerated() {
            let (x, lx) = bBlock(temp.x), (y, ly) = bBlock(temp.y)
            lines.append("    \(name)_combine(bk, bn, TB + \(j) * sb, bn, \(x), \(lx), \(literal(temp.lambda)), \(y), \(ly));")
        }
        // Which C blocks take each product (or output temporary) directly.
        var uses: [Int: [(z: Int, c: Rational)]] = [:]
        for (z, form) in output.forms.enumerated() {
            for term in form { uses[term.variable, default: []].append((z, term.coefficient)) }
        }
        for r in 0..<scheme.rank {
            lines.append("    /* M\(r + 1) */")
            let (leftOperand, ldl) = formOperand(left.forms[r], rows: "bm", cols: "bk", scratch: "SA", block: aBlock, lines: &lines)
            let (rightOperand, ldr) = formOperand(right.forms[r], rows: "bk", cols: "bn", scratch: "SB", block: bBlock, lines: &lines)
            let (target, _) = product(r)
            lines.append("    status = \(name)_level(level - 1, bm, bk, bn, \(leftOperand), \(ldl), \(rightOperand), \(ldr), \(target), bn);")
            lines.append("    if (status) { free(work); return status; }")
            for use in uses[r] ?? [] {
                lines.append("    \(name)_add(bm, bn, \(cBlock(use.z)), ldc, \(literal(use.c)), \(target), bn);")
            }
        }
        for (j, temp) in output.temporaries.enumerated() {
            let (x, _) = product(temp.x), (y, _) = product(temp.y)
            lines.append("    \(name)_combine(bm, bn, TC + \(j) * sc, bn, \(x), bn, \(literal(temp.lambda)), \(y), bn);")
            for use in uses[scheme.rank + j] ?? [] {
                lines.append("    \(name)_add(bm, bn, \(cBlock(use.z)), ldc, \(literal(use.c)), TC + \(j) * sc, bn);")
            }
        }
        lines.append("    free(work);")
        lines.append("    return 0;")
        lines.append("}")
        return lines
    }

    /// The operand of a product: a block or temporary itself when the form is 1·x, otherwise the
    /// combination written into `scratch`.
    func formOperand(_ form: [(variable: Int, coefficient: Rational)], rows: String, cols: String, scratch: String,
                     block: (Int) -> (String, String), lines: inout [String]) -> (String, String) {
        if form.count == 1 && form[0].coefficient == .one { return block(form[0].variable) }
        if form.isEmpty {
            lines.append("    for (int i = 0; i < \(rows); i++) for (int j = 0; j < \(cols); j++) \(scratch)[(size_t)i * \(cols) + j] = 0;")
            return (scratch, cols)
        }
        for (i, term) in form.enumerated() {
            let (x, lx) = block(term.variable)
            lines.append("    \(name)_\(i == 0 ? "set" : "add")(\(rows), \(cols), \(scratch), \(cols), \(literal(term.coefficient)), \(x), \(lx));")
        }
        return (scratch, cols)
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
