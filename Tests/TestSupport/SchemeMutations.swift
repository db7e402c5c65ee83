import ExactArithmetic
import SchemeModel

/// Ways to make new schemes from a valid one for tests: some keep validity, some break it.
public enum SchemeMutations {
    /// Rescales each term to (λu, μv, w/(λμ)) with random non-zero rationals: still valid,
    /// now with rational coefficients.
    public static func rescaled(_ scheme: Scheme, using rng: inout SeededGenerator, magnitude: Int = 5) -> Scheme {
        var result = scheme
        for r in result.terms.indices {
            let lambda = randomNonZero(&rng, magnitude), mu = randomNonZero(&rng, magnitude)
            result.terms[r].u = result.terms[r].u.map { $0 * lambda }
            result.terms[r].v = result.terms[r].v.map { $0 * mu }
            result.terms[r].w = result.terms[r].w.map { $0 / (lambda * mu) }
        }
        return result
    }

    /// Splits term `r` into two terms whose w's are t·w and (1−t)·w: still valid, rank + 1.
    public static func split(_ scheme: Scheme, term r: Int, at t: Rational) -> Scheme {
        var result = scheme
        let term = result.terms[r]
        result.terms[r].w = term.w.map { $0 * t }
        result.terms.append(Term(u: term.u, v: term.v, w: term.w.map { $0 * (Rational.one - t) }))
        return result
    }

    /// Adds `delta` to one coefficient of one factor: almost surely invalid.
    public static func perturbed(_ scheme: Scheme, term r: Int, factor: Int, index: Int, by delta: Rational) -> Scheme {
        var result = scheme
        switch factor {
        case 0: result.terms[r].u[index] += delta
        case 1: result.terms[r].v[index] += delta
        default: result.terms[r].w[index] += delta
        }
        return result
    }

    /// Drops product r.
    public static func dropped(_ scheme: Scheme, term r: Int) -> Scheme {
        var result = scheme
        result.terms.remove(at: r)
        return result
    }

    public static func randomNonZero(_ rng: inout SeededGenerator, _ magnitude: Int) -> Rational {
        let p = Int.random(in: 1...magnitude, using: &rng) * (Bool.random(using: &rng) ? 1 : -1)
        let q = Int.random(in: 1...magnitude, using: &rng)
        return Rational(numerator: BigInt(p), denominator: BigInt(q))!
    }
}
