import Catalogue
import Foundation
import SchemeModel

/// Where the catalogue stands for one shape against the best known rank and ring.
struct ShapeStanding {
    /// The shape with sorted dimensions.
    let shape: Shape
    let known: KnownRank?
    /// Lowest rank of an entry valid over Q (any ring but Z2), and its ring.
    let rank: Int?
    let ring: CoefficientRing?
    /// Lowest rank of a ZT entry.
    let ternaryRank: Int?
    /// Whether the entry of that lowest rank is built by a formula: the derivation table's (a
    /// direct sum or tensor product of entries), from which a walk finds no reduction (⟨5,7,8⟩
    /// 208 = ⟨5,7,4⟩ ⊕ ⟨5,7,4⟩ stayed at 208 for a 1200-s slice; ⟨6,6,7⟩ 187, a sum, and ⟨8,8,8⟩
    /// 343 = ⟨2,2,2⟩ ⊗ ⟨4,4,4⟩ for 30 s at 14·10⁶ flips a second), while restrictions of products
    /// descend; or a construction (`Scheme.pairwiseStrassen`), whose even denominators no walk
    /// mod 2 can start from.
    let isDerived: Bool
    /// The other shapes whose best known rank would follow by derivation once this one reaches
    /// its own (`DerivationLeverage`); 0 when not asked.
    let unlocks: Int

    init(shape: Shape, store: Store, leverage: DerivationLeverage? = nil) {
        self.shape = shape.normalized
        unlocks = leverage?.unlocks(shape) ?? 0
        known = KnownRanks.lookup(shape)
        let entries = store.entries(anyOrderingOf: shape)
        let best = CatalogueEntry.best(of: entries)
        (rank, ring) = (best?.scheme.rank, best?.ring)
        isDerived = ["derivation", "construction"].contains(best?.provenance.method)
        ternaryRank = entries.filter { $0.ring == .ternary }.map(\.scheme.rank).min()
    }

    /// Catalogue rank over Q minus the best known (0 where nothing is known).
    var rankGap: Int { max(0, (rank ?? shape.naiveRank) - (known?.rank ?? .min / 2)) }

    /// Where the best known scheme is ternary: the catalogue's best ZT rank minus the known rank.
    var ternaryGap: Int {
        guard let known, known.ring == .ternary else { return 0 }
        return max(0, (ternaryRank ?? shape.naiveRank) - known.rank)
    }

    /// What closing the shape's gaps is worth: a rank step over Q counts 1, a ZT rank step 1,
    /// another shape that would reach its best known rank by derivation 1 (each up to 4), a
    /// shape without any entry 5. Zero: nothing left to do.
    var value: Double {
        Double(min(rankGap, 4) + min(ternaryGap, 4) + min(unlocks, 4)) + (rank == nil ? 5 : 0)
    }

    /// The standing as the journal records it.
    struct Summary: Codable, Equatable, Sendable {
        var rank: Int?
        var ring: String?
        var ternaryRank: Int?

        /// Lower rank over Q, the same rank in a more restrictive ring, or a lower ZT rank.
        func improves(on other: Summary) -> Bool {
            let (mine, theirs) = (ring.flatMap(CoefficientRing.init(rawValue:)), other.ring.flatMap(CoefficientRing.init(rawValue:)))
            let betterRing = rank == other.rank && mine != theirs && mine.map { m in theirs.map { m.isAtLeastAsRestrictive(as: $0) } ?? true } ?? false
            return (rank ?? .max) < (other.rank ?? .max) || betterRing || (ternaryRank ?? .max) < (other.ternaryRank ?? .max)
        }
    }

    var summary: Summary { Summary(rank: rank, ring: ring?.rawValue, ternaryRank: ternaryRank) }
}

/// A search `fmm grow` can run on a shape for one slice: a walk ring and a start.
enum GrowMethod: String, CaseIterable, Sendable {
    /// GF(2) walk, lifted: from a scrambled restriction of a larger entry, from the naive scheme
    /// with fresh descents, from the catalogue's entry, or cyclic-symmetric (square shapes).
    case liftedRestriction = "z-restriction"
    case liftedNaive = "z-naive"
    /// GF(2) walk, lifted, from an extension (`--from extension`): the best entry of a shape one
    /// smaller plus the naive terms of the missing row or column (Kauers–Wood's extension edge).
    /// Its naive terms give the walk reductions that a direct sum of searched blocks does not:
    /// ⟨4,5,7⟩ 109 → 105 over ZT in 60 s from ⟨4,5,6⟩ 90 extended, ⟨3,5,7⟩ 83 → 82 in 40 s.
    case liftedExtension = "z-extension"
    case liftedCatalogue = "z-catalogue"
    case cyclic = "z-cyclic"
    /// GF(2) walks, lifted, from a pool of 64 distinct schemes of the best rank (many short
    /// walks, Kauers–Moosbauer's population): from the naive scheme or the catalogue's entry.
    /// From the naive scheme the pool takes ⟨2,4,6⟩ to 39 in seconds, where fresh descents stop
    /// at 42.
    case pooledNaive = "z-pool-naive"
    case pooledCatalogue = "z-pool-catalogue"
    /// GF(2) walk, lifted, from the naive scheme with fresh descents and a bias towards sparse
    /// factors (`--sparsity-bias 0.1`): in 20 s it reached ⟨3,4,5⟩ 48, ⟨2,4,5⟩ 33 and ⟨3,3,6⟩ 44
    /// for more seeds of 10 than the uniform walk (9, 7 and 3 against 4, 6 and 0).
    case sparseNaive = "z-sparse-naive"
    /// GF(2) walk, lifted, from the naive scheme with fresh descents and the store's learned
    /// flip policy (`policies/flip.json`, made by `fmm learn-flips`; docs/rl.md): trained on
    /// ⟨3,3,4⟩, in 10⁸ flip attempts it took ⟨3,3,6⟩ to 44 for 13 seeds of 20, the uniform walk for 5.
    case learnedNaive = "z-learned-naive"
    /// Ternary walk over Z: from the naive scheme, a scrambled restriction, or the catalogue's
    /// ZT entry.
    case ternaryNaive = "zt-naive"
    case ternaryRestriction = "zt-restriction"
    case ternaryCatalogue = "zt-catalogue"
    /// GF(2) walk from the catalogue's entry that goes on lifting neighbours at its best rank
    /// until a lift is ternary (`--lift-ring ZT`; lifts over Z or Q are kept where better).
    case ternaryLift = "z-lift-zt"
    /// GF(3) walk from the catalogue's entry, lifted 3-adically: it sees schemes that need ½,
    /// which vanish mod 2 (⟨4,4,4⟩ 48 and the other ranks known only over Q).
    case ternaryFieldCatalogue = "z3-catalogue"
    /// The numerical search (`--method numeric`, docs/numeric-search.md) at the best known rank:
    /// from the catalogue's entry less random terms, or from random real starts. It sees schemes
    /// that need fractions; only where R·(nm + mp + pn) fits (`numericRandomLimit` for random
    /// starts, `SearchCommand.numericVariableLimit` from the entry). Converged points
    /// that do not round are kept in the store (`numericPointsPath`) for another rounding.
    case numericCatalogue = "numeric-catalogue"
    case numericRandom = "numeric-random"

    /// Where a store keeps the flip policy `z-learned-naive` walks with.
    static let flipPolicyPath = "policies/flip.json"
    /// The most unknowns R·(nm + mp + pn) for `numeric-random`: random starts reached the best
    /// known rank from nothing up to ⟨3,3,3⟩ 23 (667 unknowns) but never on ⟨2,4,5⟩ 32 (1,216)
    /// or ⟨2,5,6⟩ 47 (2,444), and a start costs seconds above 3,000; continuation from the
    /// catalogue's entry (`numeric-catalogue`) goes up to the search's own limit.
    static let numericRandomLimit = 3000
    /// Where the numerical methods keep converged points that did not round.
    static let numericPointsPath = "campaign/numeric-points"

    /// The `fmm search` options of this method for `shape` in the store at `storeRoot`.
    func searchArguments(for shape: Shape, storeRoot: URL) -> [String] {
        // Fresh descents from the naive scheme every 5·10⁶ flips on ⟨4,4,4⟩, longer for larger shapes.
        let restartAfter = max(2_000_000, 5_000_000 * shape.naiveRank / 64)
        switch self {
        case .liftedRestriction: return ["--ring", "Z", "--from", "restriction", "--scramble", "1000000"]
        case .liftedNaive: return ["--ring", "Z", "--from", "naive", "--restart-after", "\(restartAfter)"]
        case .liftedExtension: return ["--ring", "Z", "--from", "extension"]
        case .liftedCatalogue: return ["--ring", "Z"]
        case .cyclic: return ["--ring", "Z", "--cyclic", "--from", "naive"]
        case .pooledNaive: return ["--ring", "Z", "--from", "naive", "--pool", "64"]
        case .pooledCatalogue: return ["--ring", "Z", "--pool", "64"]
        case .sparseNaive: return ["--ring", "Z", "--from", "naive", "--restart-after", "\(restartAfter)", "--sparsity-bias", "0.1"]
        case .learnedNaive:
            return ["--ring", "Z", "--from", "naive", "--restart-after", "\(restartAfter)", "--flip-policy", storeRoot.appendingPathComponent(Self.flipPolicyPath).path]
        case .ternaryNaive: return ["--ring", "ZT", "--from", "naive"]
        case .ternaryRestriction: return ["--ring", "ZT", "--from", "restriction", "--scramble", "1000000"]
        case .ternaryCatalogue: return ["--ring", "ZT"]
        case .ternaryLift: return ["--ring", "Z", "--lift-ring", "ZT"]
        case .ternaryFieldCatalogue: return ["--ring", "Z3"]
        case .numericCatalogue, .numericRandom:
            let points = ["--checkpoint", storeRoot.appendingPathComponent(Self.numericPointsPath).path]
            return ["--method", "numeric"] + (self == .numericCatalogue ? ["--from", "best"] : []) + points
        }
    }

    /// The methods worth trying for a standing, in the order they are tried first: a rank gap
    /// over Q wants the GF(2) walks first (they reach the lowest ranks; from an extension first,
    /// then from a restriction, the naive scheme and the entry), or the GF(3) walk and the
    /// numerical search first where the best known scheme needs fractions; a gap only in the
    /// ring wants the ternary walks. `learnedPolicy`: the store has a flip policy for `z-learned-naive`.
    static func candidates(for standing: ShapeStanding, learnedPolicy: Bool = false) -> [GrowMethod] {
        let s = standing.shape
        let square = s.n == s.m && s.m == s.p
        // An entry over Q or Z is lifted again first (`z-lift-zt`): its mod-2 image often lifts
        // to a ternary or integer scheme today, and the walk on at its rank finds lower ones.
        // A derived entry is lifted already, part by part, and walks from it stall: no walk
        // starts from it.
        let relift: [GrowMethod] = [.rationals, .integers].contains(standing.ring) && !standing.isDerived ? [.ternaryLift] : []
        let ternary: [GrowMethod] = standing.isDerived ? [.ternaryNaive, .ternaryRestriction]
            : [.ternaryNaive, .ternaryLift, .ternaryRestriction] + (standing.ternaryRank != nil ? [.ternaryCatalogue] : [])
        guard standing.rankGap > 0 else { return relift + ternary.filter { !relift.contains($0) } }
        // Descents from the naive scheme pay on small shapes; on larger ones a slice is too
        // short for them, and walks from the catalogue's entry come first. A pool from the naive
        // scheme only on small shapes: its short walks rarely descend from a naive start above
        // n·m·p = 64 (⟨2,6,6⟩: 72 → 71 in a 675 s slice; ⟨4,4,5⟩: 80 → 65 in 30 s).
        let walksFromEntry = standing.rank != nil && !standing.isDerived
        let catalogue: [GrowMethod] = walksFromEntry ? [.liftedCatalogue, .pooledCatalogue] : []
        let fromNaive: [GrowMethod] = [.pooledNaive, .liftedNaive, .sparseNaive] + (learnedPolicy ? [.learnedNaive] : [])
        let lifted: [GrowMethod] = s.naiveRank <= 64 ? fromNaive + catalogue : catalogue + [.liftedNaive]
        let field3: [GrowMethod] = walksFromEntry ? [.ternaryFieldCatalogue] : []
        let unknowns = (standing.known?.rank ?? .max / 64) * (s.uCount + s.vCount + s.wCount)
        let numeric: [GrowMethod] = (unknowns <= SearchCommand.numericVariableLimit && standing.rank != nil ? [.numericCatalogue] : [])
            + (unknowns <= GrowMethod.numericRandomLimit ? [.numericRandom] : [])
        let (before, after) = standing.known?.ring == .rationals ? (field3 + numeric, []) : ([], field3 + numeric)
        return relift + before + [.liftedExtension, .liftedRestriction] + lifted + after + (square ? [.cyclic] : []) + ternary.filter { !relift.contains($0) }
    }
}

/// Chooses the next slice of a campaign from the shapes' standings and the journal: the shape
/// with the most value per second of slice, divided by 1 + the slices spent on it since it last
/// improved + a quarter of all its slices, so that a shape that just improved does not keep the
/// campaign while others wait untried; for that shape the method tried least (each improvement
/// it made counts as two fewer tries), weighed by how often the method improved a shape anywhere
/// in the journal, and a seed above every seed that method has used on the shape. Slices count
/// by their effort (`CampaignAttempt.effort`): one that got a tenth of a core counts a tenth, one
/// that found no start nothing.
struct CampaignPlanner {
    /// Seconds of a slice on ⟨4,4,4⟩; a slice on another shape takes this times n·m·p/64,
    /// clamped to a quarter and four times.
    let baseSlice: Double
    /// Whether the store has a flip policy (`GrowMethod.flipPolicyPath`) for `z-learned-naive`.
    var learnedPolicy = false
    /// The methods the campaign may use (`fmm grow --methods`); nil: every candidate.
    var allowedMethods: Set<GrowMethod>? = nil

    func sliceSeconds(for shape: Shape) -> Double {
        baseSlice * min(4, max(0.25, Double(shape.naiveRank) / 64))
    }

    struct Choice: Equatable {
        let shape: Shape
        let method: GrowMethod
        let seed: UInt64
    }

    /// The next slice, or nil when no shape outside `busy` has anything left to gain.
    func next(standings: [ShapeStanding], attempts: [CampaignAttempt], busy: Set<Shape>) -> Choice? {
        let byShape = Dictionary(grouping: attempts, by: \.shape)
        let fresh = allowedMethods?.contains(.liftedExtension) ?? true ? Self.freshExtensions(attempts) : []
        let freshLifts = Self.freshLifts(attempts)
        let freshRestrictions = allowedMethods?.contains(.liftedRestriction) ?? true ? Self.freshRestrictions(attempts) : []
        let scored = standings.filter { $0.value > 0 && !busy.contains($0.shape) }.map { standing -> (ShapeStanding, Double) in
            let history = byShape["\(standing.shape)"] ?? []
            // Each slice counts for its effort: its share of CPU (none when it found no start);
            // a shape with a fresh extension or restriction start counts as just improved.
            let sinceImprovement = fresh.union(freshRestrictions).contains("\(standing.shape)") ? 0
                : history.reversed().prefix { $0.outcome != "improved" }.map(\.effort).reduce(0, +)
            let spent = history.map(\.effort).reduce(0, +)
            return (standing, standing.value / sliceSeconds(for: standing.shape) / (1 + sinceImprovement + spent / 4))
        }
        // Highest score first; ties to the smaller shape, then the order given.
        let ranked = scored.enumerated().sorted { a, b in
            (a.element.1, -a.element.0.shape.naiveRank, -a.offset) > (b.element.1, -b.element.0.shape.naiveRank, -b.offset)
        }.map(\.element.0)
        let (rankRates, anyRates) = (Self.successRates(attempts, rankOnly: true), Self.successRates(attempts, rankOnly: false))
        for standing in ranked {
            let history = byShape["\(standing.shape)"] ?? []
            if let method = method(for: standing, history: history, successRates: standing.rankGap > 0 ? rankRates : anyRates,
                                   freshExtension: fresh.contains("\(standing.shape)"), freshLift: freshLifts.contains("\(standing.shape)"),
                                   freshRestriction: freshRestrictions.contains("\(standing.shape)")) {
                let seed = (history.filter { $0.method == method.rawValue }.map(\.seed).max() ?? 0) + 1
                return Choice(shape: standing.shape, method: method, seed: seed)
            }
        }
        return nil
    }

    /// The shapes (sorted, as the journal writes them) one larger in one dimension than a shape
    /// that a slice improved after the larger shape's last `z-extension` slice (or with none):
    /// their extension start (`--from extension`) may now begin from a better searched entry.
    /// Such a shape counts as just improved and takes `z-extension` next. The extensions of
    /// 2026-12-02 are why: ⟨4,5,6⟩ 90 extended gave ⟨4,5,7⟩ 104 (the best known rank), that one
    /// extended ⟨4,5,8⟩ 123 → 120, and ⟨3,5,6⟩ 70 extended ⟨3,6,6⟩ 86 → 85 → 84 (ZT).
    static func freshExtensions(_ attempts: [CampaignAttempt]) -> Set<String> {
        freshNeighbours(attempts, method: .liftedExtension) { s in [Shape(s.n + 1, s.m, s.p), Shape(s.n, s.m + 1, s.p), Shape(s.n, s.m, s.p + 1)] }
    }

    /// The shapes (sorted, as the journal writes them) one or two smaller, in one or two
    /// dimensions together, than a shape that a slice improved after the smaller shape's last
    /// `z-restriction` slice (or with none): the restriction start (`--from restriction`) may now
    /// begin from a better entry. Such a shape counts as just improved and takes `z-restriction`
    /// next. On 2026-12-02 ⟨4,4,6⟩ went 74 → 73 (the best known rank) in a 600-s walk from a
    /// scrambled restriction of ⟨4,5,7⟩ 104, an entry found after ⟨4,4,6⟩'s only restriction slice.
    static func freshRestrictions(_ attempts: [CampaignAttempt]) -> Set<String> {
        freshNeighbours(attempts, method: .liftedRestriction) { l in
            var smaller: [Shape] = []
            for i in 0...2 { for j in 0...2 { for k in 0...2 where (1...2).contains(i + j + k) && min(l.n - i, l.m - j, l.p - k) >= 2 {
                smaller.append(Shape(l.n - i, l.m - j, l.p - k))
            } } }
            return smaller
        }
    }

    /// The shapes (normalized names) among `neighbours` of a shape that a slice improved after
    /// their own last slice of `method` (or with none).
    static func freshNeighbours(_ attempts: [CampaignAttempt], method: GrowMethod, neighbours: (Shape) -> [Shape]) -> Set<String> {
        var lastTry: [String: Int] = [:]
        var improvedAt: [String: Int] = [:]
        for (position, attempt) in attempts.enumerated() {
            if attempt.method == method.rawValue { lastTry[attempt.shape] = position }
            if attempt.outcome == "improved" { improvedAt[attempt.shape] = position }
        }
        var fresh = Set<String>()
        for (improved, position) in improvedAt {
            guard let shape = try? Shape(parsing: improved) else { continue }
            for neighbour in neighbours(shape) {
                let name = "\(neighbour.normalized)"
                if position > lastTry[name] ?? -1 { fresh.insert(name) }
            }
        }
        return fresh
    }

    /// The shapes that a slice improved after their last `z-lift-zt` slice (or with none). Where
    /// such a shape's entry is over Q or Z, it takes `z-lift-zt` next: walking on at the new
    /// rank and lifting the neighbours upgrades the ring, or at least finds smaller fractions,
    /// within seconds. On 2026-12-02 such re-lifts took ⟨3,7,7⟩ 116 and ⟨5,6,6⟩ 137 from Q to ZT
    /// (0.5 and 2.4 s), ⟨2,6,6⟩ 56, ⟨3,3,6⟩ 42 and ⟨3,5,8⟩ 93 from Q to Z, and the largest
    /// numerator or denominator of ⟨3,3,7⟩ 50 from 16118 to 12.
    static func freshLifts(_ attempts: [CampaignAttempt]) -> Set<String> {
        var lastLift: [String: Int] = [:]
        var improvedAt: [String: Int] = [:]
        for (position, attempt) in attempts.enumerated() {
            if attempt.method == GrowMethod.ternaryLift.rawValue {
                lastLift[attempt.shape] = position
            } else if attempt.outcome == "improved" {
                improvedAt[attempt.shape] = position
            }
        }
        return Set(improvedAt.filter { $0.value > lastLift[$0.key] ?? -1 }.keys)
    }

    /// Each method's rate of improvement over the whole journal, all shapes together, shrunk
    /// towards the journal's rate over all methods r̄: (improvements + 3 r̄) / (slices + 3),
    /// slices counted by their effort, r̄ = (all improvements + 1) / (all slices + 3); a method
    /// the journal has not tried gets r̄ (`averageRate`). With `rankOnly` only slices that lowered
    /// the rank over Q count as improvements (for shapes with a rank gap: a method that mostly
    /// re-lifts entries to ZT, like `z-lift-zt`, rarely lowers a rank). On the journal of
    /// 2026-12-01, `z-catalogue` (3 improvements in 16 slices) stands above the average and
    /// `z-naive` (0 in 10) and `z3-catalogue` (0 in 8) below it.
    static func successRates(_ attempts: [CampaignAttempt], rankOnly: Bool) -> (rates: [String: Double], averageRate: Double) {
        func improvements(_ tries: [CampaignAttempt]) -> Double {
            Double(tries.filter { $0.outcome == "improved" && (!rankOnly || ($0.after.rank ?? .max) < ($0.before.rank ?? .max)) }.count)
        }
        func effort(_ tries: [CampaignAttempt]) -> Double { tries.map(\.effort).reduce(0, +) }
        let average = (improvements(attempts) + 1) / (effort(attempts) + 3)
        let rates = Dictionary(grouping: attempts, by: \.method).mapValues { tries in (improvements(tries) + 3 * average) / (effort(tries) + 3) }
        return (rates, average)
    }

    /// The method with the best rate of improvement (`successRates`: of the rank where the shape
    /// has a rank gap, else of rank or ring; the journal's average for a method
    /// the journal has not tried) per try on the shape: rate / (1 + tries), where a try counts
    /// by its effort and an improvement on the shape counts as two fewer tries (below zero tries,
    /// rate × (1 + improvements' excess)). Ties go to the candidates' order;
    /// methods whose last try on the shape found no start are left out. With an empty journal
    /// every rate is the same and this is the method tried least, in the candidates' order.
    /// A fresh entry over Q or Z (`freshLifts`) takes `z-lift-zt` first, a fresh extension start
    /// (`freshExtensions`) `z-extension`, a fresh restriction start (`freshRestrictions`)
    /// `z-restriction`.
    func method(for standing: ShapeStanding, history: [CampaignAttempt],
                successRates: (rates: [String: Double], averageRate: Double), freshExtension: Bool = false,
                freshLift: Bool = false, freshRestriction: Bool = false) -> GrowMethod? {
        let candidates = GrowMethod.candidates(for: standing, learnedPolicy: learnedPolicy).filter { method in
            allowedMethods?.contains(method) ?? true && history.last { $0.method == method.rawValue }?.outcome != "inapplicable"
        }
        if freshLift && [.rationals, .integers].contains(standing.ring) && candidates.contains(.ternaryLift) { return .ternaryLift }
        if freshExtension && candidates.contains(.liftedExtension) { return .liftedExtension }
        if freshRestriction && candidates.contains(.liftedRestriction) { return .liftedRestriction }
        func priority(_ method: GrowMethod) -> Double {
            let tries = history.filter { $0.method == method.rawValue }
            let weight = tries.map(\.effort).reduce(0, +) - 2 * Double(tries.filter { $0.outcome == "improved" }.count)
            let rate = successRates.rates[method.rawValue] ?? successRates.averageRate
            // A negative weight (improvements) raises the priority above the untried rate.
            return weight >= 0 ? rate / (1 + weight) : rate * (1 - weight)
        }
        return candidates.enumerated().max { (priority($0.element), -$0.offset) < (priority($1.element), -$1.offset) }?.element
    }
}
