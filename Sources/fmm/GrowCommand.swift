import ArgumentParser
import Catalogue
import Foundation
import SchemeFormats
import SchemeModel

/// `fmm grow`: a resumable search campaign over many shapes. Each slice runs one `fmm search`
/// (a child process, one core) on the shape with the most to gain, with a method and seed the
/// journal has not tried; what improves is stored by the search itself (checked exactly), and
/// every slice is recorded in the store's campaign journal.
struct GrowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grow",
        abstract: "Grow the catalogue by a search campaign over many shapes, resumable from its journal.",
        discussion: """
        Every shape 2 ≤ n ≤ m ≤ p ≤ --max (or --shapes) first gets an entry (the naive scheme, restrictions and derivations of stored \
        entries). Then, slice after slice, the shape with the largest gap to the best known rank and ring per second of slice (less for \
        shapes tried since they last improved) gets one search: a GF(2) walk lifted to Z/Q from a scrambled restriction of a larger entry, \
        from the naive scheme with fresh descents, from its catalogue entry or cyclic-symmetric; or a ternary walk over Z from the naive \
        scheme, a restriction or its ZT entry. Each slice is appended to campaign/journal.jsonl in the store, so a stopped campaign \
        resumes with the methods and seeds it has not tried. Shards (--shard i/N) take every N-th shape; their stores merge with fmm merge.
        """
    )

    @Option(help: "Largest dimension of the shapes (2...16).")
    var max = 8

    @Option(help: "Comma-separated shapes instead of all up to --max, e.g. 2x4x6,3x3x6.")
    var shapes: String?

    @Option(help: "Wall-clock hours the campaign runs.")
    var hours: Double = 1

    @Option(help: "Seconds of one slice on 4x4x4; other shapes scale with n·m·p (a quarter to four times).")
    var slice: Double = 300

    @Option(help: "Stop after this many slices.")
    var slices: Int?

    @Option(help: "Searches run at once (one core each), on different shapes.")
    var threads = 1

    @Option(help: "Shard i/N: this campaign takes every N-th shape, starting at the i-th.")
    var shard: String?

    @Option(help: "Comma-separated methods the campaign may use (e.g. z-extension,z-catalogue); default: all.")
    var methods: String?

    @Flag(help: "Print a JSON summary of what changed.")
    var json = false

    @Flag(help: "Search nothing: list the shapes still short of the best known rank or ring, with what the journal says was tried on each (slices, wall and CPU seconds, methods).")
    var report = false

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let (scope, shardParts) = try validatedScope()
        let allowed = try allowedMethods()
        let store = storeOptions.resolved
        let journal = CampaignJournal(storeRoot: store.root, shard: shardParts)
        if report {
            let campaign = CampaignReport(standings: scope.map { ShapeStanding(shape: $0, store: store) }, attempts: journal.read().attempts)
            print(json ? campaign.json.serialized() : campaign.text)
            return
        }
        let began = Date()
        let deadline = began.addingTimeInterval(hours * 3600)
        progress("giving every shape an entry (naive, restrictions, derivations)")
        try addMissingEntries(scope, to: store)
        let initialStandings = scope.map { ShapeStanding(shape: $0, store: store) }
        let initial = Dictionary(uniqueKeysWithValues: initialStandings.map { ($0.shape, $0.summary) })
        let (earlier, unreadable) = journal.read()
        if unreadable > 0 { printError("fmm grow: skipped \(unreadable) unreadable journal lines in \(journal.folder.path)") }
        let open = initialStandings.filter { $0.value > 0 }.count
        progress("\(scope.count) shapes, \(open) short of the best known rank or ring; journal \(journal.path) (\(earlier.count) earlier slices)")

        let runner = SliceRunner(store: store, executable: Self.executable, shard: shard)
        let planner = CampaignPlanner(baseSlice: slice,
                                      learnedPolicy: FileManager.default.fileExists(atPath: store.root.appendingPathComponent(GrowMethod.flipPolicyPath).path),
                                      allowedMethods: allowed)
        var running: [RunningSlice] = []
        var started = 0, finished = 0
        var lastRefresh = Date(), refreshDue = false
        var progressLine = ProgressLine()
        // Ctrl-C or SIGTERM: stop the running searches, journal them as stopped, and finish.
        let stop = StopSignal.install()
        var stopping: Date?
        while true {
            if stopping == nil, stop.signal != nil {
                stopping = Date()
                progress("stopping: ending \(running.count) running slice\(running.count == 1 ? "" : "s")")
                for slice in running where slice.process.isRunning { slice.process.terminate() }
            }
            // A search that has not ended 10 s after SIGTERM is killed.
            if let stopping, Date().timeIntervalSince(stopping) > 10 {
                for slice in running where slice.process.isRunning { kill(slice.process.processIdentifier, SIGKILL) }
            }
            let now = Date()
            let remaining = deadline.timeIntervalSince(now)
            while stopping == nil, running.count < threads, remaining > 1, started < (slices ?? .max) {
                let leverage = DerivationLeverage(store: store, maxDimension: Swift.max(max, maxDimension(scope)))
                let standings = scope.map { ShapeStanding(shape: $0, store: store, leverage: leverage) }
                let attempts = journal.read().attempts
                guard let choice = planner.next(standings: standings, attempts: attempts, busy: Set(running.map(\.choice.shape))) else { break }
                let seconds = Swift.min(planner.sliceSeconds(for: choice.shape), remaining)
                let standing = standings.first { $0.shape == choice.shape }!
                running.append(try runner.start(choice, seconds: seconds, standing: standing))
                started += 1
                progress("slice \(started): \(choice.shape) \(choice.method.rawValue) seed \(choice.seed), \(Int(seconds)) s (catalogue \(standing.rankText), known \(standing.knownText)\(standing.unlocks > 0 ? "; would bring \(standing.unlocks) more by derivation" : ""))")
            }
            if running.isEmpty { break }
            Thread.sleep(forTimeInterval: 0.5)
            for slice in running where !slice.process.isRunning {
                // A Ctrl-C reaches the searches too (one process group), often before this loop sees it.
                let attempt = runner.finish(slice, stopped: stop.signal != nil)
                try journal.append(attempt)
                finished += 1
                let standing = ShapeStanding(shape: slice.choice.shape, store: store)
                progress("slice done: \(slice.choice.shape) \(slice.choice.method.rawValue) seed \(slice.choice.seed): \(attempt.outcome)\(attempt.message.map { " (\($0))" } ?? ""); catalogue \(standing.rankText), known \(standing.knownText)")
                if attempt.outcome == "improved" { refreshDue = true }
            }
            running.removeAll { !$0.process.isRunning }
            if refreshDue, Date().timeIntervalSince(lastRefresh) > 600 {
                progress("deriving from the improved entries")
                _ = try DerivedEntries(store: store, shapes: scope, maxDimension: maxDimension(scope), command: "grow").addDerivations()
                _ = try store.removeDominatedEntries()
                (lastRefresh, refreshDue) = (Date(), false)
            }
            if running.isEmpty { continue }
            let elapsed = Date().timeIntervalSince(began)
            let line = running.map { "\($0.choice.shape) \($0.choice.method.rawValue) best \($0.bestRank.map(String.init) ?? "-") / \($0.known.map(String.init) ?? "?"), \(Int(Swift.max(0, $0.seconds - Date().timeIntervalSince($0.began)))) s left" }
            progressLine.show(String(format: "[%.0f / %.0f s] ", elapsed, hours * 3600) + line.joined(separator: " | "), elapsed: elapsed, final: false)
        }
        if refreshDue || finished == 0 {
            _ = try DerivedEntries(store: store, shapes: scope, maxDimension: maxDimension(scope), command: "grow").addDerivations()
        }
        _ = try store.removeDominatedEntries()
        summarize(scope: scope, initial: initial, store: store, slices: finished, seconds: Date().timeIntervalSince(began), journal: journal)
    }

    /// The campaign's shapes (sorted dimensions, this shard's share) and the shard as (i, N).
    func validatedScope() throws -> ([Shape], (index: Int, count: Int)?) {
        let shardParts = try shard.map { try parseShard($0, command: "grow") }
        guard (2...16).contains(max), hours > 0, slice > 0, (1...64).contains(threads), (slices ?? 1) >= 1 else {
            printError("fmm grow: --max must be within 2...16, --threads within 1...64, --hours, --slice and --slices positive")
            throw ExitCode(2)
        }
        var all: [Shape]
        if let shapes {
            do {
                all = try shapes.split(separator: ",").map { try Shape(parsing: String($0), limits: Limits(maxDimension: 16)).normalized }
            } catch {
                printError("fmm grow: \(error)")
                throw ExitCode(2)
            }
            all = all.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        } else {
            all = (2...max).flatMap { n in (n...max).flatMap { m in (m...max).map { Shape(n, m, $0) } } }
        }
        guard !all.isEmpty else {
            printError("fmm grow: no shapes given")
            throw ExitCode(2)
        }
        let scope = all.enumerated().filter { item in shardParts.map { item.offset % $0.count == $0.index } ?? true }.map(\.element)
        return (scope, shardParts)
    }

    /// The methods named by --methods (nil: all); an unknown name is a one-line error.
    func allowedMethods() throws -> Set<GrowMethod>? {
        guard let methods else { return nil }
        let names = methods.split(separator: ",").map(String.init)
        let parsed = names.compactMap(GrowMethod.init(rawValue:))
        guard !names.isEmpty, parsed.count == names.count else {
            printError("fmm grow: --methods takes a comma-separated list of \(GrowMethod.allCases.map(\.rawValue).joined(separator: ", "))")
            throw ExitCode(2)
        }
        return Set(parsed)
    }

    func maxDimension(_ shapes: [Shape]) -> Int { shapes.map { Swift.max($0.n, $0.m, $0.p) }.max() ?? 2 }

    /// The naive scheme where a shape has no entry, then restrictions and derivations of the
    /// stored entries where they are better, and dominated entries removed.
    func addMissingEntries(_ scope: [Shape], to store: Store) throws {
        for shape in scope where store.entries(anyOrderingOf: shape).isEmpty {
            _ = try writingTo(store, command: "grow") {
                try store.add(Scheme.naive(shape), provenance: Provenance(method: "definition", source: "naive algorithm", date: isoDate(), fmmVersion: FMMVersion.string))
            }
        }
        _ = try DerivedEntries(store: store, shapes: scope, maxDimension: maxDimension(scope), command: "grow").addAll()
        _ = try store.removeDominatedEntries()
    }

    /// A campaign message on standard error, on its own line.
    func progress(_ text: String) { writeToStandardError((isatty(STDERR_FILENO) != 0 ? "\r\u{1B}[K" : "") + text + "\n") }

    /// What changed for each shape since the campaign began, as text or JSON.
    func summarize(scope: [Shape], initial: [Shape: ShapeStanding.Summary], store: Store, slices: Int, seconds: Double, journal: CampaignJournal) {
        let changes = scope.compactMap { shape -> (Shape, ShapeStanding.Summary, ShapeStanding.Summary)? in
            let after = ShapeStanding(shape: shape, store: store).summary
            guard let before = initial[shape], after.improves(on: before) else { return nil }
            return (shape, before, after)
        }
        let short = scope.filter { ShapeStanding(shape: $0, store: store).value > 0 }
        if json {
            func standing(_ s: ShapeStanding.Summary) -> JSONValue {
                .object([("rank", s.rank.map { .number("\($0)") } ?? .null), ("ring", s.ring.map { .string($0) } ?? .null),
                         ("ternary_rank", s.ternaryRank.map { .number("\($0)") } ?? .null)])
            }
            print(JSONValue.object([
                ("slices", .number("\(slices)")),
                ("seconds", .number(String(format: "%.1f", seconds))),
                ("journal", .string(journal.path)),
                ("changes", .array(changes.map { .object([("shape", .string("\($0.0)")), ("before", standing($0.1)), ("after", standing($0.2))]) })),
                ("short", .array(short.map { .string("\($0)") })),
            ]).serialized())
        } else {
            print("\(slices) slices in \(String(format: "%.0f", seconds)) s; \(changes.count) shapes improved, \(short.count) of \(scope.count) still short of the best known rank or ring")
            for (shape, before, after) in changes {
                print("  \(shape): \(before.rank.map(String.init) ?? "-") (\(before.ring ?? "-")) → \(after.rank.map(String.init) ?? "-") (\(after.ring ?? "-")); ZT \(before.ternaryRank.map(String.init) ?? "-") → \(after.ternaryRank.map(String.init) ?? "-")")
            }
        }
    }

    /// This program, run again for each slice's search.
    static var executable: String { Bundle.main.executablePath ?? CommandLine.arguments[0] }
}

extension ShapeStanding {
    var rankText: String { "\(rank.map(String.init) ?? "-") (\(ring?.rawValue ?? "-"))\(ternaryRank.map { ring == .ternary ? "" : ", ZT \($0)" } ?? "")" }
    var knownText: String { known?.rankAndRing ?? "-" }
}

/// A slice's search while it runs: the child process, and what its output has said so far.
final class RunningSlice: @unchecked Sendable {
    let choice: CampaignPlanner.Choice
    let process: Process
    let seconds: Double
    let began = Date()
    let before: ShapeStanding.Summary
    let known: Int?
    private let lock = NSLock()
    private var stdout = Data()
    private var lastError = ""
    private var reportedBest: Int?

    init(choice: CampaignPlanner.Choice, process: Process, seconds: Double, before: ShapeStanding.Summary, known: Int?) {
        (self.choice, self.process, self.seconds, self.before, self.known) = (choice, process, seconds, before, known)
    }

    /// The best rank the search's progress line last reported.
    var bestRank: Int? { lock.withLock { reportedBest } }
    var output: Data { lock.withLock { stdout } }
    var lastErrorLine: String { lock.withLock { lastError } }

    func received(stdout data: Data) { lock.withLock { stdout.append(data) } }

    /// Standard error: progress lines (`… best 48 …`) and error messages.
    func received(stderr data: Data) {
        guard let text = String(data: data, encoding: .utf8) else { return }
        lock.withLock {
            for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map(String.init) where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                lastError = line.trimmingCharacters(in: .whitespaces)
                let words = line.split(separator: " ")
                if let i = words.firstIndex(of: "best"), i + 1 < words.count, let rank = Int(words[i + 1]) { reportedBest = rank }
            }
        }
    }
}

/// Starts a slice's `fmm search` and turns its end into a journal record.
struct SliceRunner {
    let store: Store
    let executable: String
    let shard: String?

    func start(_ choice: CampaignPlanner.Choice, seconds: Double, standing: ShapeStanding) throws -> RunningSlice {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        var arguments = ["search", "\(choice.shape)"] + choice.method.searchArguments(for: choice.shape, storeRoot: store.root)
        arguments += ["--seed", "\(choice.seed)", "--seconds", String(format: "%.1f", seconds), "--store", store.root.path, "--json"]
        if let known = standing.known?.rank { arguments += ["--target", "\(known)"] }
        process.arguments = arguments
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        let slice = RunningSlice(choice: choice, process: process, seconds: seconds, before: standing.summary, known: standing.known?.rank)
        out.fileHandleForReading.readabilityHandler = { handle in slice.received(stdout: handle.availableData) }
        err.fileHandleForReading.readabilityHandler = { handle in slice.received(stderr: handle.availableData) }
        do { try process.run() } catch {
            printError("fmm grow: cannot run \(executable): \(error)")
            throw ExitCode(2)
        }
        return slice
    }

    /// The journal record of a finished slice; `stopped`: the campaign ended it early.
    func finish(_ slice: RunningSlice, stopped: Bool = false) -> CampaignAttempt {
        for pipe in [slice.process.standardOutput, slice.process.standardError].compactMap({ $0 as? Pipe }) {
            pipe.fileHandleForReading.readabilityHandler = nil
            let rest = pipe.fileHandleForReading.readDataToEndOfFile()
            if pipe === slice.process.standardOutput as? Pipe { slice.received(stdout: rest) } else { slice.received(stderr: rest) }
        }
        let summary = try? JSONValue.parse([UInt8](slice.output))
        let after = ShapeStanding(shape: slice.choice.shape, store: store).summary
        let status = slice.process.terminationStatus
        let outcome: String
        var message: String?
        if after.improves(on: slice.before) {
            outcome = "improved"
        } else if stopped && (status != 0 || summary == nil) {
            outcome = "stopped"
        } else if status != 0 || summary == nil {
            message = slice.lastErrorLine
            outcome = message.map(SearchCommand.saysNoStart) == true ? "inapplicable" : "failed"
        } else {
            outcome = "unchanged"
        }
        var walkRank: Int?
        var stored: String?, start: String?
        var cpuSeconds: Double?
        if case .number(let rank)? = summary?["best_rank"] { walkRank = Int(rank) }
        if case .number(let cpu)? = summary?["cpu_seconds"] { cpuSeconds = Double(cpu) }
        if case .string(let file)? = summary?["file"] { stored = file }
        if case .string(let origin)? = summary?["start"] { start = origin }
        return CampaignAttempt(shape: "\(slice.choice.shape)", method: slice.choice.method.rawValue, seed: slice.choice.seed,
                               sliceSeconds: slice.seconds, seconds: (Date().timeIntervalSince(slice.began) * 10).rounded() / 10, cpuSeconds: cpuSeconds,
                               before: slice.before, after: after, start: start, walkRank: walkRank, stored: stored, outcome: outcome,
                               message: message, shard: shard, date: isoDate())
    }
}
