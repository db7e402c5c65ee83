import ExactArithmetic

/// A scheme with coefficients in Q(i), the Gaussian rationals: term r is
/// (u_r + i·u'_r) ⊗ (v_r + i·v'_r) ⊗ (w_r + i·w'_r), with the real parts in `real` and the
/// imaginary parts in `imaginary` (two real schemes of the same shape and rank). AlphaEvolve's
/// ⟨4,4,4⟩ of rank 48 is such a scheme.
public struct GaussianScheme: Sendable, Equatable {
    public let real: Scheme
    public let imaginary: Scheme

    /// Precondition: both parts have the same shape and rank.
    public init(real: Scheme, imaginary: Scheme) {
        precondition(real.shape == imaginary.shape && real.rank == imaginary.rank, "real and imaginary parts differ in shape or rank")
        (self.real, self.imaginary) = (real, imaginary)
    }

    public var shape: Shape { real.shape }
    public var rank: Int { real.rank }

    /// Whether every imaginary part is zero (the scheme is one over Q).
    public var isReal: Bool { imaginary.terms.allSatisfy { $0.u.allSatisfy(\.isZero) && $0.v.allSatisfy(\.isZero) && $0.w.allSatisfy(\.isZero) } }

    /// The real and the imaginary part of Σ_r (u+iu')⊗(v+iv')⊗(w+iw') as real schemes of 4R
    /// terms each: Re = u⊗v⊗w − u⊗v'⊗w' − u'⊗v⊗w' − u'⊗v'⊗w, and
    /// Im = u⊗v⊗w' + u⊗v'⊗w + u'⊗v⊗w − u'⊗v'⊗w'. The scheme holds over Q(i) iff Re = T and Im = 0.
    public var realAndImaginaryParts: (real: Scheme, imaginary: Scheme) {
        var re: [Term] = [], im: [Term] = []
        for (a, b) in zip(real.terms, imaginary.terms) {
            let minus = { (x: [Rational]) in x.map { -$0 } }
            re += [Term(u: a.u, v: a.v, w: a.w), Term(u: minus(a.u), v: b.v, w: b.w), Term(u: minus(b.u), v: a.v, w: b.w), Term(u: minus(b.u), v: b.v, w: a.w)]
            im += [Term(u: a.u, v: a.v, w: b.w), Term(u: a.u, v: b.v, w: a.w), Term(u: b.u, v: a.v, w: a.w), Term(u: minus(b.u), v: b.v, w: b.w)]
        }
        return (Scheme(shape: shape, terms: re), Scheme(shape: shape, terms: im))
    }
}
