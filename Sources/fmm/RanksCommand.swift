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
        let derivation = markdown ? nil : DerivationTable(maxDimension: largest, base: entries.filter { $0.ring != .gf2 }.map(\.scheme))
        let rows = shapes.map { shape in
            RankRow(shape: shape, entries: entries.filter { $0.scheme.shape.normalized == shape.normalized },
                    derived: derivation?.rank(shape), recipe: derivation?.describe(shape),
                    known: digest.map { d in d[shape.normalized].map { KnownRank(rank: $0, ring: nil, reference: "digest \(known!)", integerRank: nil, gf2Rank: nil) } } ?? KnownRanks.lookup(shape))
        }
        if json {
            print(JSONValue.array(rows.map(\.json)).serialized())
        } else if markdown {
            print(RankRow.markdownTable(rows))
        } else {
            print(RankRow.header)
            for row in rows { print(row.text) }
            print(RankRow.summary(rows))
        }
    }
}

/// One line of `fmm ranks`.
struct RankRow {
    let shape: Shape
    let catalogue: CatalogueEntry?
    /// The catalogue's best entry valid only mod 2, when it is below every entry valid over Q.
    let modTwo: CatalogueEntry?
    let derived: Int?
    let recipe: String?
    let known: KnownRank?

    /// Entries in rings more restrictive than the catalogue entry's, at higher ranks (ZT at r + 1
    /// beside Q at r), the best of each ring.
    let moreRestrictive: [CatalogueEntry]

    init(shape: Shape, entries: [CatalogueEntry], derived: Int?, recipe: String?, known: KnownRank?) {
        self.shape = shape
        // The best entry valid over Q (ZT, Z or Q); a mod-2-only one only when there is none.
        let best = CatalogueEntry.best(of: entries, allowingModTwo: true)
        let modTwoBest = CatalogueEntry.best(of: entries.filter { $0.ring == .gf2 }, allowingModTwo: true)
        catalogue = best
        modTwo = modTwoBest.flatMap { $0.scheme.rank < best?.scheme.rank ?? .max ? $0 : nil }
        moreRestrictive = CoefficientRing.allCases.compactMap { ring in
            guard let best, ring != .gf2, best.ring != .gf2, ring != best.ring, ring.isAtLeastAsRestrictive(as: best.ring) else { return nil }
            return CatalogueEntry.best(of: entries.filter { $0.ring == ring })
        }.sorted { $0.scheme.rank < $1.scheme.rank }
        (self.derived, self.recipe, self.known) = (derived, recipe, known)
    }

    /// Catalogue rank over Q minus the best known.
    var catalogueGap: Int? {
        guard let catalogue, catalogue.ring != .gf2, let known else { return nil }
        return catalogue.scheme.rank - known.rank
    }

    /// The catalogue holds a ZT entry at the best known rank where the best known scheme is ternary.
    var ternaryAtKnownRank: Bool {
        guard let known, known.ring == .ternary else { return false }
        return ([catalogue] + moreRestrictive).contains { $0?.ring == .ternary && $0?.scheme.rank == known.rank }
    }

    /// The catalogue's entry as `rank (ring)`, followed by the entries in more restrictive rings.
    var catalogueText: String {
        guard let catalogue else { return "-" }
        return "\(catalogue.scheme.rank) (\(catalogue.ring.rawValue))" + moreRestrictive.map { "; \($0.ring.rawValue) \($0.scheme.rank)" }.joined()
    }

    /// How many shapes the catalogue holds at the best known rank, and with ZT at that rank
    /// where the best known ring is ZT.
    static func summary(_ rows: [RankRow]) -> String {
        let atRank = rows.filter { $0.catalogueGap.map { $0 <= 0 } ?? false }.count
        let ternaryKnown = rows.filter { $0.known?.ring == .ternary }.count
        let ternary = rows.filter(\.ternaryAtKnownRank).count
        let withEntry = rows.filter { $0.catalogue != nil }.count
        return "catalogue at the best known rank: \(atRank) of \(rows.count) shapes (\(withEntry) with an entry); ZT at the best known rank: \(ternary) of the \(ternaryKnown) whose best known scheme is ternary"
    }

    /// The rows as a Markdown table, the summary below.
    static func markdownTable(_ rows: [RankRow]) -> String {
        var lines = ["| shape | naive | lower bound | catalogue | known | gap | reference |", "|---|---|---|---|---|---|---|"]
        for row in rows {
            let known = row.known.map { "\($0.rank) (\($0.ring?.rawValue ?? "?"))" } ?? "-"
            let gap = row.catalogueGap.map { $0 > 0 ? "+\($0)" : "\($0)" } ?? "-"
            lines.append("| ⟨\(row.shape.n),\(row.shape.m),\(row.shape.p)⟩ | \(row.shape.naiveRank) | \(row.lower.rank) | \(row.catalogueText) | \(known) | \(gap) | \(row.known?.reference ?? "") |")
        }
        return lines.joined(separator: "\n") + "\n\n" + summary(rows) + "."
    }

    /// The best lower bound fmm knows for the shape.
    var lower: LowerBound { LowerBounds.best(shape) }

    /// Best rank fmm can give over Q minus the best known.
    var gap: Int? {
        let ours = [catalogue.flatMap { $0.ring == .gf2 ? nil : $0.scheme.rank }, derived].compactMap { $0 }.min()
        guard let ours, let known else { return nil }
        return ours - known.rank
    }

    static let header = "shape      naive  lower  catalogue           derived  known              gap  mod 2    reference"

    /// The mod-2 column: the catalogue's rank valid only mod 2 and the best known such rank,
    /// where either is below the ranks valid over Q (e.g. ⟨4,4,4⟩: 47 / 47).
    var modTwoText: String {
        guard modTwo != nil || known?.gf2Rank != nil else { return "-" }
        return "\(modTwo.map { "\($0.scheme.rank)" } ?? "-") / \(known?.gf2Rank.map(String.init) ?? "-")"
    }

    var text: String {
        func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: Swift.max(0, width - s.count)) }
        let cat = catalogueText
        let knownText = known.map { "\($0.rank) (\($0.ring?.rawValue ?? "?"))" } ?? "-"
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
            ("catalogue_mod2", modTwo.map { .object([("rank", .number("\($0.scheme.rank)")), ("file", .string($0.path))]) } ?? .null),
            ("known", known.map { k in .object([("rank", .number("\(k.rank)")), ("ring", k.ring.map { .string($0.rawValue) } ?? .null), ("reference", .string(k.reference)),
                                                ("mod2_rank", k.gf2Rank.map { .number("\($0)") } ?? .null)]) } ?? .null),
            ("gap", gap.map { .number("\($0)") } ?? .null),
        ])
    }
}
