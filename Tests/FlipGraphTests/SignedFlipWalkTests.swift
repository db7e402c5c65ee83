import Checker
import Derivation
import ExactArithmetic
import FlipGraph
import SchemeModel
import TestSupport
import Testing

@Suite struct SignedFlipWalkTests {
    /// Random walks (flips, reductions, plus transitions) keep schemes valid over Z (ternary,
    /// every coefficient in {-1, 0, 1}) and modulo 3, checked directly and, for ZT, by the
    /// exact checker.
    @Test(arguments: [(Shape(2, 2, 2), SignedRing.ternary), (Shape(3, 3, 3), .ternary), (Shape(2, 3, 4), .ternary), (Shape(4, 4, 4), .ternary),
                      (Shape(2, 2, 2), .mod3), (Shape(3, 3, 3), .mod3), (Shape(2, 3, 4), .mod3), (Shape(4, 4, 4), .mod3)])
    func walksKeepSchemesValid(_ shape: Shape, _ ring: SignedRing) {
        var walk = SignedFlipWalk(SignedScheme.naive(shape, ring: ring), seed: 11)
        for round in 0..<20 {
            for _ in 0..<2_000 { walk.flip() }
            if round % 5 == 4 { walk.plusTransition() }
            #expect(walk.scheme.isValid)
        }
        #expect(walk.flips > 0)
        if ring == .ternary {
            #expect(walk.scheme.scheme.hasTernaryCoefficients)
            #expect(Checker().verify(walk.scheme.scheme).valid)
        }
    }
}

@Suite struct SignedReductionTests {
    /// a⊗x₁⊗w₁ + a⊗x₂⊗w₂ rewritten as a⊗x₁⊗(w₁ − y) + a⊗x₂⊗(w₂ − y) + a⊗(x₁ + x₂)⊗y: no two
    /// terms share two factors, so only the dependency x₁ + x₂ − (x₁ + x₂) = 0 removes a term.
    @Test(arguments: SignedRing.allCases)
    func dependentFactorsAmongTermsSharingOneAreReduced(_ ring: SignedRing) {
        let naive = SignedScheme.naive(Shape(2, 2, 2), ring: ring)
        let (i, j) = (0..<naive.rank).flatMap { i in (0..<naive.rank).map { (i, $0) } }.first { $0 < $1 && naive.u[$0] == naive.u[$1] }!
        let (a, x1, x2, w1, w2) = (naive.u[i], naive.v[i], naive.v[j], naive.w[i], naive.w[j])
        let y = (0..<4).map { TernaryVector(plus: 1 << UInt64($0), minus: 0) }.first { $0 != w1 && $0 != w2 }!
        func minus(_ p: TernaryVector, _ q: TernaryVector) -> TernaryVector { p.addingTernary(q.negated)! }
        let kept = (0..<naive.rank).filter { $0 != i && $0 != j }
        let split = SignedScheme(shape: naive.shape, ring: ring, u: kept.map { naive.u[$0] } + [a, a, a],
                                 v: kept.map { naive.v[$0] } + [x1, x2, x1.addingTernary(x2)!],
                                 w: kept.map { naive.w[$0] } + [minus(w1, y), minus(w2, y), y])
        #expect(split.isValid)
        #expect(split.rank == 9)
        let walk = SignedFlipWalk(split, seed: 1)
        #expect(walk.rank == 8)
        #expect(walk.reductions == 1)
        #expect(walk.scheme.isValid)
        if ring == .ternary { #expect(Checker().verify(walk.scheme.scheme).valid) }
    }

    /// Coefficient-wise sums: over ZT a sum that leaves {-1, 0, 1} is refused, mod 3 it wraps
    /// (1 + 1 = -1, -1 + -1 = 1); every non-zero vector is ±1 times one canonical vector.
    @Test func ternaryAndModThreeSums() {
        let x = TernaryVector(plus: 0b0101, minus: 0b0010), y = TernaryVector(plus: 0b0001, minus: 0b1000)
        #expect(SignedRing.ternary.add(x, y) == nil)
        #expect(SignedRing.mod3.add(x, y) == TernaryVector(plus: 0b0100, minus: 0b1011))
        #expect(SignedRing.ternary.add(x, x.negated) == .zero)
        #expect(SignedRing.ternary.add(x, TernaryVector(plus: 0b1000, minus: 0)) == TernaryVector(plus: 0b1101, minus: 0b0010))
        for ring in SignedRing.allCases {
            var rng = SeededGenerator(seed: 5)
            for _ in 0..<200 {
                let plus = UInt64.random(in: 0..<(1 << 9), using: &rng), minus = UInt64.random(in: 0..<(1 << 9), using: &rng) & ~plus
                let v = TernaryVector(plus: plus, minus: minus), w = TernaryVector(plus: minus >> 1, minus: plus >> 1 & ~(minus >> 1))
                // Adding and subtracting w is the identity wherever both sums exist.
                if let sum = ring.add(v, w), let back = ring.add(sum, w.negated) { #expect(back == v) }
                if !v.isZero { #expect(v.leadsNegative != v.negated.leadsNegative) }
                for i in 0..<9 { #expect(v.coefficient(i) == (plus >> UInt64(i) & 1 == 1 ? 1 : minus >> UInt64(i) & 1 == 1 ? -1 : 0)) }
            }
        }
    }
}

@Suite struct ModularLiftTests {
    /// Strassen with one term rescaled to (2u, v, w/2): coefficients 2 and 1/2, so no image mod 2
    /// exists; its image mod 3 lifts 3-adically back to a scheme over Q with the same image.
    @Test func liftsASchemeWithAHalfFromModThree() throws {
        var scheme = Scheme.strassen
        scheme.terms[0].u = scheme.terms[0].u.map { $0 * Rational(2) }
        scheme.terms[0].w = scheme.terms[0].w.map { $0 / Rational(2) }
        #expect(Checker().verify(scheme).valid)
        #expect(GF2Scheme(scheme) == nil)
        let image = try #require(SignedScheme(scheme, ring: .mod3))
        #expect(image.isValid)
        let lifted = try #require(HenselLift.lift(image, accepting: { Checker().verify($0).valid }))
        #expect(Checker().verify(lifted).valid)
        #expect(SignedScheme(lifted, ring: .mod3) == image)
    }

    /// A walk mod 3 lifts: ⟨2,3,3⟩ from the naive scheme down to rank 15, then lifted and
    /// checked exactly.
    @Test func liftsAModThreeWalk() throws {
        var search = FlipSearch<SignedFlipWalk>(start: SignedScheme.naive(Shape(2, 3, 3), ring: .mod3),
                                                parameters: .init(target: 15, maxFlips: 50_000_000, seed: 2))
        while !search.finished { _ = search.run(attempts: 100_000) }
        try #require(search.best.rank == 15)
        let lifted = try #require(HenselLift.lift(search.best, accepting: { Checker().verify($0).valid }))
        #expect(Checker().verify(lifted).valid)
        #expect(SignedScheme(lifted, ring: .mod3) == search.best)
    }

    /// Lifting at sizes the dense Jacobian refused (above 16,384 Brent equations): Strassen's
    /// cube ⟨8,8,8⟩ (262,144 equations, 65,856 coefficients) and Strassen ⊗ a ternary ⟨3,3,3⟩
    /// of rank 23 found by the ZT walk (⟨6,6,6⟩, rank 161), each reduced mod 3 and lifted back.
    @Test func liftsLargeSchemesReducedModThree() throws {
        var search = FlipSearch<SignedFlipWalk>(start: SignedScheme.naive(Shape(3, 3, 3), ring: .ternary),
                                                parameters: .init(target: 23, maxFlips: 100_000_000, seed: 1))
        while !search.finished { _ = search.run(attempts: 100_000) }
        try #require(search.best.rank == 23)
        let strassen = Scheme.strassen
        for scheme in [Scheme.tensorProduct(strassen, search.best.scheme), Scheme.tensorProduct(strassen, Scheme.tensorProduct(strassen, strassen))] {
            let image = try #require(SignedScheme(scheme, ring: .mod3))
            let lifted = try #require(HenselLift.lift(image, accepting: { Checker().verify($0).valid }), "\(scheme.shape)")
            #expect(lifted.rank == scheme.rank)
            #expect(SignedScheme(lifted, ring: .mod3) == image)
        }
    }
}

@Suite struct SignSearchTests {
    /// Strassen⊗Strassen reduced mod 2: the plain Hensel steps give a lift over Z with larger
    /// coefficients; the sign search over the first step's free unknowns finds the ternary one.
    @Test func liftsStrassenSquaredModTwoToTernaryCoefficients() throws {
        let image = try #require(GF2Scheme(Scheme.tensorProduct(Scheme.strassen, Scheme.strassen)))
        let lifted = try #require(HenselLift.lift(image, accepting: { Checker().verify($0).valid }))
        #expect(lifted.hasTernaryCoefficients)
        #expect(GF2Scheme(lifted) == image)
    }
}

@Suite struct LongDimensionTests {
    /// Dimensions above 8 whose factor matrices still fit in 64 entries (⟨2,9,2⟩: 18, 18, 4;
    /// ⟨3,3,12⟩: 9, 36, 36): walks from the naive scheme lower the rank and stay valid, over
    /// GF(2) and over ZT. (Seeds that get there within a few million flips.)
    @Test(arguments: [(Shape(2, 9, 2), UInt64(1), 5_000_000), (Shape(3, 3, 12), UInt64(4), 300_000)])
    func walksLowerTheRankOfLongShapes(_ shape: Shape, _ seed: UInt64, _ flips: Int) {
        #expect(GF2Scheme.supports(shape))
        var search = FlipSearch<FlipWalk>(start: GF2Scheme.naive(shape), parameters: .init(target: shape.naiveRank - 1, maxFlips: UInt64(flips), seed: seed))
        while !search.finished { _ = search.run(attempts: 100_000) }
        #expect(search.best.rank < shape.naiveRank)
        #expect(search.best.isValid)
        var ternary = SignedFlipWalk(SignedScheme.naive(shape, ring: .ternary), seed: 1)
        for _ in 0..<200_000 { ternary.flip() }
        #expect(ternary.scheme.isValid)
        #expect(Checker().verify(ternary.scheme.scheme).valid)
    }
}

@Suite struct WideFactorTests {
    /// Factor matrices above 64 entries take 256-bit words: ⟨2,5,13⟩ (B is 5×13, 65 entries) walks
    /// from the naive scheme to a lower rank, stays valid mod 2, and the 256-bit walk agrees with
    /// the 64-bit one where both apply (the same seed gives the same walk on ⟨3,3,3⟩).
    @Test func wideWalksLowerTheRankAndMatchTheNarrowWalk() throws {
        let shape = Shape(2, 5, 13)
        #expect(!GF2Scheme.supports(shape) && WideGF2Scheme.supports(shape))
        var search = FlipSearch<WideFlipWalk>(start: WideGF2Scheme.naive(shape), parameters: .init(target: shape.naiveRank - 1, maxFlips: 30_000_000, seed: 3))
        while !search.finished { _ = search.run(attempts: 100_000) }
        #expect(search.best.rank < shape.naiveRank)
        #expect(search.best.isValid)
        #expect(Checker().verify(search.best.scheme, over: .gf2).valid)
        var narrow = FlipWalk(GF2Scheme.naive(Shape(3, 3, 3)), seed: 9)
        var wide = WideFlipWalk(WideGF2Scheme.naive(Shape(3, 3, 3)), seed: 9)
        narrow.flip(times: 50_000)
        wide.flip(times: 50_000)
        #expect(narrow.scheme.scheme == wide.scheme.scheme)
    }

    /// ⟨16,16,16⟩: 256-entry factor matrices, the largest the walk takes; flips keep the naive
    /// scheme's image valid.
    @Test func sixteenBySixteenFactorsWalk() {
        let shape = Shape(16, 16, 16)
        #expect(WideGF2Scheme.supports(shape) && !WideGF2Scheme.supports(Shape(16, 16, 17)))
        var walk = WideFlipWalk(WideGF2Scheme.naive(shape), seed: 2)
        walk.flip(times: 20_000)
        #expect(walk.flips > 0)
        #expect(walk.scheme.isValid)
    }

    /// The ternary and GF(3) walks with 256-bit planes keep ⟨2,5,13⟩ and ⟨9,9,9⟩ valid (over Z,
    /// checked exactly, and mod 3), and agree with the 64-bit walks where both apply.
    @Test(arguments: SignedRing.allCases)
    func wideSignedWalksKeepSchemesValid(_ ring: SignedRing) {
        for shape in [Shape(2, 5, 13), Shape(9, 9, 9)] {
            #expect(!SignedScheme.supports(shape) && WideSignedScheme.supports(shape))
            var walk = WideSignedFlipWalk(WideSignedScheme.naive(shape, ring: ring), seed: 4)
            for _ in 0..<4 {
                walk.flip(times: 5_000)
                walk.plusTransition()
            }
            #expect(walk.flips > 0)
            #expect(walk.scheme.isValid)
            if ring == .ternary { #expect(Checker().verify(walk.scheme.scheme).valid) }
        }
        var narrow = SignedFlipWalk(SignedScheme.naive(Shape(3, 3, 3), ring: ring), seed: 9)
        var wide = WideSignedFlipWalk(WideSignedScheme.naive(Shape(3, 3, 3), ring: ring), seed: 9)
        narrow.flip(times: 50_000)
        wide.flip(times: 50_000)
        #expect(narrow.scheme.scheme == wide.scheme.scheme)
    }

    @Test func wordOperations() {
        var rng = SeededGenerator(seed: 8)
        for _ in 0..<100 {
            let bits = (0..<6).map { _ in Int.random(in: 0..<256, using: &rng) }
            let word = bits.reduce(Word256.zero) { $0 | Word256(bit: $1) }
            #expect((0..<256).filter { word.bit($0) } == Array(Set(bits)).sorted())
            #expect(word.highestBit == bits.max())
            #expect((word ^ word).isZero && !(word & word).isZero)
        }
    }
}
