import Checker
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
