import ArgumentParser
import Catalogue
import Foundation
import SchemeFormats

/// `fmm tune M K N`: the fastest scheme, levels and leaf size for one product on this machine,
/// written as C with the signature of `fmm export`.
struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Time the catalogue's schemes (and Winograd's form of Strassen's) at 0–4 levels with BLAS leaves for C = A·B of one size, and write the fastest as C.",
        discussion: "Needs cc and libopenblas-dev. Every candidate is compiled into one driver and timed in its own process on the same random matrices (entries in [-1, 1]), the BLAS product first; each reports its error on 256 sampled entries, relative to Σ_k |A_ik||B_kj|, against a long double sum. A candidate that loses more than two decimal digits against the BLAS product is never chosen unless --allow-error. The chosen kernel is written with the signature int NAME(int M, int K, int N, const T *A, int lda, const T *B, int ldb, T *C, int ldc) (row-major, any sizes); compile it with -lopenblas (and -fopenmp for parallel additions)."
    )

    @Argument(help: "Rows of A and C.") var m: Int
    @Argument(help: "Columns of A, rows of B.") var k: Int
    @Argument(help: "Columns of B and C.") var n: Int

    @OptionGroup var kernel: KernelOptions

    @Option(help: "Seconds of timing in all (at least one run per candidate).")
    var seconds = 60.0

    @Option(help: "Candidates timed, the BLAS product included (the best by estimated leaf savings).")
    var candidates = 8

    @Option(help: "Write the chosen kernel here (atomically); standard output when omitted.")
    var out: String?

    @Option(help: "Name of the C function.")
    var name = "fmm_tuned"

    @Flag(help: "Allow candidates that lose more than two digits of accuracy against the BLAS product.")
    var allowError = false

    @Flag(help: "Print a JSON summary instead of the table.")
    var json = false

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        guard [m, k, n].allSatisfy({ (1...65536).contains($0) }) else { throw failure("M, K and N must be within 1...65536") }
        if let problem = kernel.problem { throw failure(problem) }
        guard (2...64).contains(candidates) else { throw failure("--candidates must be within 2...64") }
        guard seconds > 0 else { throw failure("--seconds must be positive") }
        guard name.first.map({ $0.isLetter || $0 == "_" }) == true, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw failure("'\(name)' is not a C identifier")
        }
        let tuner = kernel.tuner(m: m, k: k, n: n)
        let list = tuner.candidates(store: storeOptions.forReading, limit: candidates)
        var progress = ProgressLine()
        let start = Date()
        let report: Tuner.Report
        do {
            report = try tuner.measure(list, secondsEach: seconds / Double(list.count)) { i, candidate in
                progress.show("fmm tune: [\(i + 1)/\(list.count)] \(candidate.label), \(candidate.levels) level(s)", elapsed: Date().timeIntervalSince(start), final: false)
            }
        } catch {
            throw failure("\(error)", status: 1)
        }
        progress.show("fmm tune: \(list.count) candidates timed in \(String(format: "%.0f", Date().timeIntervalSince(start))) s", elapsed: Date().timeIntervalSince(start), final: true)
        let chosen = report.chosen(useFloat: kernel.useFloat, allowingError: allowError)
        let source = try tuner.source(chosen.candidate, name: name)
        if let out {
            do { try SchemeFile.writeAtomically(source, to: out) } catch { throw failure("cannot write \(out): \(error)", status: 1) }
        }
        let summary = json ? jsonSummary(report, chosen: chosen) : table(report, chosen: chosen)
        if out == nil {
            print(source, terminator: "")
            writeToStandardError(summary + "\n")
        } else {
            print(summary)
        }
    }

    /// Prints the one-line error and gives the exit status to throw.
    func failure(_ message: String, status: Int32 = 2) -> ExitCode {
        printError("fmm tune: \(message)")
        return ExitCode(status)
    }

    func table(_ report: Tuner.Report, chosen: Tuner.Measurement) -> String {
        let flops = 2.0 * Double(m) * Double(k) * Double(n)
        var lines = ["\(m) x \(k) x \(n), \(kernel.type), \(kernel.threads) thread(s); \(report.compiler); \(report.blas)",
                     "candidate                        levels  seconds   vs BLAS  GFLOP/s  error     digits lost"]
        for measurement in report.measurements.sorted(by: { $0.seconds < $1.seconds }) {
            func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(1, w - s.count)) }
            let mark = measurement.candidate.label == chosen.candidate.label && measurement.candidate.levels == chosen.candidate.levels ? "  <- chosen" : ""
            lines.append(pad(measurement.candidate.label, 33) + pad("\(measurement.candidate.levels)", 8) + pad(String(format: "%.3f", measurement.seconds), 10)
                         + pad(String(format: "%.3fx", report.baseline.seconds / measurement.seconds), 9) + pad(String(format: "%.1f", flops / measurement.seconds / 1e9), 9)
                         + pad(String(format: "%.1e", measurement.error), 10) + String(format: "%.1f", report.digitsLost(measurement, useFloat: kernel.useFloat)) + mark)
        }
        return lines.joined(separator: "\n")
    }

    func jsonSummary(_ report: Tuner.Report, chosen: Tuner.Measurement) -> String {
        func entry(_ x: Tuner.Measurement) -> JSONValue {
            .object([("candidate", .string(x.candidate.label)), ("levels", .number("\(x.candidate.levels)")),
                     ("seconds", .number(String(format: "%.6f", x.seconds))), ("runs", .number("\(x.runs)")),
                     ("ratio_vs_blas", .number(String(format: "%.4f", report.baseline.seconds / x.seconds))),
                     ("error", .number(String(format: "%.3e", x.error))), ("digits_lost", .number(String(format: "%.2f", report.digitsLost(x, useFloat: kernel.useFloat))))])
        }
        return JSONValue.object([
            ("size", .array([m, k, n].map { .number("\($0)") })), ("type", .string(kernel.type)), ("threads", .number("\(kernel.threads)")),
            ("compiler", .string(report.compiler)), ("blas", .string(report.blas)),
            ("candidates", .array(report.measurements.map(entry))), ("chosen", entry(chosen)),
        ]).serialized()
    }
}
