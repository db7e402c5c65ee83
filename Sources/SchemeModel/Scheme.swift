import ExactArithmetic

/// One rank-one term u ⊗ v ⊗ w of a bilinear algorithm: the product
/// M = (Σ u_(i·m+j) a_ij) · (Σ v_(j·p+k) b_jk), which contributes w_(k·n+i) · M to C_ik.
/// `u` indexes A (n×m) row-major, `v` indexes B (m×p) row-major, `w` indexes **Cᵀ** (p×n) row-major.
public struct Term: Hashable, Sendable {
    public var u: [Rational]
    public var v: [Rational]
    public var w: [Rational]

    public init(u: [Rational], v: [Rational], w: [Rational]) {
        (self.u, self.v, self.w) = (u, v, w)
    }
}

/// The ring a scheme is meant to hold over.
public enum IntendedRing: String, Sendable, Codable {
    /// The Brent equations hold over the rationals (hence over every field where the
    /// denominators are invertible).
    case rationals = "Q"
    /// The Brent equations hold only modulo 2 (`"z2": true` in the JSON format).
    case gf2 = "Z2"
}

/// A bilinear algorithm for ⟨n,m,p⟩ of rank R: R terms whose sum should equal the matrix
/// multiplication tensor, i.e. Σ_r u_r ⊗ v_r ⊗ w_r = T⟨n,m,p⟩ (the Brent equations).
/// See `Shape` for the index convention (the third factor indexes Cᵀ, as in AlphaTensor,
/// Kauers–Moosbauer and the JSON full-scheme format).
public struct Scheme: Hashable, Sendable {
    public let shape: Shape
    public var terms: [Term]
    /// The ring the source claims the scheme holds over.
    public var intendedRing: IntendedRing

    /// Precondition: every term has factor lengths n·m, m·p, p·n (readers check this and throw first).
    public init(shape: Shape, terms: [Term], intendedRing: IntendedRing = .rationals) {
        for term in terms {
            precondition(term.u.count == shape.uCount && term.v.count == shape.vCount && term.w.count == shape.wCount,
                         "factor lengths do not match \(shape)")
        }
        self.shape = shape
        self.terms = terms
        self.intendedRing = intendedRing
    }

    /// The number of multiplications R.
    public var rank: Int { terms.count }

    /// The naive algorithm: one product a_ij·b_jk per (i, j, k), rank n·m·p.
    public static func naive(_ shape: Shape) -> Scheme {
        var terms: [Term] = []
        terms.reserveCapacity(shape.naiveRank)
        for i in 0..<shape.n {
            for j in 0..<shape.m {
                for k in 0..<shape.p {
                    var u = [Rational](repeating: .zero, count: shape.uCount)
                    var v = [Rational](repeating: .zero, count: shape.vCount)
                    var w = [Rational](repeating: .zero, count: shape.wCount)
                    u[i * shape.m + j] = .one
                    v[j * shape.p + k] = .one
                    w[k * shape.n + i] = .one
                    terms.append(Term(u: u, v: v, w: w))
                }
            }
        }
        return Scheme(shape: shape, terms: terms)
    }

    /// True when every coefficient is an integer.
    public var hasIntegerCoefficients: Bool {
        terms.allSatisfy { t in [t.u, t.v, t.w].allSatisfy { $0.allSatisfy(\.isInteger) } }
    }

    /// True when every coefficient is -1, 0 or 1.
    public var hasTernaryCoefficients: Bool {
        terms.allSatisfy { t in
            [t.u, t.v, t.w].allSatisfy { $0.allSatisfy { c in c.intValue.map { abs($0) <= 1 } ?? false } }
        }
    }
}
