import ExactArithmetic
import Foundation

/// An exact finish for residuals whose rank exceeds their flattening rank by e ∈ {1, 2}: the
/// pencil method of `LowRankFinish`, run on a restriction that hides the e extra terms.
///
/// Let two modes p and q have dimension r, and suppose
///
///     X = Σ_{i<r} a_i ⊗ b_i ⊗ c_i + Σ_{j<e} x_j ⊗ y_j ⊗ z_j
///
/// with A = (a_i) and B = (b_i) invertible r × r. For a weight vector λ on mode s orthogonal to
/// every z_j, the slice combination X(λ) = Σ_k λ_k X_k (an r × r matrix over modes p, q) is
/// A diag(Cᵀλ) Bᵀ: the extra terms vanish. The finish guesses the z_j's directions among the
/// sign-canonical ternary vectors of mode s (up to 1000 guesses per mode), takes two such λ,
/// and solves the pencil X(λ₁) − t X(λ₂): its eigenvalues t_i = c_i·λ₁ / c_i·λ₂ must be
/// rational, its left null vectors are the rows of A⁻¹ (up to scale), its right null vectors
/// the columns of B⁻ᵀ. In those coordinates, with L and R holding them,
///
///     L X_k R = diag(c_{ik}) + Σ_j K_j z_{jk},    K_j = (L x_j)(Rᵀ y_j)ᵀ,
///
/// so each off-diagonal fibre of L X R lies in span(z_j) and gives K_j off its diagonal; the
/// diagonal of a rank-one K_j follows from its 2 × 2 minors, and what is left on the diagonal
/// is the c_i. (Main terms whose c_i are parallel on the complement share an eigenvalue; see
/// `recover`.) The terms are mapped back through L⁻¹ and R⁻ᵀ and checked against X exactly
/// before they are returned.
///
/// A guess is screened before anything is computed over Q: each direction by Strassen's
/// commutator rank (`commutatorRank`), the pencil by its eigenvalues (all rational: the
/// roots of its exact integer characteristic polynomial, found numerically and each confirmed
/// exactly), and the recovery modulo a prime (`passesModularRecovery`).
public enum ExtraTermsFinish {
    /// The most direction guesses per mode and number of extra terms (before the screens).
    static let maximumGuesses = 1000

    /// A decomposition of `tensor` into at most (its flattening rank) + e rational terms for
    /// the least e in 1...`extraTerms` (at most 2) that has one, or nil.
    public static func decompose(_ tensor: ResidualTensor, extraTerms maximum: Int, flatteningRanks: [Int]? = nil) -> [LowRankFinish.RationalTerm]? {
        let ranks = flatteningRanks ?? tensor.flatteningRanks
        // Per mode s: the slices, the commutator rank on all weights and, per direction z, on
        // weights ⊥ z (each computed once, used by both e).
        var screens: [Int: (slices: PencilSlices, whole: Int, directions: [[Int]], ranks: [Int])] = [:]
        for e in Array(1...2).prefix(max(0, maximum)) {
            for s in [2, 1, 0] {
                let (p, q) = ResidualTensor.otherModes(s)
                let r = tensor.dimension(p)
                guard tensor.dimension(q) == r, ranks[p] == r, ranks[q] == r, tensor.dimension(s) - e >= 2 else { continue }
                let count = (Int(pow(3, Double(tensor.dimension(s)))) - 1) / 2
                guard (e == 1 ? count : count * (count - 1) / 2) <= maximumGuesses else { continue }
                if screens[s] == nil {
                    // On all the slices the rank is at least r + (commutator rank)/2; the
                    // directions are screened only where some allowed e can pass that.
                    let slices = PencilSlices(tensor, p: p, q: q, s: s)
                    let whole = slices.commutatorRank(slices.allWeights)
                    let directions = ternaryDirections(tensor.dimension(s))
                    let ranks = whole <= 2 * min(maximum, 2) ? directions.map { slices.commutatorRank(orthogonalComplement(of: [$0])!) } : []
                    screens[s] = (slices, whole, directions, ranks)
                }
                let screen = screens[s]!
                guard screen.whole <= 2 * e else { continue }
                // On weights orthogonal to one extra direction only the main terms and e − 1
                // extra terms remain; with two extras, both directions pass.
                let passing = zip(screen.directions, screen.ranks).filter { $0.1 <= 2 * (e - 1) }.map(\.0)
                let guesses = e == 1 ? passing.map { [$0] }
                    : passing.indices.flatMap { i in passing[(i + 1)...].map { [passing[i], $0] } }
                for extras in guesses {
                    guard let complement = orthogonalComplement(of: extras) else { continue }
                    if let terms = solve(tensor, slices: screen.slices, extras: extras, complement: complement) { return terms }
                }
            }
        }
        return nil
    }

    /// The sign-canonical ternary vectors of length d (first non-zero entry 1): the guessed
    /// directions of the extra terms' mode-s factors.
    static func ternaryDirections(_ d: Int) -> [[Int]] {
        var result: [[Int]] = []
        var digits = [Int](repeating: -1, count: d)
        for _ in 0..<Int(pow(3, Double(d))) {
            if let first = digits.first(where: { $0 != 0 }), first == 1 { result.append(digits) }
            var i = d - 1
            while i >= 0 { digits[i] += 1; if digits[i] <= 1 { break }; digits[i] = -1; i -= 1 }
        }
        return result
    }

    /// Integer vectors spanning the space orthogonal to one or two independent integer vectors
    /// (by Cramer's rule on a non-zero 2 × 2 minor), or nil when the two are parallel.
    static func orthogonalComplement(of vectors: [[Int]]) -> [[Int]]? {
        let d = vectors[0].count
        if vectors.count == 1 {
            let z = vectors[0]
            guard let a = z.firstIndex(where: { $0 != 0 }) else { return nil }
            return (0..<d).filter { $0 != a }.map { j in
                var v = [Int](repeating: 0, count: d)
                (v[j], v[a]) = (z[a], -z[j])
                return v
            }
        }
        let (z1, z2) = (vectors[0], vectors[1])
        for a in 0..<d {
            for b in (a + 1)..<d {
                let minor = z1[a] * z2[b] - z1[b] * z2[a]
                guard minor != 0 else { continue }
                return (0..<d).filter { $0 != a && $0 != b }.map { j in
                    var v = [Int](repeating: 0, count: d)
                    v[j] = minor
                    v[a] = -(z2[b] * z1[j] - z1[b] * z2[j])
                    v[b] = -(z1[a] * z2[j] - z2[a] * z1[j])
                    return v
                }
            }
        }
        return nil
    }

    /// The r × r slices X_k (rows mode p, columns mode q) for each index k of mode s.
    struct PencilSlices {
        let p: Int, q: Int, s: Int, r: Int, count: Int
        let entries: [Int]

        init(_ tensor: ResidualTensor, p: Int, q: Int, s: Int) {
            (self.p, self.q, self.s) = (p, q, s)
            r = tensor.dimension(p)
            count = tensor.dimension(s)
            var entries = [Int](repeating: 0, count: r * r * count)
            for k in 0..<count { for i in 0..<r { for j in 0..<r { entries[(k * r + i) * r + j] = Int(tensor.entry((p, q, s), i, j, k)) } } }
            self.entries = entries
        }

        /// The unit weight vectors: as a "complement" they stand for all the slices.
        var allWeights: [[Int]] { (0..<count).map { k in (0..<count).map { $0 == k ? 1 : 0 } } }

        /// X(λ) = Σ_k λ_k X_k.
        func combination(_ weights: [Int]) -> [Int] {
            var m = [Int](repeating: 0, count: r * r)
            for k in 0..<count where weights[k] != 0 {
                for index in 0..<(r * r) { m[index] += weights[k] * entries[k * r * r + index] }
            }
            return m
        }
    }

    /// The two weight vectors of an attempt: fixed small combinations of the complement's basis.
    static func pencilWeights(_ complement: [[Int]], attempt: Int) -> ([Int], [Int]) {
        let alpha = LowRankFinish.alphaWeights(complement.count, attempt: attempt)
        let beta = LowRankFinish.betaWeights(complement.count, attempt: attempt)
        let d = complement[0].count
        func combine(_ weights: [Int]) -> [Int] { (0..<d).map { k in zip(weights, complement).reduce(0) { $0 + $1.0 * $1.1[k] } } }
        return (combine(alpha), combine(beta))
    }

    /// The finish for one guess of the extra terms' mode-s directions.
    static func solve(_ tensor: ResidualTensor, slices: PencilSlices, extras: [[Int]], complement: [[Int]]) -> [LowRankFinish.RationalTerm]? {
        for attempt in 0..<2 {
            let (lambda1, lambda2) = pencilWeights(complement, attempt: attempt)
            let m1 = slices.combination(lambda1), m2 = slices.combination(lambda2)
            guard let eigenvalues = rationalEigenvalues(m1, m2, size: slices.r) else { continue }
            guard slices.passesModularRecovery(m1, m2, eigenvalues: eigenvalues, extras: extras) else { continue }
            return recover(tensor, slices: slices, extras: extras, m1: m1, m2: m2, eigenvalues: eigenvalues)
        }
        return nil
    }

    /// The roots t of det(M₁ − t M₂), with multiplicity, when M₂ is invertible and all r roots
    /// are rational; nil otherwise. The polynomial is found exactly (its values at t = 0…r,
    /// then Newton's forward differences), and each rational root is divided out exactly.
    static func rationalEigenvalues(_ m1: [Int], _ m2: [Int], size r: Int) -> [(Int, Int)]? {
        let values = (0...r).map { t in IntegerMatrix.determinant((0..<(r * r)).map { m1[$0] - t * m2[$0] }, size: r) }
        guard var coefficients = IntegerPolynomial.interpolating(values), coefficients.count == r + 1, coefficients[r] != 0 else { return nil }
        var roots: [(Int, Int)] = []
        while coefficients.count > 1 {
            guard let root = IntegerPolynomial.rationalRoot(of: coefficients) else { return nil }
            roots.append(root)
            coefficients = IntegerPolynomial.dividing(coefficients, byRoot: root)
        }
        return roots
    }

    /// The exact part: the pencil's eigenspaces, the change of coordinates, the extra terms
    /// from the fibres between different eigenspaces, the main terms block by block, and the
    /// final check.
    ///
    /// An eigenvalue of multiplicity m (m main terms whose weights are parallel on the
    /// complement of the extras) gives an m-dimensional eigenspace on each side, and L X R is
    /// block-diagonal up to the extras; each m × m × d_s block, less the extras, has rank m and
    /// is finished by `LowRankFinish` over all d_s slices, where those weights differ.
    static func recover(_ tensor: ResidualTensor, slices: PencilSlices, extras: [[Int]], m1: [Int], m2: [Int],
                        eigenvalues: [(Int, Int)]) -> [LowRankFinish.RationalTerm]? {
        let r = slices.r
        func matrix(_ m: [Int]) -> RationalMatrix { RationalMatrix(rows: r, columns: r) { Rational(m[$0 * r + $1]) } }
        let (pencil1, pencil2) = (matrix(m1), matrix(m2))
        var distinct: [Rational] = []
        for (numerator, denominator) in eigenvalues {
            let value = Rational(numerator) / Rational(denominator)
            if !distinct.contains(value) { distinct.append(value) }
        }
        // Rows of L and columns of R, eigenspace by eigenspace; block[i] names i's eigenspace.
        var left = RationalMatrix.zero(r, r), right = RationalMatrix.zero(r, r)
        var block = [Int](), blocks: [[Int]] = []
        for (b, value) in distinct.enumerated() {
            let shifted = pencil1 - pencil2.scaled(value)
            let columns = shifted.nullSpace(), rows = shifted.transposed.nullSpace()
            guard columns.count == rows.count, columns.count < r, block.count + columns.count <= r else { return nil }
            var members: [Int] = []
            for (column, row) in zip(columns, rows) {
                let i = block.count
                for k in 0..<r { (left[i, k], right[k, i]) = (row[k], column[k]) }
                block.append(b)
                members.append(i)
            }
            blocks.append(members)
        }
        guard block.count == r, let leftInverse = left.inverse(), let rightInverse = right.inverse() else { return nil }
        let transformed: [RationalMatrix] = (0..<slices.count).map { k in
            left * RationalMatrix(rows: r, columns: r) { Rational(slices.entries[(k * r + $0) * r + $1]) } * right
        }
        func fibre(_ i: Int, _ j: Int) -> [Rational] { transformed.map { $0[i, j] } }
        // K_e between different eigenspaces: coordinates of the fibres in span(extras).
        let z = extras.map { $0.map { Rational($0) } }
        guard let coordinates = spanCoordinates(z) else { return nil }
        var k = [RationalMatrix](repeating: .zero(r, r), count: extras.count)
        for i in 0..<r {
            for j in 0..<r where block[i] != block[j] {
                guard let kappa = coordinates(fibre(i, j)) else { return nil }
                for e in extras.indices { k[e][i, j] = kappa[e] }
            }
        }
        // K_e inside the eigenspaces from the rank-one minors K[i,j]K[m,l] = K[i,l]K[m,j]
        // over known entries (when none determines it, 0: the block's terms absorb the rest).
        for e in extras.indices {
            for i in 0..<r {
                for j in 0..<r where block[i] == block[j] {
                    var value = Rational(0)
                    search: for m in 0..<r where block[m] != block[j] {
                        for l in 0..<r where block[l] != block[i] && block[l] != block[m] && !k[e][m, l].isZero {
                            value = k[e][i, l] * k[e][m, j] / k[e][m, l]
                            break search
                        }
                    }
                    k[e][i, j] = value
                }
            }
        }
        // Main terms, in L X R coordinates: (p-factor, q-factor, s-factor).
        var terms: [(p: [Rational], q: [Rational], s: [Rational])] = []
        for members in blocks {
            var rest = [Rational](repeating: Rational(0), count: members.count * members.count * slices.count)
            for (x, i) in members.enumerated() {
                for (y, j) in members.enumerated() {
                    var v = fibre(i, j)
                    for e in extras.indices where !k[e][i, j].isZero { v = zip(v, z[e]).map { $0 - k[e][i, j] * $1 } }
                    for c in 0..<slices.count { rest[(x * members.count + y) * slices.count + c] = v[c] }
                }
            }
            func embed(_ factor: [Rational]) -> [Rational] {
                var full = [Rational](repeating: Rational(0), count: r)
                for (x, i) in members.enumerated() { full[i] = factor[x] }
                return full
            }
            if members.count == 1 {
                if rest.contains(where: { !$0.isZero }) { terms.append((embed([Rational(1)]), embed([Rational(1)]), rest)) }
                continue
            }
            guard let blockTerms = finishBlock(rest, size: members.count, depth: slices.count) else { return nil }
            terms += blockTerms.map { (embed($0.u), embed($0.v), $0.w) }
        }
        for e in extras.indices {
            guard let pivot = k[e].entries.firstIndex(where: { !$0.isZero }) else { continue }
            let (a, b) = (pivot / r, pivot % r)
            terms.append(((0..<r).map { k[e][$0, b] }, (0..<r).map { k[e][a, $0] / k[e][a, b] }, z[e]))
        }
        // Back to the tensor's coordinates: X_k = L⁻¹ (L X_k R) R⁻¹.
        let result: [LowRankFinish.RationalTerm] = terms.map { term in
            var factors = [[Rational]](repeating: [], count: 3)
            factors[slices.p] = (0..<r).map { row in (0..<r).reduce(Rational(0)) { $0 + leftInverse[row, $1] * term.p[$1] } }
            factors[slices.q] = (0..<r).map { column in (0..<r).reduce(Rational(0)) { $0 + term.q[$1] * rightInverse[$1, column] } }
            factors[slices.s] = term.s
            return (factors[0], factors[1], factors[2])
        }
        return LowRankFinish.sums(result, to: tensor) ? result : nil
    }

    /// A rank-m decomposition of the rational m × m × depth tensor `entries` (index
    /// (x·m + y)·depth + c) by `LowRankFinish`, after clearing denominators; nil when it has none
    /// or its entries are too large.
    static func finishBlock(_ entries: [Rational], size m: Int, depth: Int) -> [LowRankFinish.RationalTerm]? {
        var scale = 1
        for value in entries {
            guard let (_, denominator) = value.smallFraction else { return nil }
            let (next, overflow) = scale.multipliedReportingOverflow(by: denominator / IntegerPolynomial.gcd(scale, denominator))
            guard !overflow, next < 1 << 20 else { return nil }
            scale = next
        }
        var integers: [Int32] = []
        for value in entries {
            guard let integer = (value * Rational(scale)).intValue, abs(integer) < 1 << 30 else { return nil }
            integers.append(Int32(integer))
        }
        let tensor = ResidualTensor(dA: m, dB: m, dC: depth, entries: integers)
        guard tensor.flatteningLowerBound == m, let terms = LowRankFinish.decompose(tensor) else { return nil }
        let inverse = Rational(1) / Rational(scale)
        return terms.map { ($0.u, $0.v, $0.w.map { $0 * inverse }) }
    }

    /// A function giving the coordinates of a vector in the span of one or two independent
    /// vectors (nil when it is not in the span).
    static func spanCoordinates(_ z: [[Rational]]) -> (([Rational]) -> [Rational]?)? {
        let d = z[0].count
        if z.count == 1 {
            guard let a = z[0].firstIndex(where: { !$0.isZero }) else { return nil }
            return { v in
                let kappa = v[a] / z[0][a]
                return (0..<d).allSatisfy { v[$0] == kappa * z[0][$0] } ? [kappa] : nil
            }
        }
        for a in 0..<d {
            for b in (a + 1)..<d {
                let minor = z[0][a] * z[1][b] - z[0][b] * z[1][a]
                guard !minor.isZero else { continue }
                return { v in
                    let k0 = (v[a] * z[1][b] - v[b] * z[1][a]) / minor
                    let k1 = (z[0][a] * v[b] - z[0][b] * v[a]) / minor
                    return (0..<d).allSatisfy { v[$0] == k0 * z[0][$0] + k1 * z[1][$0] } ? [k0, k1] : nil
                }
            }
        }
        return nil
    }
}
