import Checker
import Derivation
import ExactArithmetic
import SchemeModel
import TestSupport
import Testing

@Suite struct CompositionTests {
    @Test(arguments: [0, 1, 2])
    func directSumsAreValid(_ axis: Int) {
        var rng = SeededGenerator(seed: UInt64(axis))
        let first = SchemeMutations.rescaled(Scheme.naive(Shape(2, 3, 2)), using: &rng)
        var dims = [2, 3, 2]
        dims[axis] = 3
        let second = SchemeMutations.rescaled(Scheme.naive(Shape(dims[0], dims[1], dims[2])), using: &rng)
        let sum = Scheme.directSum(first, second, axis: axis)
        #expect(sum.rank == first.rank + second.rank)
        #expect(Checker().verify(sum).valid)
    }

    @Test func strassenSquaredIsAValidRank49Scheme() {
        let product = Scheme.tensorProduct(Scheme.strassen, Scheme.strassen)
        #expect(product.shape == Shape(4, 4, 4))
        #expect(product.rank == 49)
        #expect(Checker().verify(product).valid)
    }

    @Test func rectangularTensorProductsAreValid() {
        var rng = SeededGenerator(seed: 42)
        let a = SchemeMutations.rescaled(Scheme.naive(Shape(1, 2, 3)), using: &rng)
        let product = Scheme.tensorProduct(a, Scheme.strassen)
        #expect(product.shape == Shape(2, 4, 6))
        #expect(Checker().verify(product).valid)
        #expect(Checker().verify(Scheme.tensorProduct(Scheme.strassen, a)).valid)
    }
}

@Suite struct DerivationTableTests {
    /// The rank-only programme gives what the table built from schemes gives, shape by shape, and
    /// a rank asked about ahead of any scheme moves what derives from it: Strassen's 7 as a bare
    /// rank makes ⟨2,2,3⟩ 11 and ⟨8,8,8⟩ 343, as the scheme does.
    @Test func ranksAloneDeriveWhatSchemesDerive() {
        let base = [Scheme.strassen, Scheme.naive(Shape(2, 3, 3)), Scheme.naive(Shape(3, 4, 5))]
        let table = DerivationTable(maxDimension: 8, base: base)
        let given = Dictionary(base.map { ($0.shape.normalized, $0.rank) }, uniquingKeysWith: min)
        let ranks = DerivationTable.ranks(maxDimension: 8, given: given)
        #expect(ranks.count == 120)
        for (shape, rank) in ranks { #expect(table.rank(shape) == rank, "\(shape)") }
        let naiveOnly = DerivationTable.ranks(maxDimension: 8, given: [:])
        #expect(naiveOnly[Shape(2, 2, 3)] == 12 && ranks[Shape(2, 2, 3)] == 11)
        #expect(naiveOnly[Shape(8, 8, 8)] == 512 && ranks[Shape(8, 8, 8)] == 343)
    }

    @Test func derivesFortyNineForFourByFour() throws {
        let table = DerivationTable(maxDimension: 8, base: [Scheme.strassen])
        #expect(table.rank(Shape(4, 4, 4)) == 49)
        #expect(table.rank(Shape(8, 8, 8)) == 343)
        #expect(table.rank(Shape(2, 2, 3)) == 11) // Strassen ⊕ naive ⟨2,2,1⟩ = 7 + 4
        let scheme = try #require(table.scheme(for: Shape(4, 4, 4)))
        #expect(scheme.rank == 49)
        #expect(Checker().verify(scheme).valid)
    }

    /// Every derived bound comes with a scheme of exactly that rank that checks, in every ordering.
    @Test func everyDerivedSchemeChecks() throws {
        let table = DerivationTable(maxDimension: 6, base: [Scheme.strassen])
        var rng = SeededGenerator(seed: 9)
        for a in 2...5 {
            for b in a...5 {
                for c in b...5 {
                    var dims = [a, b, c]
                    dims.shuffle(using: &rng)
                    let shape = Shape(dims[0], dims[1], dims[2])
                    let scheme = try #require(table.scheme(for: shape))
                    #expect(scheme.shape == shape)
                    #expect(scheme.rank == table.rank(shape))
                    #expect(Checker().verify(scheme).valid, "\(shape): \(table.describe(shape) ?? "")")
                }
            }
        }
    }

    @Test func storedSchemesAreUsedInAnyOrdering() throws {
        // A rank-11 ⟨2,3,2⟩ stored in a non-sorted ordering; without it the best is naive 12.
        let stored = Scheme.directSum(Scheme.strassen, Scheme.naive(Shape(2, 2, 1)), axis: 2).cycled()
        #expect(stored.shape == Shape(2, 3, 2))
        #expect(DerivationTable(maxDimension: 4, base: []).rank(Shape(3, 2, 2)) == 12)
        let table = DerivationTable(maxDimension: 4, base: [stored])
        #expect(table.rank(Shape(3, 2, 2)) == 11)
        #expect(table.recipe(Shape(3, 2, 2)) == .base(0))
        let scheme = try #require(table.scheme(for: Shape(3, 2, 2)))
        #expect(scheme.rank == 11 && Checker().verify(scheme).valid)
    }
}

@Suite struct ExtensionTests {
    /// Extending along each axis adds the naive terms of the new slice: Strassen's 7 becomes a
    /// valid scheme of rank 7 + 4 for ⟨3,2,2⟩, ⟨2,3,2⟩ or ⟨2,2,3⟩ that keeps Strassen's terms
    /// first; a rescaled naive ⟨2,3,2⟩ extends to a valid scheme as well (checked over Q).
    @Test(arguments: [0, 1, 2])
    func extensionsAddTheNaiveSlice(_ axis: Int) {
        let extended = Scheme.strassen.extended(axis: axis)
        var dims = [2, 2, 2]
        dims[axis] = 3
        #expect(extended.shape == Shape(dims[0], dims[1], dims[2]))
        #expect(extended.rank == 11)
        #expect(Checker().verify(extended).valid)
        #expect(extended.restricted(rows: [0, 1], inner: [0, 1], columns: [0, 1]).terms.count == 7)
        var rng = SeededGenerator(seed: UInt64(10 + axis))
        let scaled = SchemeMutations.rescaled(Scheme.naive(Shape(2, 3, 2)), using: &rng)
        let grown = scaled.extended(axis: axis)
        #expect(grown.rank == 12 + [6, 4, 6][axis])
        #expect(Checker().verify(grown).valid)
    }
}

@Suite struct PairwiseStrassenTests {
    /// The construction holds exactly for every n up to 8, at Hopcroft and Kerr's rank
    /// (3n² + n)/2; for n = 2 it is a Strassen algorithm with integer coefficients, beyond that
    /// some pair's 1/(t_k − t_l) has an even denominator, so it holds over Q and not mod 2.
    @Test(arguments: 2...8)
    func pairwiseStrassenIsValidAtTheHopcroftKerrRank(_ n: Int) {
        let scheme = Scheme.pairwiseStrassen(n)
        #expect(scheme.shape == Shape(n, 2, n))
        #expect(scheme.rank == (3 * n * n + n) / 2)
        #expect(Checker().verify(scheme).valid)
        #expect(scheme.hasIntegerCoefficients == (n == 2))
    }
}
