import ExactArithmetic
import SchemeModel

/// Lifting a scheme valid modulo a prime p (2 or 3) to the rationals: Hensel lifting with
/// rational reconstruction.
///
/// With x the vector of all coefficients and E(x) = Σ u⊗v⊗w − T the Brent residual, a scheme
/// valid mod p^k is lifted to one valid mod p^(k+1) by x ← x + p^k·δ where J·δ ≡ −E(x)/p^k
/// (mod p) and J is the Jacobian of E at x mod p: the same matrix at every step, so it is
/// eliminated once (`ModularEchelon`) and each step solves one right-hand side. J is sparse
/// (the column of u_r[x] has at most nnz(v_r)·nnz(w_r) entries) and is built row by row from its
/// non-zero entries, never as a dense tensor-by-variables matrix.
///
/// Two sets of unknowns are tried. First only the coefficients that are non-zero mod p (the
/// scheme's support; zeros stay exactly zero): few unknowns, sparse results, and the lift that
/// usually exists when the scheme is the image of one over Z. Then every coefficient, where the
/// pivot rows fit in `memoryLimit` bytes. Free unknowns are 0 on the first attempt of each set
/// and random on later ones; a step with no solution (seen as a residual not divisible by
/// p^(k+1)) ends only its attempt. After the last step every coefficient is rationally
/// reconstructed (denominator prime to p, numerator and denominator below √(p^K/2)); the result
/// is a candidate that the exact checker must still accept (`accepting`). The lift with the
/// smallest coefficients is kept (integers first).
public enum HenselLift {
    /// Pivot-row memory above which the lift over all coefficients is not tried.
    public static let memoryLimit = 2 << 30

    /// Sweeps over the free unknowns of the sign search (`BrentSystem.searchSigns`).
    public static let signSweeps = 30

    /// Lifts a scheme valid over GF(2).
    public static func lift<Word>(_ scheme: GF2SchemeOf<Word>, attempts: Int = 6, seed: UInt64 = 1, accepting: (Scheme) -> Bool = { _ in true }) -> Scheme? {
        let words = [scheme.u, scheme.v, scheme.w]
        let residues = residueVector(shape: scheme.shape, rank: scheme.rank) { factor, r, i in words[factor][r].bit(i) ? 1 : 0 }
        return lift(residues: residues, rank: scheme.rank, shape: scheme.shape, prime: 2, attempts: attempts, seed: seed, accepting: accepting)
    }

    /// Lifts a scheme valid modulo 3 (a `SignedScheme` of ring mod3; -1 stands for 2).
    public static func lift<Word>(_ scheme: SignedSchemeOf<Word>, attempts: Int = 6, seed: UInt64 = 1, accepting: (Scheme) -> Bool = { _ in true }) -> Scheme? {
        let vectors = [scheme.u, scheme.v, scheme.w]
        let residues = residueVector(shape: scheme.shape, rank: scheme.rank) { factor, r, i in
            UInt8((vectors[factor][r].coefficient(i) + 3) % 3)
        }
        return lift(residues: residues, rank: scheme.rank, shape: scheme.shape, prime: 3, attempts: attempts, seed: seed, accepting: accepting)
    }

    /// Lifts a decomposition of any integer tensor valid over GF(2): `target` is the tensor
    /// (dimensions u × v × w, entries flat with index (x·v + y)·w + z) and `residues` the
    /// decomposition mod 2, term by term (u, then v, then w, one 0 or 1 per coefficient). The
    /// result, in the same layout, satisfies the equations mod 2⁴⁰ and reconstructs to small
    /// rationals; the caller checks it exactly. Nil when no attempt lifts. `signSweeps` bounds
    /// the search for a lift with coefficients in {-1, 0, 1} (see `BrentSystem.searchSigns`).
    public static func liftDecomposition(of target: [Int32], dimensions: (u: Int, v: Int, w: Int), residues: [UInt8], rank: Int,
                                         attempts: Int = 3, signSweeps: Int = 4, seed: UInt64 = 1) -> [Term]? {
        precondition(target.count == dimensions.u * dimensions.v * dimensions.w)
        let entries = target.enumerated().compactMap { $0.element != 0 ? (index: $0.offset, value: Int($0.element)) : nil }
        let tensor = LiftTarget(dimensions: dimensions, entries: entries)
        return lift(residues: residues, rank: rank, target: tensor, prime: 2, attempts: attempts, signSweeps: signSweeps, seed: seed,
                    accepting: { _ in true }).map { tensor.terms(of: $0, rank: rank) }
    }

    /// All coefficients, term by term (u, then v, then w), from `value(factor, term, index)`.
    static func residueVector(shape s: Shape, rank: Int, _ value: (Int, Int, Int) -> UInt8) -> [UInt8] {
        var x: [UInt8] = []
        x.reserveCapacity(rank * (s.uCount + s.vCount + s.wCount))
        for r in 0..<rank {
            for (factor, count) in [s.uCount, s.vCount, s.wCount].enumerated() { for i in 0..<count { x.append(value(factor, r, i)) } }
        }
        return x
    }

    static func lift(residues: [UInt8], rank: Int, shape s: Shape, prime p: Int, attempts: Int, seed: UInt64, accepting: (Scheme) -> Bool) -> Scheme? {
        let target = LiftTarget.matrixMultiplication(s)
        func scheme(_ values: [Rational]) -> Scheme { Scheme(shape: s, terms: target.terms(of: values, rank: rank)) }
        return lift(residues: residues, rank: rank, target: target, prime: p, attempts: attempts, signSweeps: signSweeps, seed: seed,
                    accepting: { accepting(scheme($0)) }).map(scheme)
    }

    /// The coefficients of a lift of `residues` (a rank-`rank` decomposition of `target` mod p)
    /// that `accepting` takes, the one of smallest `height` among the attempts.
    static func lift(residues: [UInt8], rank: Int, target: LiftTarget, prime p: Int, attempts: Int, signSweeps: Int, seed: UInt64,
                     accepting: ([Rational]) -> Bool) -> [Rational]? {
        let arithmetic = LiftArithmetic(prime: p)
        let system = BrentSystem(target: target, rank: rank, residues: residues, prime: p)
        var rng = Xoshiro(seed: seed)
        var best: (values: [Rational], cost: (Int, Int, Int))?
        let supportAttempts = min(2, attempts)
        for full in [false, true] {
            if full && best != nil { break } // the support's lift is sparser; the full one only where it failed
            guard let echelon = system.eliminate(allCoefficients: full) else { continue }
            // Mod 2 the support's Hensel steps can fail for every choice of the free unknowns
            // made blindly; a search over those choices for a sign pattern valid over Z finds the
            // ternary lift when there is one.
            if !full && p == 2 && best == nil, let signs = system.searchSigns(echelon, arithmetic: arithmetic, sweeps: signSweeps, rng: &rng),
               let lifted = arithmetic.reconstruct(signs), accepting(lifted) {
                return lifted
            }
            for attempt in 0..<(full ? attempts - supportAttempts : supportAttempts) {
                guard let x = system.lift(echelon, columns: full ? system.allColumns : system.supportColumns, arithmetic: arithmetic,
                                          randomFree: attempt > 0, rng: &rng),
                      let lifted = arithmetic.reconstruct(x), accepting(lifted) else { continue }
                let cost = height(lifted)
                if best.map({ cost < $0.cost }) ?? true { best = (lifted, cost) }
                if cost.0 == 0 && cost.1 <= 1 { return lifted } // coefficients in {-1, 0, 1}: cannot do better
            }
        }
        return best?.values
    }

    /// Preference among lifts: integer coefficients first, then the smallest largest
    /// numerator or denominator (`Scheme.coefficientHeight`), then the fewest non-zero
    /// coefficients.
    static func height(_ values: [Rational]) -> (Int, Int, Int) {
        var nonInteger = 0, nonZero = 0, largest = 0
        for c in values where !c.isZero {
            nonZero += 1
            if !c.isInteger { nonInteger = 1 }
            guard let (p, q) = c.smallFraction, p != .min else { largest = .max; continue }
            largest = max(largest, abs(p), q)
        }
        return (nonInteger, largest, nonZero)
    }
}

/// The tensor a lift solves for: its dimensions (u, v, w) and its non-zero entries, each at
/// index (x·v + y)·w + z.
struct LiftTarget {
    let dimensions: (u: Int, v: Int, w: Int)
    let entries: [(index: Int, value: Int)]

    var count: Int { dimensions.u * dimensions.v * dimensions.w }

    /// ⟨n,m,p⟩: 1 at (i·m + j, j·p + k, k·n + i).
    static func matrixMultiplication(_ s: Shape) -> LiftTarget {
        var entries: [(index: Int, value: Int)] = []
        for i in 0..<s.n { for j in 0..<s.m { for k in 0..<s.p {
            entries.append((((i * s.m + j) * s.vCount + j * s.p + k) * s.wCount + k * s.n + i, 1))
        } } }
        return LiftTarget(dimensions: (s.uCount, s.vCount, s.wCount), entries: entries)
    }

    /// The `rank` terms whose coefficients, term by term (u, then v, then w), are `values`.
    func terms(of values: [Rational], rank: Int) -> [Term] {
        let (nu, nv) = (dimensions.u, dimensions.v)
        let per = nu + nv + dimensions.w
        return (0..<rank).map { r in
            Term(u: Array(values[r * per..<r * per + nu]), v: Array(values[r * per + nu..<r * per + nu + nv]),
                 w: Array(values[r * per + nu + nv..<(r + 1) * per]))
        }
    }
}

/// Arithmetic modulo M = p^K: K = 40 for p = 2 (wrapping 64-bit products, masked), K = 19 for
/// p = 3 (M < 2^31, so a product of two residues fits in 64 bits before it is reduced).
struct LiftArithmetic {
    let prime: Int
    let steps: Int
    let modulus: UInt64

    init(prime: Int) {
        self.prime = prime
        steps = prime == 2 ? 40 : 19
        var m: UInt64 = 1
        for _ in 0..<steps { m *= UInt64(prime) }
        modulus = m
    }

    @inline(__always) func multiply(_ a: UInt64, _ b: UInt64) -> UInt64 {
        prime == 2 ? (a &* b) & (modulus - 1) : a * b % modulus
    }

    @inline(__always) func add(_ a: UInt64, _ b: UInt64) -> UInt64 {
        prime == 2 ? (a &+ b) & (modulus - 1) : (a + b) % modulus
    }

    /// Each coefficient from its residue mod M (numerator and denominator below √(M/2),
    /// denominator prime to p), or nil when one has no such fraction.
    func reconstruct(_ x: [UInt64]) -> [Rational]? {
        let m = Int64(modulus)
        var bound: Int64 = 1
        while (bound + 1) * (bound + 1) * 2 <= m { bound += 1 }
        var values: [Rational] = []
        values.reserveCapacity(x.count)
        for raw in x {
            var (r0, r1) = (m, Int64(raw))
            var (t0, t1) = (Int64(0), Int64(1))
            while r1 > bound {
                let q = r0 / r1
                (r0, r1) = (r1, r0 - q * r1)
                (t0, t1) = (t1, t0 - q * t1)
            }
            guard t1 != 0, abs(t1) <= bound, t1 % Int64(prime) != 0 else { return nil }
            let sign: Int64 = t1 < 0 ? -1 : 1
            guard let c = Rational(numerator: BigInt(Int(sign * r1)), denominator: BigInt(Int(sign * t1))) else { return nil }
            values.append(c)
        }
        return values
    }

    /// `value` mod M.
    func residue(_ value: Int) -> UInt64 {
        let magnitude = UInt64(value.magnitude) % modulus
        return value >= 0 ? magnitude : (modulus - magnitude) % modulus
    }
}

/// The equations Σ u⊗v⊗w = T of a rank-R decomposition of a target T (Brent's equations when
/// T is ⟨n,m,p⟩), linearised at a decomposition valid mod p: which tensor entries each
/// coefficient's derivative touches, and the residual mod p^K.
struct BrentSystem {
    let target: LiftTarget
    let rank: Int
    let prime: Int
    /// The scheme mod p, one value per coefficient (term-major: u, v, w).
    let residues: [UInt8]
    let per: Int
    /// Column of each coefficient among the unknowns, or -1: the support only, or all.
    let supportColumns: [Int32]
    let allColumns: [Int32]

    init(target: LiftTarget, rank: Int, residues: [UInt8], prime: Int) {
        (self.target, self.rank, self.residues, self.prime) = (target, rank, residues, prime)
        per = target.dimensions.u + target.dimensions.v + target.dimensions.w
        var next: Int32 = 0
        supportColumns = residues.map { value in
            guard value != 0 else { return -1 }
            defer { next += 1 }
            return next
        }
        allColumns = (0..<residues.count).map { Int32($0) }
    }

    /// The non-zero positions (and residues) of factor `factor` (0 u, 1 v, 2 w) of term r.
    func support(_ r: Int, _ factor: Int) -> [(index: Int, value: Int)] {
        let (nu, nv, nw) = target.dimensions
        let offset = r * per + (factor == 0 ? 0 : factor == 1 ? nu : nu + nv)
        let count = factor == 0 ? nu : factor == 1 ? nv : nw
        return (0..<count).compactMap { residues[offset + $0] != 0 ? ($0, Int(residues[offset + $0])) : nil }
    }

    /// The tensor entry (x, y, z) as one index.
    @inline(__always) func entry(_ x: Int, _ y: Int, _ z: Int) -> Int { (x * target.dimensions.v + y) * target.dimensions.w + z }

    /// Calls `emit(entry, coefficient index, ∂E[entry]/∂coefficient mod p)` for every non-zero
    /// entry of J whose coefficient is an unknown (`columns` ≥ 0).
    func forEachJacobianEntry(columns: [Int32], _ emit: (Int, Int, Int) -> Void) {
        let (nu, nv, nw) = target.dimensions
        for r in 0..<rank {
            let us = support(r, 0), vs = support(r, 1), ws = support(r, 2)
            let base = r * per
            // ∂/∂u_r[x] at (x, y, z) is v_r[y]·w_r[z]; likewise for v and w.
            for (y, b) in vs { for (z, c) in ws { for x in 0..<nu where columns[base + x] >= 0 { emit(entry(x, y, z), base + x, b * c % prime) } } }
            for (x, a) in us { for (z, c) in ws { for y in 0..<nv where columns[base + nu + y] >= 0 { emit(entry(x, y, z), base + nu + y, a * c % prime) } } }
            for (x, a) in us { for (y, b) in vs { for z in 0..<nw where columns[base + nu + nv + z] >= 0 { emit(entry(x, y, z), base + nu + nv + z, a * b % prime) } } }
        }
    }

    /// J (restricted to the unknowns) eliminated, or nil when its pivot rows could exceed
    /// `HenselLift.memoryLimit`.
    func eliminate(allCoefficients: Bool) -> ModularEchelon? {
        let columns = allCoefficients ? allColumns : supportColumns
        let unknowns = Int(columns.max().map { $0 + 1 } ?? 0)
        guard unknowns > 0 else { return nil }
        let planes = prime == 2 ? 1 : 2
        guard unknowns * ((unknowns + 63) / 64) * 8 * planes <= HenselLift.memoryLimit else { return nil }
        // Rows in compressed form: count, then fill.
        var start = [Int](repeating: 0, count: target.count + 1)
        forEachJacobianEntry(columns: columns) { e, _, _ in start[e + 1] += 1 }
        for e in 0..<target.count { start[e + 1] += start[e] }
        var fill = start
        var entries = [(column: Int, coefficient: Int)](repeating: (0, 0), count: start[target.count])
        forEachJacobianEntry(columns: columns) { e, variable, c in
            entries[fill[e]] = (Int(columns[variable]), c)
            fill[e] += 1
        }
        var echelon = ModularEchelon(prime: prime, columns: unknowns)
        for e in 0..<target.count where start[e] < start[e + 1] {
            echelon.add(row: e, entries: Array(entries[start[e]..<start[e + 1]]))
        }
        return echelon
    }

    /// E(x) = Σ u⊗v⊗w − T modulo M, for x the coefficients mod M.
    func residual(_ x: [UInt64], arithmetic: LiftArithmetic) -> [UInt64] {
        let (nu, nv, nw) = target.dimensions
        var e = [UInt64](repeating: 0, count: target.count)
        for r in 0..<rank {
            let base = r * per
            let ws = (0..<nw).filter { x[base + nu + nv + $0] != 0 }
            for xi in 0..<nu where x[base + xi] != 0 {
                for yi in 0..<nv where x[base + nu + yi] != 0 {
                    let uv = arithmetic.multiply(x[base + xi], x[base + nu + yi])
                    let row = (xi * nv + yi) * nw
                    for zi in ws { e[row + zi] = arithmetic.add(e[row + zi], arithmetic.multiply(uv, x[base + nu + nv + zi])) }
                }
            }
        }
        for (index, value) in target.entries { e[index] = arithmetic.add(e[index], arithmetic.residue(-value)) }
        return e
    }

    /// One lifting attempt: the coefficients mod M, or nil when a step has no solution.
    func lift(_ echelon: ModularEchelon, columns: [Int32], arithmetic: LiftArithmetic, randomFree: Bool, rng: inout Xoshiro) -> [UInt64]? {
        // Residues start at their representatives in (−p/2, p/2] (mod 3: 2 is −1), so that a
        // free unknown, never changed, keeps the small value the scheme mod p suggests.
        var x = residues.map { $0 == 2 && prime == 3 ? arithmetic.modulus - 1 : UInt64($0) }
        var power: UInt64 = 1
        let p = UInt64(prime)
        let variableOfColumn: [Int] = {
            var inverse = [Int](repeating: -1, count: echelon.columns)
            for (variable, column) in columns.enumerated() where column >= 0 { inverse[Int(column)] = variable }
            return inverse
        }()
        for _ in 1..<arithmetic.steps {
            power *= p
            let e = residual(x, arithmetic: arithmetic)
            // E ≡ 0 mod p^k, else the last step's system was inconsistent.
            guard e.allSatisfy({ $0 % power == 0 }) else { return nil }
            let b = e.map { UInt8((p - ($0 / power) % p) % p) }
            let delta = echelon.solve(b) { _ in randomFree ? UInt8(truncatingIfNeeded: rng.next() % p) : 0 }
            for (column, d) in delta.enumerated() where d != 0 {
                let variable = variableOfColumn[column]
                x[variable] = arithmetic.add(x[variable], arithmetic.multiply(UInt64(d), power))
            }
        }
        return residual(x, arithmetic: arithmetic).allSatisfy { $0 == 0 } ? x : nil
    }

    /// Mod 2 on the support: a sign pattern valid over Z within the solutions of the first
    /// Hensel step, or nil. Every support coefficient is odd, so the step's solution δ gives it
    /// the value 1 + 2δ ≡ ±1 (mod 4); read as ±1 exactly, the pattern is a candidate scheme over
    /// Z whose residual E has only even entries. Hill climbing over the free unknowns of the
    /// step (each flip moves δ along one kernel vector) lowers Σ E², sideways moves allowed,
    /// restarting from random free values after a sweep without progress; Σ E² = 0 is a scheme
    /// over Z with coefficients in {-1, 0, 1}. Returns the coefficients mod M.
    func searchSigns(_ echelon: ModularEchelon, arithmetic: LiftArithmetic, sweeps: Int, rng: inout Xoshiro) -> [UInt64]? {
        guard prime == 2 else { return nil }
        let ones = residues.map { UInt64($0) }
        let e = residual(ones, arithmetic: arithmetic)
        guard e.allSatisfy({ $0 % 2 == 0 }) else { return nil }
        let rhs = echelon.pivotRightHandSides(e.map { UInt8(($0 / 2) % 2) })
        let variableOfColumn: [Int] = {
            var inverse = [Int](repeating: -1, count: echelon.columns)
            for (variable, column) in supportColumns.enumerated() where column >= 0 { inverse[Int(column)] = variable }
            return inverse
        }()
        let freeColumns = (0..<echelon.columns).filter { !echelon.isPivot($0) }
        var free = [UInt8](repeating: 0, count: echelon.columns)
        let minusOne = arithmetic.modulus - 1
        func signs() -> [UInt64] {
            let delta = echelon.backSubstitute(rhs) { free[$0] }
            var x = ones
            for (column, d) in delta.enumerated() where d == 1 { x[variableOfColumn[column]] = minusOne }
            return x
        }
        func cost(_ x: [UInt64]) -> Int {
            residual(x, arithmetic: arithmetic).reduce(0) { total, value in
                let signed = value > arithmetic.modulus / 2 ? Int(value) - Int(arithmetic.modulus) : Int(value)
                return total + signed * signed
            }
        }
        var x = signs()
        var current = cost(x)
        var sweepsWithoutProgress = 0
        for _ in 0..<sweeps {
            if current == 0 { return x }
            let before = current
            var order = freeColumns
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.below(i + 1)) }
            for column in order {
                free[column] ^= 1
                let candidate = signs()
                let value = cost(candidate)
                if value < current || (value == current && rng.next() & 1 == 0) {
                    (x, current) = (candidate, value)
                    if current == 0 { return x }
                } else {
                    free[column] ^= 1
                }
            }
            sweepsWithoutProgress = current < before ? 0 : sweepsWithoutProgress + 1
            if sweepsWithoutProgress >= 3 {
                for column in freeColumns { free[column] = UInt8(truncatingIfNeeded: rng.next() & 1) }
                x = signs()
                current = cost(x)
                sweepsWithoutProgress = 0
            }
        }
        return current == 0 ? x : nil
    }
}
