import ExactArithmetic
import SchemeModel

/// A scheme whose coefficients are -1, 0 or 1, held over the integers (`ring` ternary) or
/// modulo 3 (`ring` mod3, where -1 stands for 2). Factors are bit-plane vectors indexed as in
/// `Scheme` (u: A row-major, v: B row-major, w: Cᵀ row-major); each factor matrix has at most
/// `Word.capacity` entries (`SignedScheme`: 64, up to 8×8; `WideSignedScheme`: 256, up to 16×16).
public struct SignedSchemeOf<Word: FactorWord>: Sendable, Equatable {
    public typealias Vector = TernaryVectorOf<Word>
    public let shape: Shape
    public let ring: SignedRing
    public var u: [Vector]
    public var v: [Vector]
    public var w: [Vector]

    public var rank: Int { u.count }

    public static func supports(_ shape: Shape) -> Bool { GF2SchemeOf<Word>.supports(shape) }

    public init(shape: Shape, ring: SignedRing, u: [Vector], v: [Vector], w: [Vector]) {
        precondition(SignedSchemeOf.supports(shape) && u.count == v.count && v.count == w.count)
        (self.shape, self.ring, self.u, self.v, self.w) = (shape, ring, u, v, w)
    }

    /// The naive scheme (rank n·m·p).
    public static func naive(_ shape: Shape, ring: SignedRing) -> SignedSchemeOf {
        let naive = GF2SchemeOf<Word>.naive(shape)
        func vectors(_ words: [Word]) -> [Vector] { words.map { Vector(plus: $0, minus: .zero) } }
        return SignedSchemeOf(shape: shape, ring: ring, u: vectors(naive.u), v: vectors(naive.v), w: vectors(naive.w))
    }

    /// A scheme in this ring: for the ternary ring every coefficient must be -1, 0 or 1; for
    /// mod 3 every denominator must be prime to 3 (coefficients are reduced mod 3). Nil
    /// otherwise, or if the shape does not fit. Terms with a zero factor are dropped.
    public init?(_ scheme: Scheme, ring: SignedRing) {
        guard SignedSchemeOf.supports(scheme.shape) else { return nil }
        func residue(_ c: Rational) -> Int? {
            if ring == .ternary {
                guard let value = c.intValue, abs(value) <= 1 else { return nil }
                return value
            }
            guard let (p, q) = c.smallFraction, q % 3 != 0 else { return nil }
            // p/q mod 3, as -1, 0 or 1: q⁻¹ ≡ q (mod 3) for q prime to 3.
            let r = ((p % 3) * (q % 3) % 3 + 3) % 3
            return r == 2 ? -1 : r
        }
        func vector(_ factor: [Rational]) -> Vector? {
            var x = Vector.zero
            for (i, c) in factor.enumerated() where !c.isZero {
                guard let r = residue(c) else { return nil }
                if r == 1 { x.plus = x.plus | Word(bit: i) } else if r == -1 { x.minus = x.minus | Word(bit: i) }
            }
            return x
        }
        var u: [Vector] = [], v: [Vector] = [], w: [Vector] = []
        for term in scheme.terms {
            guard let a = vector(term.u), let b = vector(term.v), let c = vector(term.w) else { return nil }
            if a.isZero || b.isZero || c.isZero { continue }
            u.append(a); v.append(b); w.append(c)
        }
        self.init(shape: scheme.shape, ring: ring, u: u, v: v, w: w)
    }

    /// The scheme with its coefficients read as the integers -1, 0, 1: valid over Z for the
    /// ternary ring, only modulo 3 for the mod-3 ring (which must be lifted before it is a scheme
    /// over Q).
    public var scheme: Scheme {
        func vector(_ x: Vector, _ count: Int) -> [Rational] {
            (0..<count).map { Rational(x.coefficient($0)) }
        }
        return Scheme(shape: shape, terms: (0..<rank).map {
            Term(u: vector(u[$0], shape.uCount), v: vector(v[$0], shape.vCount), w: vector(w[$0], shape.wCount))
        })
    }

    /// True when Σ u_r ⊗ v_r ⊗ w_r = T⟨n,m,p⟩ over Z (ternary) or modulo 3: a direct check in
    /// machine integers, for tests and asserts.
    public var isValid: Bool {
        let (nu, nv, nw) = (shape.uCount, shape.vCount, shape.wCount)
        var residual = [Int](repeating: 0, count: nu * nv * nw)
        for r in 0..<rank {
            for x in 0..<nu where u[r].support.bit(x) {
                let a = u[r].coefficient(x)
                for y in 0..<nv where v[r].support.bit(y) {
                    let ab = a * v[r].coefficient(y)
                    for z in 0..<nw where w[r].support.bit(z) {
                        residual[(x * nv + y) * nw + z] += ab * w[r].coefficient(z)
                    }
                }
            }
        }
        for i in 0..<shape.n { for j in 0..<shape.m { for k in 0..<shape.p {
            residual[((i * shape.m + j) * nv + j * shape.p + k) * nw + k * shape.n + i] -= 1
        } } }
        return residual.allSatisfy { ring == .mod3 ? $0 % 3 == 0 : $0 == 0 }
    }
}

public typealias SignedScheme = SignedSchemeOf<UInt64>
public typealias WideSignedScheme = SignedSchemeOf<Word256>
