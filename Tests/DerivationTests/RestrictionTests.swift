import Checker
import Derivation
import ExactArithmetic
import SchemeModel
import TestSupport
import Testing

@Suite struct RestrictionTests {
    /// A valid rectangular scheme with rational coefficients: ⟨1,2,3⟩ ⊗ Strassen = ⟨2,4,6⟩, rank 42.
    func rectangularScheme(seed: UInt64) -> Scheme {
        var rng = SeededGenerator(seed: seed)
        return SchemeMutations.rescaled(Scheme.tensorProduct(SchemeMutations.rescaled(Scheme.naive(Shape(1, 2, 3)), using: &rng), Scheme.strassen), using: &rng)
    }

    /// Any choice of kept rows, inner indices and columns gives a valid scheme of the smaller
    /// shape, without terms that have a zero factor.
    @Test func everyRestrictionOfAValidSchemeIsValid() {
        let scheme = rectangularScheme(seed: 3)
        var rng = SeededGenerator(seed: 4)
        for _ in 0..<12 {
            func keep(_ count: Int) -> [Int] {
                let size = Int.random(in: 1...count, using: &rng)
                return Array((0..<count).shuffled(using: &rng).prefix(size)).sorted()
            }
            let (rows, inner, columns) = (keep(2), keep(4), keep(6))
            let restriction = scheme.restricted(rows: rows, inner: inner, columns: columns)
            #expect(restriction.shape == Shape(rows.count, inner.count, columns.count))
            #expect(restriction.rank <= scheme.rank)
            #expect(restriction.terms.allSatisfy { [$0.u, $0.v, $0.w].allSatisfy { $0.contains { !$0.isZero } } })
            #expect(Checker().verify(restriction).valid, "rows \(rows) inner \(inner) columns \(columns)")
        }
    }

    /// The naive scheme restricts to the naive scheme: exactly the terms outside the kept
    /// indices vanish.
    @Test func naiveSchemeRestrictsToTheNaiveScheme() {
        let restriction = Scheme.naive(Shape(3, 3, 4)).restricted(rows: [0, 2], inner: [1, 2], columns: [0, 1, 3])
        #expect(restriction.rank == 12)
        #expect(restriction.contentHash == Scheme.naive(Shape(2, 2, 3)).contentHash)
    }

    /// `bestRestriction` (bit sets over the terms, per pair of index choices, on the six
    /// symmetric images) agrees with trying every restriction explicitly, and its result is
    /// valid: on a scrambled scheme of under 64 terms, and on a product of 84 terms (two words
    /// per bit set).
    @Test(arguments: [(5, Shape(2, 3, 4)), (5, Shape(4, 2, 3)), (5, Shape(1, 4, 4)), (0, Shape(3, 3, 5)), (0, Shape(2, 4, 4))])
    func bestRestrictionIsTheShortestOfAll(_ seed: Int, _ target: Shape) throws {
        let scheme = seed == 0 ? Scheme.tensorProduct(Scheme.strassen, Scheme.naive(Shape(2, 2, 3))) : rectangularScheme(seed: UInt64(seed))
        let best = try #require(scheme.bestRestriction(to: target))
        #expect(best.shape == target)
        #expect(Checker().verify(best).valid)
        func subsets(_ count: Int, _ size: Int) -> [[Int]] {
            (0..<(1 << count)).map { mask in (0..<count).filter { mask & (1 << $0) != 0 } }.filter { $0.count == size }
        }
        let shifts = [scheme, scheme.cycled(), scheme.cycled().cycled()]
        var shortest = Int.max
        for image in shifts + shifts.map({ $0.transposed() }) {
            let s = image.shape
            guard s.n >= target.n, s.m >= target.m, s.p >= target.p else { continue }
            for rows in subsets(s.n, target.n) {
                for inner in subsets(s.m, target.m) {
                    for columns in subsets(s.p, target.p) {
                        shortest = min(shortest, image.restricted(rows: rows, inner: inner, columns: columns).rank)
                    }
                }
            }
        }
        #expect(best.rank == shortest)
    }

    /// Strassen's algorithm restricted to ⟨2,2,1⟩ (matrix times vector) needs the 4 products
    /// that shape needs; Strassen squared restricted to ⟨3,4,4⟩ saves more than one ⟨1,4,4⟩.
    @Test func restrictionsOfStrassen() throws {
        #expect(try #require(Scheme.strassen.bestRestriction(to: Shape(2, 2, 1))).rank == 4)
        let squared = Scheme.tensorProduct(Scheme.strassen, Scheme.strassen)
        let restriction = try #require(squared.bestRestriction(to: Shape(3, 4, 4)))
        #expect(restriction.rank == 42)
        #expect(Checker().verify(restriction).valid)
    }

    /// A shape restricts to another when its sorted dimensions are at least the other's and it
    /// is larger.
    @Test func whichShapesRestrict() {
        #expect(Shape(4, 5, 5).restricts(to: Shape(5, 4, 3)))
        #expect(Shape(5, 2, 3).restricts(to: Shape(2, 2, 3)))
        #expect(!Shape(2, 3, 4).restricts(to: Shape(4, 3, 2)))
        #expect(!Shape(3, 3, 3).restricts(to: Shape(2, 4, 1)))
        #expect(!Shape(2, 2, 2).restricts(to: Shape(3, 1, 1)))
    }

    @Test func noRestrictionToALargerOrEqualShape() {
        #expect(Scheme.strassen.bestRestriction(to: Shape(2, 2, 2)) == nil)
        #expect(Scheme.strassen.bestRestriction(to: Shape(3, 1, 1)) == nil)
        #expect(Scheme.naive(Shape(2, 3, 4)).bestRestriction(to: Shape(4, 3, 2))?.rank == nil)
    }
}
