import ArgumentParser
import NumericSearch
import SchemeModel

/// `fmm bench numeric`: one Levenberg–Marquardt step of the numerical search, dense against
/// conjugate gradients, at random points of the shapes and ranks given.
struct NumericBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "numeric",
        abstract: "Seconds of one damped Gauss–Newton step of fmm search --method numeric, by dense Cholesky and by preconditioned conjugate gradients, at random points (and how far the two steps differ)."
    )

    @Option(help: "Cases as SHAPE:RANK, comma separated.")
    var cases = "3x3x6:40,4x4x4:48,3x4x6:54,4x4x5:61"

    @Option(help: "Random points (seeds 1, 2, …) per case; the figures are medians.")
    var points = 3

    @Option(help: "The damping μ of the step (JᵀJ + μI)·δ = −JᵀF.")
    var damping = 1e-3

    @Option(help: "Skip the dense solve above this many unknowns (its matrix takes 8·N² bytes).")
    var denseLimit = 8000

    func run() throws {
        var parsed: [(Shape, Int)] = []
        for item in cases.split(separator: ",") {
            let parts = item.split(separator: ":")
            guard parts.count == 2, let shape = try? Shape(parsing: String(parts[0]), limits: Limits(maxDimension: 16)), let rank = Int(parts[1]), rank >= 1 else {
                printError("fmm bench numeric: --cases takes SHAPE:RANK items, e.g. 3x4x6:54; '\(item)' is not one")
                throw ExitCode(2)
            }
            let unknowns = rank * (shape.uCount + shape.vCount + shape.wCount)
            guard unknowns <= SearchCommand.numericVariableLimit else {
                printError("fmm bench numeric: \(shape) at rank \(rank) has \(unknowns) unknowns, above the search's \(SearchCommand.numericVariableLimit)")
                throw ExitCode(2)
            }
            parsed.append((shape, rank))
        }
        guard points >= 1, damping > 0, damping.isFinite else {
            printError("fmm bench numeric: --points must be at least 1 and --damping a positive number")
            throw ExitCode(2)
        }
        print("case          unknowns  dense s   iterative s  speed-up  step difference")
        for (shape, rank) in parsed {
            let runs = (1...points).compactMap { seed in
                StepComparison(shape: shape, rank: rank, seed: UInt64(seed), damping: damping,
                               dense: rank * (shape.uCount + shape.vCount + shape.wCount) <= denseLimit)
            }
            guard let first = runs.first else {
                print("\(shape):\(rank)  a solve failed (not positive definite)")
                continue
            }
            func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
            let iterative = median(runs.map(\.iterativeSeconds))
            let dense = runs.compactMap(\.denseSeconds)
            let difference = runs.compactMap(\.relativeDifference).max()
            let denseText = dense.isEmpty ? "-" : String(format: "%.3f", median(dense))
            let speedUp = dense.isEmpty ? "-" : String(format: "%.1f×", median(dense) / iterative)
            print("\("\(shape):\(rank)".padding(toLength: 14, withPad: " ", startingAt: 0))\(String(first.unknowns).padding(toLength: 10, withPad: " ", startingAt: 0))\(denseText.padding(toLength: 10, withPad: " ", startingAt: 0))\(String(format: "%.4f", iterative).padding(toLength: 13, withPad: " ", startingAt: 0))\(speedUp.padding(toLength: 10, withPad: " ", startingAt: 0))\(difference.map { String(format: "%.1e", $0) } ?? "-")")
        }
    }
}
