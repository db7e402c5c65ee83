import ExactArithmetic
import SchemeModel

/// A scheme over GF(2) with every factor bit-packed in one `UInt64`: bit i of `u[r]` is the
/// coefficient of a_i (A row-major), of `v[r]` of b_j (B row-major), of `w[r]` of c_k (Cᵀ
/// row-major), as in `Scheme`. Each factor matrix has at most 64 entries (up to 8×8).
public struct GF2Scheme: Sendable, Equatable {
    public let shape: Shape
    public var u: [UInt64]
    public var v: [UInt64]
    public var w: [UInt64]

    public var rank: Int { u.count }

    /// Whether a shape fits (every factor at most 64 entries).
    public static func supports(_ shape: Shape) -> Bool { max(shape.uCount, shape.vCount, shape.wCount) <= 64 }

    public init(shape: Shape, u: [UInt64], v: [UInt64], w: [UInt64]) {
        precondition(GF2Scheme.supports(shape) && u.count == v.count && v.count == w.count)
        (self.shape, self.u, self.v, self.w) = (shape, u, v, w)
    }

    /// The image of a scheme modulo 2 (its coefficients' parities); `nil` if a coefficient has
    /// an even denominator or the shape does not fit. Terms that vanish mod 2 are dropped.
    public init?(_ scheme: Scheme) {
        guard GF2Scheme.supports(scheme.shape) else { return nil }
        func bits(_ factor: [Rational]) -> UInt64? {
            var word: UInt64 = 0
            for (i, c) in factor.enumerated() where !c.isZero {
                guard let odd = c.parity else { return nil }
                if odd { word |= 1 << UInt64(i) }
            }
            return word
        }
        var u: [UInt64] = [], v: [UInt64] = [], w: [UInt64] = []
        for term in scheme.terms {
            guard let a = bits(term.u), let b = bits(term.v), let c = bits(term.w) else { return nil }
            if a == 0 || b == 0 || c == 0 { continue }
            u.append(a); v.append(b); w.append(c)
        }
        self.init(shape: scheme.shape, u: u, v: v, w: w)
    }

    /// The naive scheme (rank n·m·p).
    public static func naive(_ shape: Shape) -> GF2Scheme {
        var u: [UInt64] = [], v: [UInt64] = [], w: [UInt64] = []
        for i in 0..<shape.n { for j in 0..<shape.m { for k in 0..<shape.p {
            u.append(1 << UInt64(i * shape.m + j))
            v.append(1 << UInt64(j * shape.p + k))
            w.append(1 << UInt64(k * shape.n + i))
        } } }
        return GF2Scheme(shape: shape, u: u, v: v, w: w)
    }

    /// As a `Scheme` with 0/1 coefficients, declared to hold modulo 2.
    public var scheme: Scheme {
        func vector(_ word: UInt64, _ count: Int) -> [Rational] {
            (0..<count).map { word >> UInt64($0) & 1 == 1 ? Rational.one : Rational.zero }
        }
        return Scheme(shape: shape, terms: (0..<rank).map {
            Term(u: vector(u[$0], shape.uCount), v: vector(v[$0], shape.vCount), w: vector(w[$0], shape.wCount))
        }, intendedRing: .gf2)
    }

    /// True when Σ u_r ⊗ v_r ⊗ w_r = T⟨n,m,p⟩ over GF(2) (a direct check, for tests and asserts).
    public var isValid: Bool {
        let (n, m, p) = (shape.n, shape.m, shape.p)
        // The (x, y) fibre of the residual is a word over z.
        var fibres = [UInt64](repeating: 0, count: shape.uCount * shape.vCount)
        for r in 0..<rank {
            var xs = u[r]
            while xs != 0 {
                let x = xs.trailingZeroBitCount
                xs &= xs - 1
                var ys = v[r]
                while ys != 0 {
                    let y = ys.trailingZeroBitCount
                    ys &= ys - 1
                    fibres[x * shape.vCount + y] ^= w[r]
                }
            }
        }
        for i in 0..<n { for j in 0..<m { for k in 0..<p {
            fibres[(i * m + j) * shape.vCount + j * p + k] ^= 1 << UInt64(k * n + i)
        } } }
        return fibres.allSatisfy { $0 == 0 }
    }
}
