import Foundation
import SchemeFormats
import SchemeModel

/// What a campaign's journal says was tried on each shape: slices, wall-clock and CPU seconds,
/// and the methods with their counts, beside the shape's standing. `fmm grow --report` prints
/// it for the shapes still short of the best known rank or ring (the list a closing note owes).
struct CampaignReport {
    struct Row {
        let standing: ShapeStanding
        let slices: Int
        let wallSeconds: Double
        /// CPU seconds summed over the slices that reported them, and how many did.
        let cpuSeconds: Double
        let slicesWithCPU: Int
        /// Methods in the order first tried, with their slice counts.
        let methods: [(method: String, slices: Int)]
        let improvements: Int
    }

    let rows: [Row]

    /// One row per standing with something left to gain; slices that found no start are left out.
    init(standings: [ShapeStanding], attempts: [CampaignAttempt]) {
        let byShape = Dictionary(grouping: attempts.filter { $0.outcome != "inapplicable" }, by: \.shape)
        rows = standings.filter { $0.value > 0 }.map { standing in
            let history = byShape["\(standing.shape)"] ?? []
            var methods: [(method: String, slices: Int)] = []
            for attempt in history {
                if let i = methods.firstIndex(where: { $0.method == attempt.method }) { methods[i].slices += 1 } else { methods.append((attempt.method, 1)) }
            }
            let reported = history.compactMap(\.cpuSeconds)
            return Row(standing: standing, slices: history.count, wallSeconds: history.map(\.seconds).reduce(0, +),
                       cpuSeconds: reported.reduce(0, +), slicesWithCPU: reported.count, methods: methods,
                       improvements: history.filter { $0.outcome == "improved" }.count)
        }
    }

    /// One line per shape: `2x5x6  48 (Q), ZT 50 → 47 (ZT): 3 slices, 1689 s wall (1200 s CPU
    /// in 2), 1 improved: z-pool-catalogue ×2, z-naive`.
    var text: String {
        rows.map { row in
            let cpu = row.slicesWithCPU > 0 ? String(format: " (%.0f s CPU in %d)", row.cpuSeconds, row.slicesWithCPU) : ""
            let methods = row.methods.map { $0.slices > 1 ? "\($0.method) ×\($0.slices)" : $0.method }.joined(separator: ", ")
            return "\(row.standing.shape)  \(row.standing.rankText) → \(row.standing.knownText): "
                + (row.slices == 0 ? "no slice" : String(format: "%d slice%@, %.0f s wall", row.slices, row.slices == 1 ? "" : "s", row.wallSeconds)
                    + cpu + (row.improvements > 0 ? ", \(row.improvements) improved" : "") + ": " + methods)
        }.joined(separator: "\n")
    }

    var json: JSONValue {
        .array(rows.map { row in
            .object([
                ("shape", .string("\(row.standing.shape)")),
                ("rank", row.standing.rank.map { .number("\($0)") } ?? .null),
                ("ring", row.standing.ring.map { .string($0.rawValue) } ?? .null),
                ("ternary_rank", row.standing.ternaryRank.map { .number("\($0)") } ?? .null),
                ("known_rank", row.standing.known.map { .number("\($0.rank)") } ?? .null),
                ("slices", .number("\(row.slices)")),
                ("wall_seconds", .number(String(format: "%.1f", row.wallSeconds))),
                ("cpu_seconds", row.slicesWithCPU > 0 ? .number(String(format: "%.1f", row.cpuSeconds)) : .null),
                ("improved", .number("\(row.improvements)")),
                ("methods", .object(row.methods.map { ($0.method, .number("\($0.slices)")) })),
            ])
        })
    }
}
