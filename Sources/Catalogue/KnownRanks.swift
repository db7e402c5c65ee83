import SchemeModel

/// The best rank known in the literature for a shape (any ordering of it).
public struct KnownRank: Sendable, Equatable {
    /// Best known rank over a field of characteristic 0 (the "general" rank).
    public let rank: Int
    /// The most restrictive ring a scheme of that rank is known over: ZT, Z or Q; `nil` when the
    /// sources give the rank without a ring.
    public let ring: CoefficientRing?
    /// Authors and year.
    public let reference: String
    /// Best rank with integer coefficients, when higher than `rank`.
    public let integerRank: Int?
    /// Best rank valid only modulo 2, when lower than `rank`.
    public let gf2Rank: Int?

    public init(rank: Int, ring: CoefficientRing?, reference: String, integerRank: Int? = nil, gf2Rank: Int? = nil) {
        (self.rank, self.ring, self.reference, self.integerRank, self.gf2Rank) = (rank, ring, reference, integerRank, gf2Rank)
    }
}

/// The project's table of best known ranks for 2 ≤ n ≤ m ≤ p ≤ 8, compiled from the papers
/// (shapes up to 6, via the literature table in ../shared/known-ranks.md) and, for shapes with a
/// dimension 7 or 8, from the online fmm catalogue (digest of 2026-08-19) with the ring taken
/// from Perminov's status table (2026). Keys are sorted dimensions.
public enum KnownRanks {
    /// The entry for `shape` in any ordering, or `nil` outside the table.
    public static func lookup(_ shape: Shape) -> KnownRank? {
        let s = shape.normalized
        return table[Key(s.n, s.m, s.p)]
    }

    /// Every shape in the table, sorted.
    public static var shapes: [Shape] { table.keys.sorted { ($0.a, $0.b, $0.c) < ($1.a, $1.b, $1.c) }.map { Shape($0.a, $0.b, $0.c) } }

    struct Key: Hashable {
        let a: Int, b: Int, c: Int
        init(_ a: Int, _ b: Int, _ c: Int) { (self.a, self.b, self.c) = (a, b, c) }
    }

    private static let catalogue = "fmm catalogue (Sedoglavic), digest 2026-08-19; ring: Perminov 2026"

    private static func k(_ rank: Int, _ ring: CoefficientRing?, _ reference: String, integer: Int? = nil, gf2: Int? = nil) -> KnownRank {
        KnownRank(rank: rank, ring: ring, reference: reference, integerRank: integer, gf2Rank: gf2)
    }

    static let table: [Key: KnownRank] = [
        Key(2, 2, 2): k(7, .ternary, "Strassen 1969"),
        Key(2, 2, 3): k(11, .ternary, "Hopcroft–Kerr 1971"),
        Key(2, 2, 4): k(14, .ternary, "Hopcroft–Kerr 1971"),
        Key(2, 2, 5): k(18, .ternary, "Hopcroft–Kerr 1971"),
        Key(2, 2, 6): k(21, .ternary, "Hopcroft–Kerr 1971"),
        Key(2, 3, 3): k(15, .ternary, "Hopcroft–Kerr 1971"),
        Key(2, 3, 4): k(20, .ternary, "Hopcroft–Kerr 1971"),
        Key(2, 3, 5): k(25, .ternary, "Hopcroft–Kerr 1971"),
        Key(2, 3, 6): k(30, .ternary, "Hopcroft–Kerr 1971"),
        Key(2, 4, 4): k(26, .ternary, "Hopcroft–Kerr 1971"),
        Key(2, 4, 5): k(32, .rationals, "AlphaEvolve 2025 (33: Hopcroft–Kerr 1971)", integer: 33, gf2: nil),
        Key(2, 4, 6): k(39, .integers, "Hopcroft–Kerr 1971"),
        Key(2, 5, 5): k(40, .ternary, "Hopcroft–Kerr 1971"),
        Key(2, 5, 6): k(47, .ternary, "AlphaEvolve 2025"),
        Key(2, 6, 6): k(56, .integers, "Kauers–Moosbauer 2023"),
        Key(3, 3, 3): k(23, .ternary, "Laderman 1976"),
        Key(3, 3, 4): k(29, .ternary, "Smirnov 2013"),
        Key(3, 3, 5): k(36, .ternary, "Smirnov 2013"),
        Key(3, 3, 6): k(40, .rationals, "Smirnov 2013", integer: 42),
        Key(3, 4, 4): k(38, .ternary, "Smirnov 2013"),
        Key(3, 4, 5): k(47, .integers, "AlphaTensor 2022"),
        Key(3, 4, 6): k(54, .integers, "AlphaEvolve 2025; Kauers–Wood 2025"),
        Key(3, 5, 5): k(58, .ternary, "Sedoglavic 2021; AlphaTensor 2022"),
        Key(3, 5, 6): k(68, .integers, "AlphaEvolve 2025"),
        Key(3, 6, 6): k(80, .rationals, "from two ⟨3,3,6⟩ blocks (Smirnov 2013)", integer: 83),
        Key(4, 4, 4): k(48, .rationals, "AlphaEvolve 2025 (over C); Dumas–Pernet–Sedoglavic 2025 (over Q)", integer: 49, gf2: 47),
        Key(4, 4, 5): k(61, .ternary, "AlphaEvolve 2025", gf2: 60),
        Key(4, 4, 6): k(73, .integers, "Smirnov 2023; Kauers–Wood 2025"),
        Key(4, 5, 5): k(76, .ternary, "AlphaTensor 2022", gf2: 73),
        Key(4, 5, 6): k(90, .integers, "AlphaEvolve 2025; Kauers–Wood 2025", gf2: 89),
        Key(4, 6, 6): k(105, .ternary, "⟨2,3,3⟩ ⊗ ⟨2,2,2⟩ (Hopcroft–Kerr 1971, Strassen 1969)"),
        Key(5, 5, 5): k(93, .ternary, "Moosbauer–Poole 2025; AlphaEvolve 2025"),
        Key(5, 5, 6): k(110, .integers, "Kauers–Wood 2025"),
        Key(5, 6, 6): k(130, .integers, "Kauers–Wood 2025"),
        Key(6, 6, 6): k(153, .ternary, "Moosbauer–Poole 2025"),
        // Shapes with a dimension 7 or 8.
        Key(2, 2, 7): k(25, .ternary, catalogue), Key(2, 2, 8): k(28, .ternary, catalogue),
        Key(2, 3, 7): k(35, .ternary, catalogue), Key(2, 3, 8): k(40, .ternary, catalogue),
        Key(2, 4, 7): k(45, .ternary, catalogue), Key(2, 4, 8): k(51, .ternary, catalogue),
        Key(2, 5, 7): k(55, .rationals, catalogue), Key(2, 5, 8): k(63, .rationals, catalogue),
        Key(2, 6, 7): k(66, .integers, catalogue), Key(2, 6, 8): k(75, .rationals, catalogue),
        Key(2, 7, 7): k(76, .rationals, catalogue), Key(2, 7, 8): k(88, .integers, catalogue),
        Key(2, 8, 8): k(100, .ternary, catalogue),
        Key(3, 3, 7): k(49, .rationals, catalogue), Key(3, 3, 8): k(55, .rationals, catalogue, integer: 56),
        Key(3, 4, 7): k(63, .rationals, catalogue, integer: 64), Key(3, 4, 8): k(73, .ternary, catalogue),
        Key(3, 5, 7): k(79, .integers, catalogue), Key(3, 5, 8): k(90, .integers, catalogue),
        Key(3, 6, 7): k(94, .rationals, catalogue, integer: 96), Key(3, 6, 8): k(108, .integers, catalogue),
        Key(3, 7, 7): k(111, .rationals, catalogue), Key(3, 7, 8): k(126, .rationals, catalogue, integer: 128),
        Key(3, 8, 8): k(145, .rationals, catalogue, integer: 146),
        Key(4, 4, 7): k(85, .ternary, catalogue), Key(4, 4, 8): k(96, .rationals, catalogue),
        Key(4, 5, 7): k(104, .integers, catalogue), Key(4, 5, 8): k(118, .ternary, catalogue),
        Key(4, 6, 7): k(123, .integers, catalogue), Key(4, 6, 8): k(140, .ternary, catalogue),
        Key(4, 7, 7): k(144, .integers, catalogue),
        Key(4, 7, 8): k(161, nil, "fmm catalogue (Sedoglavic), digest 2026-08-19 (ring not stated; 163 over ZT: Perminov 2026)", integer: 163),
        Key(4, 8, 8): k(180, nil, "fmm catalogue (Sedoglavic), digest 2026-08-19 (ring not stated; 182 over ZT: Perminov 2026)", integer: 182),
        Key(5, 5, 7): k(127, .ternary, catalogue), Key(5, 5, 8): k(144, .integers, catalogue),
        Key(5, 6, 7): k(150, .integers, catalogue), Key(5, 6, 8): k(170, .ternary, catalogue),
        Key(5, 7, 7): k(176, .integers, catalogue), Key(5, 7, 8): k(204, .ternary, catalogue),
        Key(5, 8, 8): k(230, .ternary, catalogue),
        Key(6, 6, 7): k(183, .integers, catalogue), Key(6, 6, 8): k(203, .ternary, catalogue),
        Key(6, 7, 7): k(212, .ternary, "Perminov 2026 (ternary meta flip graphs)"),
        Key(6, 7, 8): k(238, .ternary, "Perminov 2026 (ternary meta flip graphs)"),
        Key(6, 8, 8): k(266, .ternary, catalogue),
        Key(7, 7, 7): k(249, .rationals, catalogue, integer: 250), Key(7, 7, 8): k(277, .rationals, catalogue, integer: 278),
        Key(7, 8, 8): k(306, .rationals, catalogue, integer: 310), Key(8, 8, 8): k(336, .rationals, catalogue, integer: 343),
    ]
}
