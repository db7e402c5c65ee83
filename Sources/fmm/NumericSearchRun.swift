import ArgumentParser
import Catalogue
import Checker
import Foundation
import NumericSearch
import SchemeFormats
import SchemeModel

/// `fmm search SHAPE --method numeric`: Levenberg–Marquardt from random real starts, rounded to
/// an exact scheme, checked and stored.
extension SearchCommand {
    /// The largest problem the numerical search takes, in unknowns R·(nm + mp + pn): above 1,500
    /// its steps are solved by conjugate gradients, but rounding a converged point still
    /// factors dense matrices of up to that size (8,000: ⟨2,7,8⟩ at 88).
    static let numericVariableLimit = 8000
    static let noBestEntryMessage = "--from best needs a catalogue entry"

    func runNumeric(_ shape: Shape, store: Store, seed: UInt64) throws {
        let stored = CatalogueEntry.best(of: store.entries(anyOrderingOf: shape))?.scheme.rank
        let rank = target ?? (stored ?? shape.naiveRank) - 1
        let variables = rank * (shape.uCount + shape.vCount + shape.wCount)
        guard rank >= 1, variables <= Self.numericVariableLimit else {
            printError("fmm search: --method numeric solves for R·(nm+mp+pn) ≤ \(Self.numericVariableLimit) unknowns; \(shape) at rank \(rank) has \(variables)")
            throw ExitCode(2)
        }
        guard (noise ?? 0).isFinite, (noise ?? 0) >= 0 else {
            printError("fmm search: --noise must be a finite number ≥ 0")
            throw ExitCode(2)
        }
        guard (shrinkSweeps ?? 1) >= 1 else {
            printError("fmm search: --shrink-sweeps must be at least 1")
            throw ExitCode(2)
        }
        guard threads == 1 else {
            printError("fmm search: --method numeric runs on one thread; start one process per core with different seeds")
            throw ExitCode(2)
        }
        guard !["naive", "restriction", "extension"].contains(from ?? "") else {
            printError("fmm search: --method numeric starts from random points, --from FILE or --from best, not --from \(from!)")
            throw ExitCode(2)
        }
        var start: Scheme?
        var parents: [String] = []
        var origin = "random starts"
        if from == "best" {
            guard let entry = CatalogueEntry.best(of: store.entries(anyOrderingOf: shape)), let scheme = entry.scheme.permuted(to: shape) else {
                printError("fmm search: \(Self.noBestEntryMessage) for \(shape) valid over Q")
                throw ExitCode(2)
            }
            (start, parents, origin) = (scheme, [entry.hash], "\(entry.path) less \(max(0, scheme.rank - rank)) random terms")
        } else if let from {
            do {
                guard let scheme = try SchemeFile.read(path: from).first?.scheme, let oriented = scheme.permuted(to: shape) else {
                    throw FormatError(file: from, .whole, "holds no scheme of \(shape)")
                }
                (start, parents, origin) = (oriented, [scheme.catalogueOrdering.contentHash], "\(from) less \(max(0, oriented.rank - rank)) random terms")
            } catch {
                printError("fmm search: \(error)")
                throw ExitCode(2)
            }
        }
        if let checkpoint {
            try? FileManager.default.createDirectory(atPath: checkpoint, withIntermediateDirectories: true)
        }
        let before = journal ? ShapeStanding(shape: shape, store: store).summary : nil
        // SIGINT or SIGTERM ends the run after the current start, with its summary and journal line.
        let stopSignal = StopSignal.install()
        let began = DispatchTime.now().uptimeNanoseconds
        var settings = NumericSearch.Settings(rank: rank)
        if let noise { settings.noise = noise }
        settings.shrinkSweeps = shrinkSweeps
        let search = NumericSearch(shape: shape, settings: settings)
        var unroundedCount = 0
        var writes = CatalogueWrites()
        var ring: CoefficientRing?
        var progressLine = ProgressLine()
        let (found, report) = search.run(seed: seed, deadline: began + UInt64(seconds * 1e9), from: start, accept: { scheme in
            let verdict = Checker().verify(scheme)
            guard let classified = CoefficientRing.classify(scheme, verdict), classified.holdsOverQ else { return false }
            ring = classified
            let provenance = Provenance(method: "numeric", source: "fmm search \(shape) --method numeric --target \(rank) --seed \(seed) (from \(origin), noise \(settings.noise)\(shrinkSweeps.map { ", shrunk over \($0) sweeps" } ?? ""); ALS and Levenberg–Marquardt, rationalised)",
                                        parents: parents, seed: seed, date: isoDate(), fmmVersion: FMMVersion.string)
            writes.add(scheme, provenance: provenance, to: store)
            return true
        }, unrounded: { point in
            // A converged point is rare on the open shapes: keep it for another rounding.
            guard let folder = checkpoint else { return }
            unroundedCount += 1
            let path = URL(fileURLWithPath: folder).appendingPathComponent("numeric-\(shape)-r\(rank)-seed\(seed)-\(unroundedCount).json").path
            try? SchemeFile.writeAtomically(JSONSchemeFormat.write(point), to: path)
        }, progress: { report in
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
            progressLine.show(String(format: "[%.1f s] numeric rank %d: starts %d, converged %d, lowest ‖F‖² %.2e", elapsed, rank, report.starts,
                                     report.converged, report.lowestSquaredResidual), elapsed: elapsed, final: false)
        }, stop: { stopSignal.signal != nil })
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
        if json {
            print(JSONValue.object([
                ("shape", .array([shape.n, shape.m, shape.p].map { .number("\($0)") })),
                ("method", .string(method)),
                ("target_rank", .number("\(rank)")),
                ("best_rank", found.map { .number("\($0.rank)") } ?? .null),
                ("ring", ring.map { .string($0.rawValue) } ?? .null),
                ("starts", .number("\(report.starts)")),
                ("converged", .number("\(report.converged)")),
                ("lowest_squared_residual", .number(String(format: "%.3e", report.lowestSquaredResidual.isFinite ? report.lowestSquaredResidual : -1))),
                ("seconds", .number(String(format: "%.3f", elapsed))),
                ("cpu_seconds", .number(String(format: "%.3f", ProcessUsage().cpuSeconds))),
                ("start", .string(origin)),
                ("ends_by_decade", .object(report.endsByDecade.sorted { $0.key > $1.key }.map { ("1e\($0.key)", .number("\($0.value)")) })),
                ("unrounded_points", .number("\(unroundedCount)")),
                ("seed", .number("\(seed)")),
                ("file", writes.added.map { .string($0.path) } ?? .null),
            ]).serialized())
        } else {
            let outcome = found.map { "rank \($0.rank) (\(ring?.rawValue ?? "-")); \(writes.added.map { "stored \($0.path)" } ?? "catalogue unchanged")" } ?? "nothing exact at rank \(rank)"
            print("numeric: \(outcome) after \(report.starts) starts (\(report.converged) converged)" + String(format: "\n%.1f s", elapsed))
        }
        if let failure = writes.failure {
            printError("fmm search: the store \(store.root.path) was not changed: \(failure)")
            throw ExitCode(2)
        }
        if let before {
            try journalRun(shape, store: store, before: before, elapsed: elapsed, start: origin, reached: found?.rank, stored: writes.added?.path,
                           parameters: "target \(rank), noise \(settings.noise)\(shrinkSweeps.map { ", shrink \($0) sweeps" } ?? ""), \(report.starts) starts, \(report.converged) converged",
                           stopped: stopSignal.signal != nil)
        }
    }
}
