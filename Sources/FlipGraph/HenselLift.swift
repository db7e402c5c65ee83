import ExactArithmetic
import SchemeModel

/// Lifting a GF(2) scheme to the rationals (Hensel lifting with rational reconstruction).
///
/// With x the vector of all coefficients and E(x) = Σ u⊗v⊗w − T the Brent residual, a scheme
/// valid mod 2^k is lifted to one valid mod 2^(k+1) by x ← x + 2^k·δ where J·δ ≡ E(x)/2^k
/// (mod 2) and J is the Jacobian of E at x mod 2 — the same matrix at every step, so it is
/// reduced once (row echelon form with the row operations recorded) and each step costs one
/// matrix–vector product. After `bits` steps every coefficient is rationally reconstructed
/// (odd denominator, numerator and denominator below 2^((bits−1)/2)); the result is a candidate
/// that the exact checker must still accept (`accepting` lets the caller reject a candidate, so
/// that another attempt's is kept). Free variables of J are 0 on the first attempt and random on
/// later ones; a step with no solution ends only its attempt, since solvability depends on the
/// free choices made before. The lift with the smallest coefficients is kept (integers first).
/// Work is bounded: tensors above `maxEquations` entries are not lifted.
public enum HenselLift {
    public static let maxEquations = 16384

    public static func lift(_ scheme: GF2Scheme, bits: Int = 40, attempts: Int = 6, seed: UInt64 = 1,
                            accepting: (Scheme) -> Bool = { _ in true }) -> Scheme? {
        let s = scheme.shape
        let equations = s.tensorEntries
        guard equations <= maxEquations, bits >= 4, bits <= 62 else { return nil }
        let (nu, nv, nw) = (s.uCount, s.vCount, s.wCount)
        let per = nu + nv + nw
        let variables = scheme.rank * per
        // Jacobian mod 2 with the right-hand side column, rows = Brent equations.
        let jw = (variables + 63) / 64
        var rows = [[UInt64]](repeating: [UInt64](repeating: 0, count: jw), count: equations)
        func set(_ e: Int, _ variable: Int) { rows[e][variable >> 6] ^= 1 << UInt64(variable & 63) }
        for r in 0..<scheme.rank {
            let us = bitsOf(scheme.u[r]), vs = bitsOf(scheme.v[r]), ws = bitsOf(scheme.w[r])
            // ∂/∂u_r[x] at (x, y, z) is v_r[y]·w_r[z]; likewise for v and w.
            for x in 0..<nu { for y in vs { for z in ws { set((x * nv + y) * nw + z, r * per + x) } } }
            for y in 0..<nv { for x in us { for z in ws { set((x * nv + y) * nw + z, r * per + nu + y) } } }
            for z in 0..<nw { for x in us { for y in vs { set((x * nv + y) * nw + z, r * per + nu + nv + z) } } }
        }
        let echelon = Echelon(rows: rows, columns: variables)
        var rng = Xoshiro(seed: seed)
        var best: (scheme: Scheme, cost: (Int, Int, Int))?
        for attempt in 0..<attempts {
            var x = [UInt64](repeating: 0, count: variables)
            for r in 0..<scheme.rank {
                for i in bitsOf(scheme.u[r]) { x[r * per + i] = 1 }
                for j in bitsOf(scheme.v[r]) { x[r * per + nu + j] = 1 }
                for k in bitsOf(scheme.w[r]) { x[r * per + nu + nv + k] = 1 }
            }
            var failed = false
            for k in 1..<bits {
                let residual = residualBit(x, k: k, rank: scheme.rank, shape: s)
                guard let delta = echelon.solve(residual, randomFree: attempt > 0, rng: &rng) else { failed = true; break }
                for variable in 0..<variables where delta[variable >> 6] >> UInt64(variable & 63) & 1 == 1 {
                    x[variable] &+= 1 << UInt64(k)
                }
            }
            // An inconsistent step ends this attempt only: whether the next step is solvable
            // depends on the free choices made at the earlier ones.
            if failed { continue }
            if let lifted = reconstruct(x, bits: bits, rank: scheme.rank, shape: s), accepting(lifted) {
                let cost = height(lifted)
                if best.map({ cost < $0.cost }) ?? true { best = (lifted, cost) }
                if cost.0 == 0 && cost.1 <= 1 { break } // coefficients in {-1, 0, 1}: cannot do better
            }
        }
        return best?.scheme
    }

    /// Preference among lifts: integer coefficients first, then the smallest largest
    /// numerator or denominator, then the fewest non-zero coefficients.
    static func height(_ scheme: Scheme) -> (Int, Int, Int) {
        var nonInteger = 0, largest = 0, nonZero = 0
        for term in scheme.terms {
            for c in term.u + term.v + term.w where !c.isZero {
                nonZero += 1
                if !c.isInteger { nonInteger = 1 }
                if let (p, q) = c.smallFraction { largest = max(largest, abs(p), q) } else { largest = Int.max }
            }
        }
        return (nonInteger, largest, nonZero)
    }

    static func bitsOf(_ word: UInt64) -> [Int] {
        var result: [Int] = [], w = word
        while w != 0 { result.append(w.trailingZeroBitCount); w &= w - 1 }
        return result
    }

    /// Bit k of E(x) = Σ u⊗v⊗w − T (mod 2^64), which is E(x)/2^k mod 2 when 2^k divides E(x).
    static func residualBit(_ x: [UInt64], k: Int, rank: Int, shape s: Shape) -> [UInt64] {
        let (nu, nv, nw) = (s.uCount, s.vCount, s.wCount)
        let per = nu + nv + nw
        var e = [UInt64](repeating: 0, count: s.tensorEntries)
        for r in 0..<rank {
            let base = r * per
            for xi in 0..<nu where x[base + xi] != 0 {
                for yi in 0..<nv where x[base + nu + yi] != 0 {
                    let uv = x[base + xi] &* x[base + nu + yi]
                    let row = (xi * nv + yi) * nw
                    for zi in 0..<nw where x[base + nu + nv + zi] != 0 { e[row + zi] &+= uv &* x[base + nu + nv + zi] }
                }
            }
        }
        for i in 0..<s.n {
            for j in 0..<s.m {
                for kk in 0..<s.p {
                    let x = i * s.m + j, y = j * s.p + kk, z = kk * s.n + i
                    e[(x * nv + y) * nw + z] &-= 1
                }
            }
        }
        var bitsOut = [UInt64](repeating: 0, count: (e.count + 63) / 64)
        for (index, value) in e.enumerated() where value >> UInt64(k) & 1 == 1 { bitsOut[index >> 6] |= 1 << UInt64(index & 63) }
        return bitsOut
    }

    /// Each coefficient from its residue mod 2^bits, or nil when one has no small fraction.
    static func reconstruct(_ x: [UInt64], bits: Int, rank: Int, shape s: Shape) -> Scheme? {
        let modulus = Int64(1) << Int64(bits)
        let bound = Int64(1) << Int64((bits - 1) / 2)
        var values: [Rational] = []
        values.reserveCapacity(x.count)
        for raw in x {
            var (r0, r1) = (modulus, Int64(bitPattern: raw & UInt64(modulus - 1)))
            var (t0, t1) = (Int64(0), Int64(1))
            while r1 >= bound {
                let q = r0 / r1
                (r0, r1) = (r1, r0 - q * r1)
                (t0, t1) = (t1, t0 - q * t1)
            }
            guard t1 != 0, abs(t1) < bound, t1 & 1 == 1 else { return nil }
            let sign: Int64 = t1 < 0 ? -1 : 1
            guard let c = Rational(numerator: BigInt(Int(sign * r1)), denominator: BigInt(Int(sign * t1))) else { return nil }
            values.append(c)
        }
        let (nu, nv, nw) = (s.uCount, s.vCount, s.wCount)
        let per = nu + nv + nw
        return Scheme(shape: s, terms: (0..<rank).map { r in
            Term(u: Array(values[r * per..<r * per + nu]), v: Array(values[r * per + nu..<r * per + nu + nv]),
                 w: Array(values[r * per + nu + nv..<(r + 1) * per]))
        })
    }
}

/// Reduced row echelon form of a GF(2) matrix with the row operations recorded, to solve
/// A·δ = b for many right-hand sides b.
struct Echelon {
    let columns: Int
    let rowCount: Int
    /// Rows of the reduced matrix (pivot rows first).
    var reduced: [[UInt64]]
    /// transform·(original rows) = reduced rows.
    var transform: [[UInt64]]
    var pivots: [Int] = []

    init(rows: [[UInt64]], columns: Int) {
        self.columns = columns
        rowCount = rows.count
        reduced = rows
        let tw = (rows.count + 63) / 64
        transform = (0..<rows.count).map { i in
            var row = [UInt64](repeating: 0, count: tw)
            row[i >> 6] = 1 << UInt64(i & 63)
            return row
        }
        var next = 0
        for column in 0..<columns where next < rowCount {
            let word = column >> 6, bit: UInt64 = 1 << UInt64(column & 63)
            guard let p = (next..<rowCount).first(where: { reduced[$0][word] & bit != 0 }) else { continue }
            reduced.swapAt(p, next)
            transform.swapAt(p, next)
            let pivotRow = reduced[next], pivotTransform = transform[next]
            for r in 0..<rowCount where r != next && reduced[r][word] & bit != 0 {
                for w in word..<pivotRow.count { reduced[r][w] ^= pivotRow[w] }
                for w in 0..<pivotTransform.count { transform[r][w] ^= pivotTransform[w] }
            }
            pivots.append(column)
            next += 1
        }
    }

    /// A solution of A·δ = b (bit vectors), free variables 0 or random; nil if inconsistent.
    func solve(_ b: [UInt64], randomFree: Bool, rng: inout Xoshiro) -> [UInt64]? {
        func parity(_ x: [UInt64], _ y: [UInt64]) -> UInt64 {
            var p: UInt64 = 0
            for i in 0..<min(x.count, y.count) { p ^= x[i] & y[i] }
            return UInt64(p.nonzeroBitCount & 1)
        }
        let c = transform.map { parity($0, b) }
        for i in pivots.count..<rowCount where c[i] != 0 { return nil }
        var delta = [UInt64](repeating: 0, count: (columns + 63) / 64)
        if randomFree {
            let pivotSet = Set(pivots)
            for column in 0..<columns where !pivotSet.contains(column) && rng.next() & 1 == 1 {
                delta[column >> 6] |= 1 << UInt64(column & 63)
            }
        }
        for (i, column) in pivots.enumerated() {
            // Row i: δ_pivot + Σ_free a_ij δ_j = c_i.
            var value = c[i]
            var row = reduced[i]
            row[column >> 6] &= ~(1 << UInt64(column & 63))
            value ^= parity(row, delta)
            if value == 1 { delta[column >> 6] |= 1 << UInt64(column & 63) }
        }
        return delta
    }
}
