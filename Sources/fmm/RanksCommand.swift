import ArgumentParser
import Catalogue
import Derivation
import SchemeFormats
import SchemeModel

/// `fmm ranks`: the catalogue's rank for each shape next to the best derivable and the best known.
struct RanksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ranks",
        abstract: "Catalogue, derivable and best known ranks for every shape 2 ≤ n ≤ m ≤ p ≤ max.",
        discussion: "Ranks are invariant under permuting n, m, p: every ordering is answered from the stored ones. The lower bound is the highest of the flattening bound max(nm, mp, pn), Bläser's 5n²/2 − 3n for square shapes and the proven ranks of ⟨2,2,2⟩, ⟨2,2,3⟩ and ⟨3,3,3⟩ (≥ 19); JSON names its source. The gap is the best rank fmm can produce (catalogue or derived) minus the best known. The mod 2 column gives, where either is lower than the ranks over Q, the catalogue's best rank valid only modulo 2 and the best known such rank (e.g. ⟨4,4,4⟩: 47 / 47)."
    )

    @Option(help: "Largest dimension of the listed shapes.")
    var max = 6

    @Option(help: "A single shape, e.g. 4x4x5 (any ordering).")
    var shape: String?

    @Option(help: "Compare with a rank digest in the online catalogue's format (fmm_sota.json) instead of the built-in table.")
    var known: String?

    @Flag(help: "Print a JSON array.")
    var json = false

    @Flag(help: "Print a Markdown table (catalogue rank and ring, entries in more restrictive rings at higher ranks, best known rank and ring, gap) with a summary; docs/ranks.md is this for --max 8.")
    var markdown = false

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let shapes: [Shape]
        do {
            if let shape {
                shapes = [try Shape(parsing: shape, limits: Limits(maxDimension: 32))]
            } else {
                guard (2...32).contains(max) else { throw LimitError("--max must be within 2...32") }
                shapes = (2...max).flatMap { n in (n...max).flatMap { m in (m...max).map { Shape(n, m, $0) } } }
            }
        } catch {
            printError("fmm ranks: \(error)")
            throw ExitCode(2)
        }
        var digest: [Shape: Int]?
        if let known {
            do { digest = try RankDigest.read(path: known) } catch {
                printError("fmm ranks: \(error.description)")
                throw ExitCode(2)
            }
        }
        let store = storeOptions.forReading
        let entries = store.entries().compactMap { try? $0.get() }
        let largest = shapes.map { Swift.max($0.n, $0.m, $0.p) }.max() ?? 2
        // The Markdown table lists the catalogue only, so it needs no derivation table.
        let derivation = markdown ? nil : DerivationTable(maxDimension: largest, base: entries.filter(\.ring.holdsOverQ).map(\.scheme))
        let rows = shapes.map { shape in
            ShapeRanks(shape: shape, entries: entries.filter { $0.scheme.shape.normalized == shape.normalized },
                    derived: derivation?.rank(shape), recipe: derivation?.describe(shape),
                    known: digest.map { d in d[shape.normalized].map { KnownRank(rank: $0, ring: nil, reference: "digest \(known!)", integerRank: nil, gf2Rank: nil) } } ?? KnownRanks.lookup(shape))
        }
        if json {
            print(JSONValue.array(rows.map(\.json)).serialized())
        } else if markdown {
            print(ShapeRanks.markdownTable(rows))
        } else {
            print(ShapeRanks.header)
            for row in rows { print(row.text) }
            print(ShapeRanks.summary(rows))
        }
    }
}

/// The renderings of a line of `fmm ranks`: text, JSON and Markdown.
extension ShapeRanks {
    /// The rows as a Markdown table, the summary below.
    static func markdownTable(_ rows: [ShapeRanks]) -> String {
        var lines = ["| shape | naive | lower bound | catalogue | known | gap | reference |", "|---|---|---|---|---|---|---|"]
        for row in rows {
            let known = row.known?.rankAndRing ?? "-"
            let gap = row.catalogueGap.map { $0 > 0 ? "+\($0)" : "\($0)" } ?? "-"
            lines.append("| ⟨\(row.shape.n),\(row.shape.m),\(row.shape.p)⟩ | \(row.shape.naiveRank) | \(row.lower.rank) | \(row.catalogueText) | \(known) | \(gap) | \(row.known?.reference ?? "") |")
        }
        return lines.joined(separator: "\n") + "\n\n" + summary(rows) + "."
    }

    static let header = "shape      naive  lower  catalogue           derived  known              gap  mod 2    reference"

    /// The mod-2 column: the catalogue's rank valid only mod 2 and the best known such rank,
    /// where either is below the ranks valid over Q (e.g. ⟨4,4,4⟩: 47 / 47).
    var modTwoText: String {
        guard modTwo != nil || known?.gf2Rank != nil else { return "-" }
        return "\(modTwo.map { "\($0.scheme.rank)" } ?? "-") / \(known?.gf2Rank.map(String.init) ?? "-")"
    }

    var text: String {
        // At least one space, so a long catalogue column ("112 (Q); Z 113; ZT 114") stays apart.
        func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: Swift.max(1, width - s.count)) }
        let cat = catalogueText
        let knownText = known?.rankAndRing ?? "-"
        return pad("\(shape)", 11) + pad("\(shape.naiveRank)", 7) + pad("\(lower.rank)", 7) + pad(cat, 20) + pad(derived.map(String.init) ?? "-", 9)
            + pad(knownText, 19) + pad(gap.map { $0 > 0 ? "+\($0)" : "\($0)" } ?? "-", 5) + pad(modTwoText, 9) + (known?.reference ?? "")
    }

    var json: JSONValue {
        .object([
            ("shape", .array([shape.n, shape.m, shape.p].map { .number("\($0)") })),
            ("naive", .number("\(shape.naiveRank)")),
            ("lower", .object([("rank", .number("\(lower.rank)")), ("source", .string(lower.source))])),
            ("catalogue", catalogue.map { .object([("rank", .number("\($0.scheme.rank)")), ("ring", .string($0.ring.rawValue)), ("file", .string($0.path))]) } ?? .null),
            ("derived", derived.map { .object([("rank", .number("\($0)")), ("recipe", .string(recipe ?? ""))]) } ?? .null),
            ("catalogue_more_restrictive", .array(moreRestrictive.map { .object([("rank", .number("\($0.scheme.rank)")), ("ring", .string($0.ring.rawValue)), ("file", .string($0.path))]) })),
            ("catalogue_qi", gaussian.map { .object([("rank", .number("\($0.scheme.rank)")), ("file", .string($0.path))]) } ?? .null),
            ("catalogue_mod2", modTwo.map { .object([("rank", .number("\($0.scheme.rank)")), ("file", .string($0.path))]) } ?? .null),
            ("known", known.map { k in .object([("rank", .number("\(k.rank)")), ("ring", k.ring.map { .string($0.rawValue) } ?? .null), ("reference", .string(k.reference)),
                                                ("mod2_rank", k.gf2Rank.map { .number("\($0)") } ?? .null)]) } ?? .null),
            ("gap", gap.map { .number("\($0)") } ?? .null),
        ])
    }
}

extension KnownRank {
    /// The rank and the ring it is known over, e.g. "47 (Z)"; "?" where the source names none.
    var rankAndRing: String { "\(rank) (\(ring?.rawValue ?? "?"))" }
}
