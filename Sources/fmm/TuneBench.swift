import ArgumentParser
import Foundation

/// `fmm bench tune`: `fmm tune`'s search for square sizes, one line per size with the chosen
/// kernel's time against `cblas_?gemm` measured in the same run.
struct TuneBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "For each size N, time fmm tune's candidates on N×N×N (or --shape) and print the chosen kernel against cblas_?gemm (needs cc and libopenblas-dev)."
    )

    @Option(help: "Sizes N, comma separated (N×N times N×N).")
    var sizes = "2048,4096"

    @Option(help: "Instead of --sizes, one product M,K,N (e.g. 4096,2048,6144).")
    var shape: String?

    @OptionGroup var kernel: KernelOptions

    @Option(help: "Seconds of timing per size (at least one run per candidate).")
    var seconds = 60.0

    @Option(help: "Candidates per size, the BLAS product included.")
    var candidates = 6

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        var problems: [(Int, Int, Int)] = sizes.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }.map { ($0, $0, $0) }
        if let shape {
            let parts = shape.split(separator: ",").compactMap { Int($0) }
            guard parts.count == 3, parts.allSatisfy({ $0 > 0 }) else {
                printError("fmm bench tune: --shape must be M,K,N")
                throw ExitCode(2)
            }
            problems = [(parts[0], parts[1], parts[2])]
        }
        if let problem = kernel.problem {
            printError("fmm bench tune: \(problem)")
            throw ExitCode(2)
        }
        guard !problems.isEmpty else {
            printError("fmm bench tune: --sizes must name positive sizes")
            throw ExitCode(2)
        }
        let store = storeOptions.forReading
        print("size                type    threads  BLAS s     chosen                           levels  s          ratio   digits lost")
        for (m, k, n) in problems {
            let tuner = kernel.tuner(m: m, k: k, n: n)
            let list = tuner.candidates(store: store, limit: candidates)
            let report: Tuner.Report
            do { report = try tuner.measure(list, secondsEach: seconds / Double(list.count)) { _, _ in } } catch {
                printError("fmm bench tune: \(error)")
                throw ExitCode(1)
            }
            let chosen = report.chosen(useFloat: kernel.useFloat, allowingError: false)
            func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(1, w - s.count)) }
            print(pad("\(m)x\(k)x\(n)", 20) + pad(kernel.type, 8) + pad("\(kernel.threads)", 9) + pad(String(format: "%.3f", report.baseline.seconds), 11)
                  + pad(chosen.candidate.label, 33) + pad("\(chosen.candidate.levels)", 8) + pad(String(format: "%.3f", chosen.seconds), 11)
                  + pad(String(format: "%.3fx", report.baseline.seconds / chosen.seconds), 8) + String(format: "%.1f", report.digitsLost(chosen, useFloat: kernel.useFloat)))
        }
    }
}
