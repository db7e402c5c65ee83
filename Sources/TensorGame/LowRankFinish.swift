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

    /// The rank-r decomposition of `tensor`, or nil.
    public static func decompose(_ tensor: ResidualTensor) -> [RationalTerm]? {
        let ranks = tensor.flatteningRanks
        let r = ranks.max()!
        guard r >= 1 else { return nil }
        let dims = [tensor.dA, tensor.dB, tensor.dC]
        for s in [2, 1, 0] {
            let (p, q) = s == 2 ? (0, 1) : s == 1 ? (0, 2) : (1, 2)
            guard ranks[p] == r, ranks[q] == r, passesCommutingTest(tensor, dims: dims, p: p, q: q, s: s, rank: r) else { continue }
            for attempt in 0..<2 {
                if let terms = jennrich(tensor, dims: dims, p: p, q: q, s: s, rank: r, attempt: attempt) { return terms }
            }
        }
        return nil
    }

    static func jennrich(_ tensor: ResidualTensor, dims: [Int], p: Int, q: Int, s: Int, rank r: Int, attempt: Int) -> [RationalTerm]? {
        func entry(_ i: Int, _ j: Int, _ k: Int) -> Rational {
            var index = [0, 0, 0]
            (index[p], index[q], index[s]) = (i, j, k)
            return Rational(Int(tensor[index[0], index[1], index[2]]))
        }
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
        // Weights: small, fixed per attempt, so the finish is deterministic.
        let alpha = (0..<dims[s]).map { Rational(($0 * 7 + 3 + attempt * 5) % 11 - 5) }
        let beta = (0..<dims[s]).map { Rational(($0 * 3 + 1 + attempt * 4) % 7 + 1) }
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
        // The terms must sum to the tensor exactly.
        for i in 0..<tensor.dA { for j in 0..<tensor.dB { for k in 0..<tensor.dC {
            let sum = terms.reduce(Rational(0)) { $0 + $1.u[i] * $1.v[j] * $1.w[k] }
            guard sum == Rational(Int(tensor[i, j, k])) else { return nil }
        } } }
        return terms
    }

    /// A fast necessary condition, modulo 2^31 − 1, for square slices (dims p and q equal to
    /// r): with a rank-r decomposition, M_α M_β⁻¹ and M_γ M_β⁻¹ share the eigenvectors A, so
    /// they commute. Most residuals fail it, sparing the exact computation.
    static func passesCommutingTest(_ tensor: ResidualTensor, dims: [Int], p: Int, q: Int, s: Int, rank r: Int) -> Bool {
        guard dims[p] == r, dims[q] == r else { return true }
        let prime = RankModuloPrime.prime
        func combination(_ weights: [Int64]) -> [Int64] {
            var m = [Int64](repeating: 0, count: r * r)
            for i in 0..<r { for j in 0..<r { for k in 0..<dims[s] {
                var index = [0, 0, 0]
                (index[p], index[q], index[s]) = (i, j, k)
                m[i * r + j] += weights[k] * Int64(tensor[index[0], index[1], index[2]])
            } } }
            return m.map { (($0 % prime) + prime) % prime }
        }
        func multiply(_ a: [Int64], _ b: [Int64]) -> [Int64] {
            var c = [Int64](repeating: 0, count: r * r)
            for i in 0..<r { for k in 0..<r where a[i * r + k] != 0 { for j in 0..<r { c[i * r + j] = (c[i * r + j] + a[i * r + k] * b[k * r + j]) % prime } } }
            return c
        }
        let alpha = (0..<dims[s]).map { Int64(($0 * 7 + 3) % 11) - 5 }
        let beta = (0..<dims[s]).map { Int64(($0 * 3 + 1) % 7) + 1 }
        let gamma = (0..<dims[s]).map { Int64(($0 * 5 + 2) % 13) - 6 }
        guard let betaInverse = ModularMatrix.inverse(combination(beta), size: r) else { return true }
        let n1 = multiply(combination(alpha), betaInverse), n2 = multiply(combination(gamma), betaInverse)
        return multiply(n1, n2) == multiply(n2, n1)
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
        guard value.isFinite, abs(value) < 1e12 else { return nil }
        var (h0, h1, k0, k1) = (0, 1, 1, 0)
        var x = value
        for _ in 0..<40 {
            let a = Int(x.rounded(.down))
            let (h2, k2) = (a * h1 + h0, a * k1 + k0)
            guard k2 <= maximumDenominator else { break }
            (h0, h1, k0, k1) = (h1, h2, k1, k2)
            let fraction = x - Double(a)
            if abs(fraction) < 1e-12 { break }
            x = 1 / fraction
        }
        guard k1 != 0 else { return nil }
        return Rational(h1) / Rational(k1)
    }
}

/// Complex roots of a real polynomial by the Durand–Kerner (Weierstrass) iteration.
enum PolynomialRoots {
    struct Complex { var real: Double; var imaginary: Double }

    /// Roots of c[0] + c[1] x + … + c[d] x^d (c[d] ≠ 0).
    static func roots(_ c: [Double]) -> [Complex] {
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
        for _ in 0..<500 {
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

/// Gauss–Jordan inversion modulo 2^31 − 1.
enum ModularMatrix {
    static func inverse(_ matrix: [Int64], size n: Int) -> [Int64]? {
        let prime = RankModuloPrime.prime
        var m = [Int64](repeating: 0, count: n * 2 * n)
        for i in 0..<n {
            for j in 0..<n { m[i * 2 * n + j] = matrix[i * n + j] }
            m[i * 2 * n + n + i] = 1
        }
        for column in 0..<n {
            guard let pivot = (column..<n).first(where: { m[$0 * 2 * n + column] != 0 }) else { return nil }
            if pivot != column { for k in 0..<(2 * n) { m.swapAt(pivot * 2 * n + k, column * 2 * n + k) } }
            let scale = RankModuloPrime.power(m[column * 2 * n + column], prime - 2)
            for k in 0..<(2 * n) { m[column * 2 * n + k] = m[column * 2 * n + k] * scale % prime }
            for other in 0..<n where other != column && m[other * 2 * n + column] != 0 {
                let factor = m[other * 2 * n + column]
                for k in 0..<(2 * n) { m[other * 2 * n + k] = ((m[other * 2 * n + k] - factor * m[column * 2 * n + k]) % prime + prime) % prime }
            }
        }
        return (0..<(n * n)).map { m[($0 / n) * 2 * n + n + $0 % n] }
    }
}
