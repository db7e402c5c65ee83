import ExactArithmetic
import SchemeModel

/// The judgement of a scheme over Q(i).
public struct GaussianVerdict: Sendable {
    public let shape: Shape
    public let rank: Int
    /// The check of the real part Re = T (over Q, with the checker's layers).
    public let realPart: RingCheck
    /// The check of the imaginary part Im = 0, made as Re + Im = T once Re = T holds; its wrong
    /// equations carry Im's entries. Nil when the real part already failed.
    public let imaginaryPart: RingCheck?
    /// Whether the scheme is one over Q (every imaginary part zero).
    public let isReal: Bool

    /// True when the Brent equations hold over Q(i).
    public var valid: Bool { realPart.holds && imaginaryPart?.holds == true }
}

extension Checker {
    /// Checks a scheme over Q(i) exactly: Σ_r (u+iu')⊗(v+iv')⊗(w+iw') = T splits into a real
    /// part Re = T and an imaginary part Im = 0, each a sum of 4R real rank-one tensors
    /// (`GaussianScheme.realAndImaginaryParts`). Re is checked as a scheme over Q; Im = 0 as the
    /// scheme Re ∪ Im against T once Re = T holds. Both use the checker's layers (64-bit
    /// integers under a bound, primes, GMP), so the verdict is exact.
    public func verify(_ scheme: GaussianScheme) -> GaussianVerdict {
        let (re, im) = scheme.realAndImaginaryParts
        let realCheck = verify(re, over: .rationals).primary
        var imaginaryCheck: RingCheck?
        if realCheck.holds {
            let combined = verify(Scheme(shape: scheme.shape, terms: re.terms + im.terms), over: .rationals).primary
            // With Re = T, the residual of Re ∪ Im is Im itself: report it as Im's entries.
            imaginaryCheck = RingCheck(ring: .rationals, wrongCount: combined.wrongCount,
                                       firstWrong: combined.firstWrong.map { WrongEquation(equation: $0.equation, expected: 0, actual: $0.actual - Rational($0.expected)) },
                                       proof: combined.proof, obstruction: combined.obstruction)
        }
        return GaussianVerdict(shape: scheme.shape, rank: scheme.rank, realPart: realCheck, imaginaryPart: imaginaryCheck, isReal: scheme.isReal)
    }
}
