import ExactArithmetic
import Foundation

/// An exact finish for residuals whose rank equals their flattening rank r (r ≤ the smaller
/// of two mode dimensions): Jennrich's simultaneous diagonalisation, carried out over Q.
///
/// If X = Σ_{i<r} a_i ⊗ b_i ⊗ c_i with the a_i and the b_i linearly independent and no two
/// c_i parallel, the decomposition is unique and found as follows. Compress modes p and q to
/// their r-dimensional spans (X = G ×_p U_p ×_q U_q); combine the slices of the core along
/// mode s with two weight vectors α, β: M_α = A diag(Cᵀα) Bᵀ, M_β = A diag(Cᵀβ) Bᵀ. The
/// eigenvectors of M_α M_β⁻¹ are the columns of A, with eigenvalues (Cᵀα)_i / (Cᵀβ)_i. The
/// eigenvalues are found numerically from the characteristic polynomial and accepted only as
/// exact rational roots; everything else is exact, and the terms are checked against X before
/// they are returned. When any step fails (a repeated or irrational eigenvalue, a rank
/// deficiency) there is no finish and the game goes on.
public enum LowRankFinish {
    public typealias RationalTerm = (u: [Rational], v: [Rational], w: [Rational])

    /// The rank-r decomposition of `tensor`, or nil. Callers that have the tensor's
    /// flattening ranks pass them.
    public static func decompose(_ tensor: ResidualTensor, flatteningRanks: [Int]? = nil) -> [RationalTerm]? {
        let ranks = flatteningRanks ?? tensor.flatteningRanks
        let r = ranks.max()!
        guard r >= 1 else { return nil }
        for s in [2, 1, 0] {
            let (p, q) = ResidualTensor.otherModes(s)
            guard ranks[p] == r, ranks[q] == r, passesCommutingTest(tensor, p: p, q: q, s: s, rank: r) else { continue }
            for attempt in 0..<2 {
                if let terms = jennrich(tensor, p: p, q: q, s: s, rank: r, attempt: attempt) { return terms }
            }
        }
        return nil
    }

    /// The slice weights α and β of an attempt: small, fixed, so the finish is deterministic.
    static func alphaWeights(_ count: Int, attempt: Int) -> [Int] { (0..<count).map { ($0 * 7 + 3 + attempt * 5) % 11 - 5 } }
    static func betaWeights(_ count: Int, attempt: Int) -> [Int] { (0..<count).map { ($0 * 3 + 1 + attempt * 4) % 7 + 1 } }

    static func jennrich(_ tensor: ResidualTensor, p: Int, q: Int, s: Int, rank r: Int, attempt: Int) -> [RationalTerm]? {
        let dims = [tensor.dA, tensor.dB, tensor.dC]
        func entry(_ i: Int, _ j: Int, _ k: Int) -> Rational { Rational(Int(tensor.entry((p, q, s), i, j, k))) }
        // Column bases of the mode-p and mode-q flattenings and left inverses.
        let flatP = RationalMatrix(rows: dims[p], columns: dims[q] * dims[s]) { i, c in entry(i, c / dims[s], c % dims[s]) }
        let flatQ = RationalMatrix(rows: dims[q], columns: dims[p] * dims[s]) { j, c in entry(c / dims[s], j, c % dims[s]) }
        guard let basisP = flatP.columnBasis(), basisP.columns == r, let basisQ = flatQ.columnBasis(), basisQ.columns == r,
              let leftP = basisP.leftInverse(), let leftQ = basisQ.leftInverse() else { return nil }
        // Core slices G_k = L_p X_k L_qᵀ (r × r).
        let core: [RationalMatrix] = (0..<dims[s]).map { k in
            let slice = RationalMatrix(rows: dims[p], columns: dims[q]) { i, j in entry(i, j, k) }
            return leftP * slice * leftQ.transposed
        }
        let alpha = alphaWeights(dims[s], attempt: attempt).map { Rational($0) }
        let beta = betaWeights(dims[s], attempt: attempt).map { Rational($0) }
        var mAlpha = RationalMatrix.zero(r, r), mBeta = RationalMatrix.zero(r, r)
        for k in 0..<dims[s] {
            mAlpha = mAlpha + core[k].scaled(alpha[k])
            mBeta = mBeta + core[k].scaled(beta[k])
        }
        guard let betaInverse = mBeta.inverse() else { return nil }
        let n = mAlpha * betaInverse
        guard let eigenvalues = rationalEigenvalues(n), Set(eigenvalues.map(\.description)).count == r else { return nil }
        // Columns of A: the eigenvectors; then b_i from A⁻¹ M_β = diag(Cᵀβ) Bᵀ, c_i from the slices.
        var a = RationalMatrix.zero(r, r)
        for (i, lambda) in eigenvalues.enumerated() {
            guard let vector = (n - RationalMatrix.identity(r).scaled(lambda)).nullVector() else { return nil }
            for row in 0..<r { a[row, i] = vector[row] }
        }
        guard let aInverse = a.inverse() else { return nil }
        let bRows = aInverse * mBeta
        var terms: [RationalTerm] = []
        for i in 0..<r {
            let b = (0..<r).map { bRows[i, $0] }
            guard let pivot = b.firstIndex(where: { !$0.isZero }) else { return nil }
            let c = (0..<dims[s]).map { k in (aInverse * core[k])[i, pivot] / b[pivot] }
            let factorP = (0..<dims[p]).map { row in (0..<r).reduce(Rational(0)) { $0 + basisP[row, $1] * a[$1, i] } }
            let factorQ = (0..<dims[q]).map { row in (0..<r).reduce(Rational(0)) { $0 + basisQ[row, $1] * b[$1] } }
            var factors = [[Rational]](repeating: [], count: 3)
            (factors[p], factors[q], factors[s]) = (factorP, factorQ, c)
            terms.append((factors[0], factors[1], factors[2]))
        }
        return sums(terms, to: tensor) ? terms : nil
    }

    /// Whether the terms sum to the tensor exactly.
    public static func sums(_ terms: [RationalTerm], to tensor: ResidualTensor) -> Bool {
        for i in 0..<tensor.dA { for j in 0..<tensor.dB { for k in 0..<tensor.dC {
            let sum = terms.reduce(Rational(0)) { $0 + $1.u[i] * $1.v[j] * $1.w[k] }
            guard sum == Rational(Int(tensor[i, j, k])) else { return false }
        } } }
        return true
    }

    /// A fast necessary condition, modulo 2^31 − 1, for square slices (dims p and q equal to
    /// r): with a rank-r decomposition, M_α M_β⁻¹ and M_γ M_β⁻¹ share the eigenvectors A, so
    /// they commute (`ExtraTermsFinish.PencilSlices.commutatorRank` on all slices is 0). Most
    /// residuals fail it, sparing the exact computation.
    static func passesCommutingTest(_ tensor: ResidualTensor, p: Int, q: Int, s: Int, rank r: Int) -> Bool {
        guard tensor.dimension(p) == r, tensor.dimension(q) == r else { return true }
        let slices = ExtraTermsFinish.PencilSlices(tensor, p: p, q: q, s: s)
        return slices.commutatorRank(slices.allWeights) == 0
    }

    /// The eigenvalues of `matrix` when they are all rational (numerical roots of the
    /// characteristic polynomial, each confirmed exactly), else nil.
    static func rationalEigenvalues(_ matrix: RationalMatrix) -> [Rational]? {
        let coefficients = matrix.characteristicPolynomial()
        let roots = PolynomialRoots.roots(coefficients.map(\.doubleValue))
        var result: [Rational] = []
        for root in roots {
            guard abs(root.imaginary) < 1e-6 * max(1, abs(root.real)), let candidate = Rational.approximating(root.real, maximumDenominator: 10_000) else { return nil }
            var value = Rational(0)
            for coefficient in coefficients.reversed() { value = value * candidate + coefficient }
            guard value.isZero else { return nil }
            result.append(candidate)
        }
        return result
    }
}

extension Rational {
    /// The continued-fraction approximation of `value` with denominator at most
    /// `maximumDenominator` (nil for non-finite or huge values).
    static func approximating(_ value: Double, maximumDenominator: Int) -> Rational? {
        IntegerPolynomial.continuedFraction(value, maximumDenominator: maximumDenominator).map { Rational($0.0) / Rational($0.1) }
    }
}

/// Complex roots of a real polynomial by the Durand–Kerner (Weierstrass) iteration.
enum PolynomialRoots {
    struct Complex { var real: Double; var imaginary: Double }

    /// Roots of c[0] + c[1] x + … + c[d] x^d (c[d] ≠ 0), after at most `iterations` sweeps.
    static func roots(_ c: [Double], iterations: Int = 500) -> [Complex] {
        let d = c.count - 1
        guard d >= 1, c[d] != 0 else { return [] }
        let monic = c.map { $0 / c[d] }
        let bound = 1 + (monic.dropLast().map(abs).max() ?? 0)
        var z = (0..<d).map { k -> Complex in
            let angle = 2 * Double.pi * Double(k) / Double(d) + 0.4
            return Complex(real: bound * 0.9 * cos(angle), imaginary: bound * 0.9 * sin(angle))
        }
        func multiply(_ a: Complex, _ b: Complex) -> Complex { Complex(real: a.real * b.real - a.imaginary * b.imaginary, imaginary: a.real * b.imaginary + a.imaginary * b.real) }
        func divide(_ a: Complex, _ b: Complex) -> Complex {
            let n = b.real * b.real + b.imaginary * b.imaginary
            return Complex(real: (a.real * b.real + a.imaginary * b.imaginary) / n, imaginary: (a.imaginary * b.real - a.real * b.imaginary) / n)
        }
        for _ in 0..<iterations {
            var change = 0.0
            for i in 0..<d {
                var value = Complex(real: 1, imaginary: 0)
                for k in stride(from: d - 1, through: 0, by: -1) { value = multiply(value, z[i]); value.real += monic[k] }
                var denominator = Complex(real: 1, imaginary: 0)
                for j in 0..<d where j != i { denominator = multiply(denominator, Complex(real: z[i].real - z[j].real, imaginary: z[i].imaginary - z[j].imaginary)) }
                guard denominator.real != 0 || denominator.imaginary != 0 else { continue }
                let step = divide(value, denominator)
                z[i].real -= step.real
                z[i].imaginary -= step.imaginary
                change = max(change, abs(step.real) + abs(step.imaginary))
            }
            if change < 1e-13 { break }
        }
        return z
    }
}
