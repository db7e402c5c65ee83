import Checker
import FlipGraph
import SchemeModel
import Testing

@Suite struct CyclicFlipWalkTests {
    @Test(arguments: [2, 3, 4, 5])
    func naiveSchemeIsSymmetricAndValid(_ n: Int) {
        let naive = CyclicScheme.naive(n)
        #expect(naive.rank == n * n * n)
        #expect(naive.fixed.count == n)
        #expect(naive.scheme.isValid)
        #expect(CyclicScheme(naive.scheme) != nil)
        #expect(CyclicScheme(GF2Scheme.naive(Shape(n, n, n)))?.rank == n * n * n)
    }

    /// A scheme whose terms are not closed under the rotation has no symmetric reading.
    @Test func asymmetricSchemeIsRefused() {
        var walk = FlipWalk(GF2Scheme.naive(Shape(3, 3, 3)), seed: 2)
        for _ in 0..<5_000 { walk.flip() }
        #expect(CyclicScheme(walk.scheme) == nil)
    }

    /// Flips, reductions and plus transitions keep the scheme valid and ρ-invariant, checked
    /// after every move and exactly at the end.
    @Test(arguments: [2, 3, 4])
    func movesKeepSchemesValidAndSymmetric(_ n: Int) {
        var walk = CyclicFlipWalk(CyclicScheme.naive(n), seed: 7)
        for step in 0..<20_000 {
            if step % 997 == 0 { walk.plusTransition() } else { walk.flip() }
            if step % 101 == 0 {
                #expect(walk.scheme.isValid)
                #expect(CyclicScheme(walk.scheme) != nil)
            }
        }
        #expect(Checker().verify(walk.scheme.scheme, over: .gf2).valid)
        #expect(walk.flips > 0)
    }
}

@Suite struct CyclicFlipSearchTests {
    /// From the naive scheme, symmetric walks reach Strassen's and Laderman's ranks over GF(2);
    /// the results are valid (checked exactly) and ρ-invariant.
    @Test func reachesStrassenAndLadermanRanks() {
        for (n, target) in [(2, 7), (3, 23)] {
            var search = FlipSearch<CyclicFlipWalk>(start: CyclicScheme.naive(n),
                                                    parameters: .init(plateauLimit: 2_000, maxRankIncrease: 6, target: target, maxFlips: 50_000_000, seed: 1))
            while !search.finished { _ = search.run(attempts: 100_000) }
            #expect(search.best.rank == target, "n = \(n)")
            #expect(Checker().verify(search.best.scheme, over: .gf2).valid)
            #expect(CyclicScheme(search.best) != nil)
        }
    }

    /// A walk that stalls gives up after its stall limit instead of running to the flip budget.
    @Test func stalledWalkGivesUp() {
        var search = FlipSearch<CyclicFlipWalk>(start: CyclicScheme.naive(4),
                                                parameters: .init(plateauLimit: 2_000, maxRankIncrease: 6, target: 10, maxFlips: 100_000_000, stallLimit: 200_000, seed: 2))
        while !search.finished { _ = search.run(attempts: 10_000) }
        #expect(search.best.rank > 10)
        #expect(search.totalFlips < 100_000_000)
    }

    /// The pool of walkers also drives the symmetric walk.
    @Test func poolOfSymmetricWalkers() {
        var search = FlipPool<CyclicFlipWalk>(start: CyclicScheme.naive(3),
                                              parameters: .init(poolSize: 8, walkLength: 20_000, plateauLimit: 2_000, target: 23, maxFlips: 50_000_000, seed: 3))
        while !search.finished { _ = search.run(attempts: 100_000) }
        #expect(search.best.rank == 23)
        #expect(search.pool.allSatisfy { $0.rank == 23 && $0.scheme.isValid })
    }
}

@Suite struct CyclicCubeStartTests {
    /// Cube starts are valid symmetric schemes with the cubes as fixed terms; one cube per
    /// position is the naive scheme.
    @Test func cubeStartsAreValid() throws {
        let start = try #require(CyclicScheme(n: 5, cubes: [[0, 4], [1, 3], [2]]))
        #expect(start.scheme.isValid)
        #expect(start.fixed.count == 3)
        #expect(start.rank == 3 + 3 * 44)
        #expect(CyclicScheme(n: 4, cubes: [[0, 1, 2, 3]])?.scheme.isValid == true)
        let single = try #require(CyclicScheme(n: 3, cubes: [[0], [1], [2]]))
        #expect(single.orbits == CyclicScheme.naive(3).orbits && single.fixed == CyclicScheme.naive(3).fixed)
        #expect(CyclicScheme(n: 3, cubes: [[0, 1], [1]]) == nil)
        #expect(CyclicScheme(n: 3, cubes: [[3]]) == nil)
    }

    /// Plus transitions from a cube start split orbits only: the cubes stay fixed terms.
    @Test func cubeStartsKeepTheirCubes() throws {
        let start = try #require(CyclicScheme(n: 4, cubes: [[0, 3], [1, 2]]))
        var walk = CyclicFlipWalk(start, seed: 4)
        for _ in 0..<200 { walk.plusTransition() }
        #expect(walk.state.fixed == start.fixed)
        #expect(walk.state.keepsFixedTerms)
        #expect((walk.rank - start.rank) % 3 == 0)
        #expect(walk.scheme.isValid)
    }
}
