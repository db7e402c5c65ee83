import Foundation
import SchemeFormats

/// One finished slice of a `fmm grow` campaign: which search ran on which shape, with what seed
/// and for how long, and what the catalogue held for the shape before and after.
struct CampaignAttempt: Codable, Equatable, Sendable {
    /// The shape, dimensions sorted (`2x4x6`).
    var shape: String
    /// A `GrowMethod` raw value.
    var method: String
    var seed: UInt64
    /// The slice's time limit and the time the search took (it stops early at its target).
    var sliceSeconds: Double
    var seconds: Double
    /// The CPU seconds the search used, as it reported them (absent in records before
    /// 2026-12-01 and for searches that did not finish).
    var cpuSeconds: Double?
    /// The catalogue's standing for the shape before and after the slice.
    var before: ShapeStanding.Summary
    var after: ShapeStanding.Summary
    /// Where the search started (a catalogue entry, a restriction of one, the naive scheme), as
    /// the search reported it.
    var start: String?
    /// The search's best rank (in its walk's ring, before any lift), when it reported one.
    var walkRank: Int?
    /// The entry the search stored, if any.
    var stored: String?
    /// `improved` (the standing got better), `unchanged`, `inapplicable` (the method has no start
    /// for the shape, e.g. no larger entry to restrict), `stopped` (the campaign, or a journalled
    /// numerical search, was stopped by SIGINT or SIGTERM before its time) or `failed` (the search
    /// exited abnormally).
    var outcome: String
    /// The search's last error line for `inapplicable` and `failed`.
    var message: String?
    /// For a run of `fmm search --journal`: the search's parameters as its provenance gives them.
    var parameters: String?
    /// `i/N` for a shard of a campaign.
    var shard: String?
    var date: String

    /// How much of a try the slice was: its CPU seconds over its slice (at most 1), 0 for a
    /// method that found no start. A slice that other work starved of CPU counts for what it
    /// ran; one stopped early without a CPU figure for its share of the slice's wall time; other
    /// slices without a CPU figure (older records, failures) count 1.
    var effort: Double {
        guard outcome != "inapplicable" else { return 0 }
        guard sliceSeconds > 0 else { return 1 }
        if let cpuSeconds { return min(1, cpuSeconds / sliceSeconds) }
        return outcome == "stopped" ? min(1, seconds / sliceSeconds) : 1
    }
}

/// The campaign journal in a store: `campaign/journal.jsonl` (`journal-shard-i-of-N.jsonl` for a
/// shard, `journal-search.jsonl` for journalled searches), one JSON line per finished slice,
/// appended with one `write` so that a stopped campaign leaves whole lines. Every journal file in
/// the folder is read, so the records of merged shards count for all of them.
struct CampaignJournal {
    let folder: URL
    let fileName: String

    init(storeRoot: URL, shard: (index: Int, count: Int)?) {
        self.init(storeRoot: storeRoot, fileName: shard.map { "journal-shard-\($0.index)-of-\($0.count).jsonl" } ?? "journal.jsonl")
    }

    /// The journal of `fmm search --journal` runs: `campaign/journal-search.jsonl`.
    static func searches(storeRoot: URL) -> CampaignJournal {
        CampaignJournal(storeRoot: storeRoot, fileName: "journal-search.jsonl")
    }

    private init(storeRoot: URL, fileName: String) {
        folder = storeRoot.appendingPathComponent("campaign")
        self.fileName = fileName
    }

    var path: String { folder.appendingPathComponent(fileName).path }

    /// Every record of every journal file in the folder in the order the slices ended (their
    /// dates; file by file, line by line among equal dates), and the number of lines that did
    /// not parse (a line cut short by a crash; it is skipped). The planner reads the order: the
    /// slices since a shape last improved are the last ones.
    func read() -> (attempts: [CampaignAttempt], unreadable: Int) {
        var attempts: [CampaignAttempt] = [], unreadable = 0
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        for name in Self.journalFiles(in: folder) {
            guard let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") where !line.isEmpty {
                if let attempt = try? decoder.decode(CampaignAttempt.self, from: Data(line.utf8)) { attempts.append(attempt) } else { unreadable += 1 }
            }
        }
        let chronological = attempts.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
        return (chronological, unreadable)
    }

    /// Appends one record as a single line.
    func append(_ attempt: CampaignAttempt) throws {
        try AtomicFile.createDirectories(folder.path)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = try encoder.encode(attempt)
        line.append(UInt8(ascii: "\n"))
        let fd = open(path, O_RDWR | O_APPEND | O_CREAT, 0o644)
        guard fd >= 0 else { throw FileWriteError(path: path, errno: errno) }
        defer { close(fd) }
        // After a crash in the middle of a line, the next record starts on a line of its own.
        let end = lseek(fd, 0, SEEK_END)
        var last: UInt8 = 0
        if end > 0, pread(fd, &last, 1, end - 1) == 1, last != UInt8(ascii: "\n") { line.insert(UInt8(ascii: "\n"), at: 0) }
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == line.count else { throw FileWriteError(path: path, errno: written < 0 ? errno : EIO) }
    }

    /// The journal files (`journal*.jsonl`) in a campaign folder, sorted.
    static func journalFiles(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix("journal") && $0.hasSuffix(".jsonl") }.sorted()
    }

    /// Brings the journal lines of the store at `source` into the store at `target` (each file
    /// to its namesake, lines not already there appended, the file replaced atomically). Returns
    /// the number of lines added.
    static func merge(from source: URL, into target: URL) throws -> Int {
        let sourceFolder = source.appendingPathComponent("campaign"), targetFolder = target.appendingPathComponent("campaign")
        var added = 0
        for name in journalFiles(in: sourceFolder) {
            let incoming = (try? String(contentsOf: sourceFolder.appendingPathComponent(name), encoding: .utf8)) ?? ""
            let targetPath = targetFolder.appendingPathComponent(name).path
            let existing = (try? String(contentsOfFile: targetPath, encoding: .utf8)) ?? ""
            var lines = existing.split(separator: "\n").map(String.init)
            var seen = Set(lines)
            let before = lines.count
            for line in incoming.split(separator: "\n").map(String.init) where !line.isEmpty && seen.insert(line).inserted {
                lines.append(line)
            }
            added += lines.count - before
            if lines.count > before {
                try AtomicFile.createDirectories(targetFolder.path)
                try AtomicFile.write(Data((lines.joined(separator: "\n") + "\n").utf8), to: targetPath)
            }
        }
        return added
    }
}
