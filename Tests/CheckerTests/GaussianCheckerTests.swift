import Checker
import ExactArithmetic
import SchemeModel
import TestSupport
import Testing

/// Checks over Q(i): Re = T and Im = 0, each with the checker's exact layers.
@Suite struct GaussianCheckerTests {
    static let zero = Scheme(shape: Scheme.strassen.shape, terms: Scheme.strassen.terms.map { t in
        Term(u: t.u.map { _ in .zero }, v: t.v.map { _ in .zero }, w: t.w.map { _ in .zero })
    })

    /// Each term's factors scaled by α, β, γ with αβγ = 1: α = 1 + i, β = (1 − i)/2, γ = 1.
    /// Valid over Q(i), and not a scheme over Q.
    @Test func strassenWithGaussianScalesHolds() {
        let half = Rational(1) / Rational(2)
        var real = Scheme.strassen, imaginary = Self.zero
        for r in 0..<7 {
            let (u, v) = (Scheme.strassen.terms[r].u, Scheme.strassen.terms[r].v)
            // (1 + i)·u and (1/2 − i/2)·v.
            real.terms[r].v = v.map { $0 * half }
            imaginary.terms[r].u = u
            imaginary.terms[r].v = v.map { -$0 * half }
        }
        let verdict = Checker().verify(GaussianScheme(real: real, imaginary: imaginary))
        #expect(verdict.valid && !verdict.isReal)
        #expect(!Checker().verify(real).valid, "the real parts alone are not a scheme")
    }

    /// An imaginary w' on one term leaves Re = T but makes Im = u⊗v⊗w' ≠ 0: the imaginary part
    /// fails, with exactly nnz(u)·nnz(v)·nnz(w') wrong equations carrying Im's entries.
    @Test func aWrongImaginaryPartIsFoundAndNamed() throws {
        var imaginary = Self.zero
        imaginary.terms[0].w[1] = Rational(3)
        let verdict = Checker().verify(GaussianScheme(real: Scheme.strassen, imaginary: imaginary))
        #expect(verdict.realPart.holds)
        let check = try #require(verdict.imaginaryPart)
        #expect(!verdict.valid && check.wrongCount == 4)
        #expect(check.firstWrong.allSatisfy { $0.expected == 0 && $0.actual == Rational(3) })
    }

    /// A real scheme read as a Gaussian one is judged as over Q.
    @Test func aRealSchemeHoldsOverQOfI() {
        let verdict = Checker().verify(GaussianScheme(real: Scheme.strassen, imaginary: Self.zero))
        #expect(verdict.valid && verdict.isReal)
        var broken = Scheme.strassen
        broken.terms[0].u[0] = Rational(2)
        #expect(!Checker().verify(GaussianScheme(real: broken, imaginary: Self.zero)).valid)
    }
}
