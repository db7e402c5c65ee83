import ExactArithmetic
import SchemeModel

/// A scheme over GF(2) with every factor bit-packed in one word: bit i of `u[r]` is the
/// coefficient of a_i (A row-major), of `v[r]` of b_j (B row-major), of `w[r]` of c_k (Cᵀ
/// row-major), as in `Scheme`. Each factor matrix has at most `Word.capacity` entries: 64 for
/// `GF2Scheme` (up to 8×8), 256 for `WideGF2Scheme` (up to 16×16).
public struct GF2SchemeOf<Word: FactorWord>: Sendable, Equatable {
    public let shape: Shape
    public var u: [Word]
    public var v: [Word]
    public var w: [Word]

    public var rank: Int { u.count }

    /// Whether a shape fits (every factor matrix at most `Word.capacity` entries).
    public static func supports(_ shape: Shape) -> Bool { max(shape.uCount, shape.vCount, shape.wCount) <= Word.capacity }

    public init(shape: Shape, u: [Word], v: [Word], w: [Word]) {
        precondition(GF2SchemeOf.supports(shape) && u.count == v.count && v.count == w.count)
        (self.shape, self.u, self.v, self.w) = (shape, u, v, w)
    }

    /// The image of a scheme modulo 2 (its coefficients' parities); `nil` if a coefficient has
    /// an even denominator or the shape does not fit. Terms that vanish mod 2 are dropped.
    public init?(_ scheme: Scheme) {
        guard GF2SchemeOf.supports(scheme.shape) else { return nil }
        func bits(_ factor: [Rational]) -> Word? {
            var word = Word.zero
            for (i, c) in factor.enumerated() where !c.isZero {
                guard let odd = c.parity else { return nil }
                if odd { word = word | Word(bit: i) }
            }
            return word
        }
        var u: [Word] = [], v: [Word] = [], w: [Word] = []
        for term in scheme.terms {
            guard let a = bits(term.u), let b = bits(term.v), let c = bits(term.w) else { return nil }
            if a.isZero || b.isZero || c.isZero { continue }
            u.append(a); v.append(b); w.append(c)
        }
        self.init(shape: scheme.shape, u: u, v: v, w: w)
    }

    /// The naive scheme (rank n·m·p).
    public static func naive(_ shape: Shape) -> GF2SchemeOf {
        var u: [Word] = [], v: [Word] = [], w: [Word] = []
        for i in 0..<shape.n { for j in 0..<shape.m { for k in 0..<shape.p {
            u.append(Word(bit: i * shape.m + j))
            v.append(Word(bit: j * shape.p + k))
            w.append(Word(bit: k * shape.n + i))
        } } }
        return GF2SchemeOf(shape: shape, u: u, v: v, w: w)
    }

    /// As a `Scheme` with 0/1 coefficients, declared to hold modulo 2.
    public var scheme: Scheme {
        func vector(_ word: Word, _ count: Int) -> [Rational] {
            (0..<count).map { word.bit($0) ? Rational.one : Rational.zero }
        }
        return Scheme(shape: shape, terms: (0..<rank).map {
            Term(u: vector(u[$0], shape.uCount), v: vector(v[$0], shape.vCount), w: vector(w[$0], shape.wCount))
        }, intendedRing: .gf2)
    }

    /// True when Σ u_r ⊗ v_r ⊗ w_r = T⟨n,m,p⟩ over GF(2) (a direct check, for tests and asserts).
    public var isValid: Bool {
        let (n, m, p) = (shape.n, shape.m, shape.p)
        // The (x, y) fibre of the residual is a word over z.
        var fibres = [Word](repeating: .zero, count: shape.uCount * shape.vCount)
        for r in 0..<rank {
            for x in 0..<shape.uCount where u[r].bit(x) {
                for y in 0..<shape.vCount where v[r].bit(y) { fibres[x * shape.vCount + y] = fibres[x * shape.vCount + y] ^ w[r] }
            }
        }
        for i in 0..<n { for j in 0..<m { for k in 0..<p {
            let index = (i * m + j) * shape.vCount + j * p + k
            fibres[index] = fibres[index] ^ Word(bit: k * n + i)
        } } }
        return fibres.allSatisfy(\.isZero)
    }
}

/// Factors in one 64-bit word: factor matrices up to 8×8, the fast path.
public typealias GF2Scheme = GF2SchemeOf<UInt64>
/// Factors in 256 bits: factor matrices up to 16×16.
public typealias WideGF2Scheme = GF2SchemeOf<Word256>
