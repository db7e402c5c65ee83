/// Small exact integer helpers for `ExtraTermsFinish`: determinants of integer matrices and
/// rational roots of integer polynomials. Determinants, interpolation and evaluation report
/// overflow as failure (nil), so a root is never wrong, only sometimes missed.
enum IntegerMatrix {
    /// det of an n × n integer matrix (row-major) by Bareiss's fraction-free elimination; nil on
    /// overflow.
    static func determinant(_ matrix: [Int], size n: Int) -> Int? {
        var m = matrix
        var sign = 1, previous = 1
        for k in 0..<n {
            if m[k * n + k] == 0 {
                guard let swap = ((k + 1)..<n).first(where: { m[$0 * n + k] != 0 }) else { return 0 }
                for c in 0..<n { m.swapAt(k * n + c, swap * n + c) }
                sign = -sign
            }
            for i in (k + 1)..<n {
                for j in (k + 1)..<n {
                    let (a, o1) = m[i * n + j].multipliedReportingOverflow(by: m[k * n + k])
                    let (b, o2) = m[i * n + k].multipliedReportingOverflow(by: m[k * n + j])
                    let (d, o3) = a.subtractingReportingOverflow(b)
                    guard !o1, !o2, !o3 else { return nil }
                    m[i * n + j] = d / previous
                }
            }
            previous = m[k * n + k]
        }
        return sign * m[(n - 1) * n + (n - 1)]
    }
}

enum IntegerPolynomial {
    /// The coefficients (ascending) of the integer polynomial of degree < values.count taking
    /// `values[t]` at t = 0, 1, …: Newton's forward differences Δᵏf(0)/k! (exact for integer
    /// coefficients), expanded in falling factorials. Trailing zero coefficients are dropped;
    /// nil on a missing value, a non-integer quotient or overflow.
    static func interpolating(_ values: [Int?]) -> [Int]? {
        var differences = values.compactMap { $0 }
        guard differences.count == values.count else { return nil }
        let degree = values.count - 1
        var newton: [Int] = []
        var factorial = 1
        for k in 0...degree {
            if k > 0 { factorial *= k }
            guard differences[0] % factorial == 0 else { return nil }
            newton.append(differences[0] / factorial)
            for i in 0..<(differences.count - 1) { differences[i] = differences[i + 1] - differences[i] }
            differences.removeLast()
        }
        // Σ_k newton[k] · t(t−1)…(t−k+1)
        var result = [Int](repeating: 0, count: degree + 1)
        var falling = [1]
        for k in 0...degree {
            for (i, c) in falling.enumerated() {
                let (term, o1) = c.multipliedReportingOverflow(by: newton[k])
                let (sum, o2) = result[i].addingReportingOverflow(term)
                guard !o1, !o2 else { return nil }
                result[i] = sum
            }
            // falling *= (t − k)
            var next = [Int](repeating: 0, count: falling.count + 1)
            for (i, c) in falling.enumerated() {
                next[i + 1] += c
                next[i] -= c * k
            }
            falling = next
        }
        while result.count > 1, result.last == 0 { result.removeLast() }
        return result
    }

    /// A rational root p/q (q > 0, in lowest terms, q ≤ 1000) of a polynomial whose roots are
    /// all real, or nil. The roots are found numerically (Durand–Kerner); a polynomial with a
    /// root off the real line is rejected at once, and a real root counts only when a nearby
    /// fraction is exactly a root.
    static func rationalRoot(of coefficients: [Int]) -> (Int, Int)? {
        if coefficients[0] == 0 { return (0, 1) }
        if coefficients.count == 2 {
            let (p, q) = (-coefficients[0], coefficients[1])
            let g = gcd(p, q) * (q < 0 ? -1 : 1)
            return (p / g, q / g)
        }
        let roots = PolynomialRoots.roots(coefficients.map(Double.init), iterations: 100)
        guard roots.allSatisfy({ abs($0.imaginary) < 1e-4 * max(1, abs($0.real)) }) else { return nil }
        for root in roots {
            if let fraction = nearFraction(root.real), value(coefficients, at: fraction) == 0 { return fraction }
        }
        return nil
    }

    /// The best fraction p/q with q ≤ 1000 near x, when within 10⁻⁵ (relative beyond 1).
    static func nearFraction(_ x: Double) -> (Int, Int)? {
        guard let (p, q) = continuedFraction(x, maximumDenominator: 1000) else { return nil }
        return abs(Double(p) / Double(q) - x) < 1e-5 * max(1, abs(x)) ? (p, q) : nil
    }

    /// The last convergent p/q of x's continued fraction with q ≤ `maximumDenominator` (nil for
    /// non-finite or huge values).
    static func continuedFraction(_ x: Double, maximumDenominator: Int) -> (Int, Int)? {
        guard x.isFinite, abs(x) < 1e12 else { return nil }
        var (h0, h1, k0, k1) = (0, 1, 1, 0)
        var y = x
        for _ in 0..<40 {
            let a = Int(y.rounded(.down))
            let (h2, k2) = (a * h1 + h0, a * k1 + k0)
            guard k2 <= maximumDenominator else { break }
            (h0, h1, k0, k1) = (h1, h2, k1, k2)
            let fraction = y - Double(a)
            if abs(fraction) < 1e-12 { break }
            y = 1 / fraction
        }
        return k1 != 0 ? (h1, k1) : nil
    }

    /// q^d · f(p/q), or nil on overflow.
    static func value(_ coefficients: [Int], at root: (Int, Int)) -> Int? {
        var sum = 0, pPower = 1
        var qPowers = [1]
        for _ in 1..<coefficients.count { qPowers.append(qPowers.last! * root.1) }
        for (k, c) in coefficients.enumerated() {
            let (a, o1) = c.multipliedReportingOverflow(by: pPower)
            let (b, o2) = a.multipliedReportingOverflow(by: qPowers[coefficients.count - 1 - k])
            let (s, o3) = sum.addingReportingOverflow(b)
            guard !o1, !o2, !o3 else { return nil }
            sum = s
            if k + 1 < coefficients.count {
                let (next, o4) = pPower.multipliedReportingOverflow(by: root.0)
                guard !o4 else { return nil }
                pPower = next
            }
        }
        return sum
    }

    /// f / (q t − p) for a root p/q in lowest terms (exact in Z[t] by Gauss's lemma).
    static func dividing(_ coefficients: [Int], byRoot root: (Int, Int)) -> [Int] {
        let (p, q) = root
        let degree = coefficients.count - 1
        var quotient = [Int](repeating: 0, count: degree)
        var remainder = coefficients
        for k in stride(from: degree, through: 1, by: -1) {
            let c = remainder[k] / q
            quotient[k - 1] = c
            remainder[k] -= c * q
            remainder[k - 1] += c * p
        }
        return quotient
    }


    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? abs(a) : gcd(b, a % b) }
}
