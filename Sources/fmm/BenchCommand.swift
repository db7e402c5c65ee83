import ArgumentParser
import Checker
import Foundation
import SchemeFormats
import SchemeModel

/// `fmm bench`: benchmarks that print figures (speed goals are checked here, never in tests).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print figures.",
        subcommands: [CheckBench.self]
    )
}

/// `fmm bench check FILE...`: reads and exactly checks every scheme in the files, `--repeat`
/// times, and prints the median time of reading, of checking and of both.
struct CheckBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Time reading and exactly checking every scheme in the files (median of runs)."
    )

    @Argument(help: "Scheme files, e.g. the AlphaTensor archives.")
    var files: [String]

    @Option(help: "Number of runs.")
    var `repeat` = 5

    func run() throws {
        var readTimes: [Double] = [], checkTimes: [Double] = []
        var schemes = 0, valid = 0
        for _ in 0..<max(1, `repeat`) {
            let start = DispatchTime.now()
            var all: [NamedScheme] = []
            for file in files { all += try SchemeFile.read(path: file) }
            let read = DispatchTime.now()
            let verdicts = all.map { Checker().verify($0.scheme) }
            let done = DispatchTime.now()
            readTimes.append(Double(read.uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
            checkTimes.append(Double(done.uptimeNanoseconds - read.uptimeNanoseconds) / 1e9)
            schemes = all.count
            valid = verdicts.filter(\.valid).count
        }
        let totals = zip(readTimes, checkTimes).map { $0 + $1 }
        func median(_ xs: [Double]) -> String { String(format: "%.3f s", xs.sorted()[xs.count / 2]) }
        print("schemes: \(schemes) (\(valid) valid), runs: \(readTimes.count), single thread")
        print("read:  \(median(readTimes))")
        print("check: \(median(checkTimes))")
        print("total: \(median(totals))")
    }
}
