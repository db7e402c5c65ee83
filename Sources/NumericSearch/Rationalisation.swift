import ExactArithmetic
import FlipGraph
import Foundation

/// Turns a numerical solution of the Brent equations into an exact one with simple rational
/// coefficients, as Smirnov does for his least-squares schemes: fix variables one batch at a
/// time to the nearest allowed value, re-solve the others (Levenberg–Marquardt, no penalty),
/// keep the batch when the residual returns to zero, otherwise shrink the batch, and at a batch
/// of one forbid that variable that value. Three passes: zeros, then ±1, then `values` and simple
/// fractions. The solution set is a variety of positive dimension (the rescalings of each term
/// and the sandwiching by GL(n)×GL(m)×GL(p) act on it), so many variables can be moved to 0 or
/// ±1; once that freedom is spent the coordinates left are forced (algebraic numbers), and the
/// last pass also offers each its simple fraction, so forced values such as 1/3 are caught.
/// Which zeros were chosen decides the forced values: on ⟨3,3,3⟩ at 23 they came out as
/// multiples of √2 or of the golden ratio for one order and rational for another, hence
/// `jitter`.
struct Rationalisation {
    let problem: BrentLeastSquares
    /// The values a variable may be rounded to, most wanted first at equal distance.
    var values: [Double] = [0, 1, -1, 0.5, -0.5, 2, -2]
    /// Single-variable roundings that may fail in a row before giving up.
    var failureLimit = 400
    var deadline: UInt64 = .max
    /// With a seed, candidates are ordered by distance times a random factor in [1, 2): another
    /// attempt on the same point chooses other zeros, and with them other forced values.
    var jitter: UInt64?

    /// The rounded point, or nil: every entry in `values` or a fraction p/q (q ≤ 64) that the
    /// double agreed with to 10⁻⁹ when it was fixed (a coordinate the variety forces, once its
    /// freedom is spent). The caller checks it exactly.
    func round(_ start: [Double]) -> [Rational]? {
        var state = State(x: Self.normalised(start, problem), free: Array(0..<problem.variableCount))
        // Zeros first, smallest entries first: the freedom left on the variety is spent on
        // sparsity, which is where the simple values of the known schemes come from; rounding
        // to the nearest value at once spends it on arbitrary entries and leaves the rest forced
        // to irrational values.
        guard settle(&state, allowed: [0], patience: 25) else { return nil }
        // Then ±1 alone, which spends what is left of the diagonal scalings (they keep the zeros)
        // on units before any other value is tried.
        guard settle(&state, allowed: [1, 2], patience: 25) else { return nil }
        guard settle(&state, allowed: Array(values.indices), fractions: true, patience: failureLimit), state.free.isEmpty else { return nil }
        return (0..<problem.variableCount).map { state.exact[$0] ?? Rational(exactly: state.x[$0])! }
    }

    /// The point, its free variables and the (variable, value) roundings that failed.
    struct State {
        var x: [Double]
        var free: [Int]
        var forbidden = Set<Int>()          // index · (values.count + 1) + value's position (values.count: the fraction)
        /// Variables fixed to a fraction that no double holds exactly.
        var exact: [Int: Rational] = [:]
    }

    /// Fixes free variables to the `allowed` values (positions in `values`; with `fractions`, also
    /// a variable's simple fraction), nearest first, until none is left to try or `patience`
    /// single-variable roundings have failed in a row (then true), or the deadline passes (false).
    func settle(_ state: inout State, allowed: [Int], fractions: Bool = false, patience: Int) -> Bool {
        var polisher = LevenbergMarquardt(problem: problem)
        polisher.maxIterations = 200
        polisher.stallWindow = 40
        polisher.stallFloor = 1e-20
        polisher.tolerance = 1e-28
        polisher.deadline = deadline
        var batch = max(1, state.free.count / 32)
        var failuresInARow = 0
        var random = Xoshiro(seed: jitter ?? 0)
        while failuresInARow < patience {
            if DispatchTime.now().uptimeNanoseconds > deadline { return false }
            let key = values.count + 1
            let nearest: [(index: Int, value: Int, distance: Double)] = state.free.compactMap { i in
                let fraction = fractions ? Self.simpleFraction(state.x[i]).map { (i, values.count, abs(state.x[i] - $0.doubleValue)) } : nil
                return (allowed.map { (i, $0, abs(state.x[i] - values[$0])) } + (fraction.map { [$0] } ?? []))
                    .filter { !state.forbidden.contains(i * key + $0.1) }
                    .min { $0.2 < $1.2 }
            }
            if nearest.isEmpty { return true }
            var keys: [Double] = nearest.map(\.distance)
            if jitter != nil {
                for e in keys.indices { keys[e] *= 1 + Double(random.next() >> 11) / 9_007_199_254_740_992 }
            }
            let order = keys.indices.sorted { keys[$0] < keys[$1] }.map { nearest[$0] }
            // Already there (to rounding error) joins the batch whatever its size.
            let settled = order.prefix { $0.distance < 1e-10 }.count
            let chosen = order.prefix(max(batch, settled))
            var trial = state.x
            var exact = state.exact
            for pick in chosen {
                if pick.value == values.count {
                    let fraction = Self.simpleFraction(trial[pick.index])!
                    (trial[pick.index], exact[pick.index]) = (fraction.doubleValue, fraction)
                } else {
                    trial[pick.index] = values[pick.value]
                }
            }
            let fixed = Set(chosen.map(\.index))
            let rest = state.free.filter { !fixed.contains($0) }
            let squared = polisher.minimize(&trial, free: rest, regularisation: 0)
            if squared < 1e-22 {
                (state.x, state.free, state.exact) = (trial, rest, exact)
                batch = min(batch * 2, max(1, rest.count / 8))
                failuresInARow = 0
            } else if chosen.count > max(1, settled) {
                batch = max(1, batch / 4)
            } else {
                let worst = chosen.last!
                state.forbidden.insert(worst.index * key + worst.value)
                failuresInARow += 1
            }
        }
        return true
    }

    /// The convergent p/q (q ≤ 64) of x's continued fraction within `tolerance`·max(1, |x|) of x,
    /// if there is one.
    static func simpleFraction(_ x: Double, within tolerance: Double = 1e-9) -> Rational? {
        var (h0, h1, k0, k1) = (0, 1, 1, 0)     // convergents h/k
        var rest = x
        for _ in 0..<12 {
            let a = rest.rounded(.down)
            guard abs(a) < 1e6 else { return nil }
            (h0, h1) = (h1, Int(a) * h1 + h0)
            (k0, k1) = (k1, Int(a) * k1 + k0)
            if k1 > 64 { return nil }
            if abs(x - Double(h1) / Double(k1)) < tolerance * max(1, abs(x)) { return Rational(numerator: BigInt(h1), denominator: BigInt(k1)) }
            let fractional = rest - a
            guard fractional > 1e-12 else { return nil }
            rest = 1 / fractional
        }
        return nil
    }

    /// Each term rescaled (λu, μv, w/λμ) so that the largest entry of u and of v is 1, which makes
    /// 2R variables exactly 1 and the others comparable.
    static func normalised(_ x: [Double], _ problem: BrentLeastSquares) -> [Double] {
        var x = x
        let lengths = [problem.a, problem.b, problem.c]
        for r in 0..<problem.rank {
            for factor in 0..<2 {
                let start = problem.offset(factor: factor, term: r)
                let pivot = (start..<(start + lengths[factor])).max { abs(x[$0]) < abs(x[$1]) }!
                let λ = x[pivot]
                guard abs(λ) > 1e-12 else { continue }
                for e in start..<(start + lengths[factor]) { x[e] /= λ }
                let w = problem.offset(factor: 2, term: r)
                for e in w..<(w + problem.c) { x[e] *= λ }
            }
        }
        return x
    }
}
