import ExactArithmetic
import SchemeModel

/// A three-way integer tensor of dimensions dA × dB × dC, stored flat with index
/// (a·dB + b)·dC + c: the TensorGame's state.
///
/// For ⟨n,m,p⟩ the modes are A (dA = nm), B (dB = mp) and Cᵀ (dC = pn), and the matrix
/// multiplication tensor has T[i·m+j, j·p+k, k·n+i] = 1.
public struct ResidualTensor: Hashable, Sendable {
    public let dA: Int
    public let dB: Int
    public let dC: Int
    public var entries: [Int32]

    public init(dA: Int, dB: Int, dC: Int, entries: [Int32]) {
        precondition(entries.count == dA * dB * dC)
        (self.dA, self.dB, self.dC, self.entries) = (dA, dB, dC, entries)
    }

    /// The zero tensor.
    public init(dA: Int, dB: Int, dC: Int) {
        self.init(dA: dA, dB: dB, dC: dC, entries: [Int32](repeating: 0, count: dA * dB * dC))
    }

    /// The matrix multiplication tensor ⟨n,m,p⟩.
    public init(matrixMultiplication shape: Shape) {
        let (n, m, p) = (shape.n, shape.m, shape.p)
        self.init(dA: n * m, dB: m * p, dC: p * n)
        for i in 0..<n { for j in 0..<m { for k in 0..<p { entries[((i * m + j) * dB + j * p + k) * dC + k * n + i] = 1 } } }
    }

    public subscript(a: Int, b: Int, c: Int) -> Int32 {
        get { entries[(a * dB + b) * dC + c] }
        set { entries[(a * dB + b) * dC + c] = newValue }
    }

    public var isZero: Bool { !entries.contains { $0 != 0 } }

    /// Adds `sign` · u ⊗ v ⊗ w.
    public mutating func add(_ move: GameMove, sign: Int32 = 1) {
        for a in 0..<dA where move.u[a] != 0 {
            let ua = sign &* move.u[a]
            for b in 0..<dB where move.v[b] != 0 {
                let uv = ua &* move.v[b]
                let base = (a * dB + b) * dC
                for c in 0..<dC where move.w[c] != 0 { entries[base + c] &+= uv &* move.w[c] }
            }
        }
    }

    /// Subtracts the move: the residual after playing it.
    public mutating func subtract(_ move: GameMove) { add(move, sign: -1) }

    /// The largest absolute entry.
    public var maximumMagnitude: Int32 { entries.map { abs($0) }.max() ?? 0 }

    // MARK: Rank bounds

    /// The three flattenings' ranks modulo the prime 2^31 − 1. Each is at most the rank over Q
    /// of that flattening, which is at most the tensor rank: the maximum is a lower bound on
    /// the number of moves still needed.
    public var flatteningLowerBound: Int { flatteningRanks.max()! }

    /// The ranks of the three flattenings (modulo 2^31 − 1).
    public var flatteningRanks: [Int] {
        (0..<3).map { mode in
            let (r, f) = ResidualTensor.otherModes(mode)
            let columns = dimension(r) * dimension(f)
            var matrix = [Int32](repeating: 0, count: dimension(mode) * columns)
            for i in 0..<dimension(mode) { for j in 0..<dimension(r) { for k in 0..<dimension(f) {
                matrix[i * columns + j * dimension(f) + k] = entry((mode, r, f), i, j, k)
            } } }
            return ModularLinearAlgebra.rank(ModularLinearAlgebra.residues(matrix), rows: dimension(mode), columns: columns)
        }
    }

    /// The number of terms of `completion()`: an upper bound on the rank.
    public var completionLength: Int { completionPlan().length }

    /// AlphaTensor's bound: in the best of the three modes, the sum of the ranks of the slice
    /// matrices (each slice of rank r is r rank-one terms). Ranks are computed modulo
    /// 2^31 − 1, which equals the rank over Q unless the prime divides every maximal non-zero
    /// minor (impossible while minors stay below 2^31, as they do for small residuals).
    public var sliceRankBound: Int { sliceRankSums.min()! }

    /// Per mode, the sum of the ranks of its slices.
    var sliceRankSums: [Int] {
        (0..<3).map { mode in (0..<dimension(mode)).reduce(0) { $0 + sliceRank(mode: mode, index: $1) } }
    }

    /// The dimension of `mode` (0: A, 1: B, 2: Cᵀ).
    func dimension(_ mode: Int) -> Int { mode == 0 ? dA : mode == 1 ? dB : dC }

    /// The two modes other than `mode`, in increasing order.
    static func otherModes(_ mode: Int) -> (Int, Int) { mode == 0 ? (1, 2) : mode == 1 ? (0, 2) : (0, 1) }

    /// The entry whose index in mode `modes.0` is i, in `modes.1` is j and in `modes.2` is k
    /// (`modes` a permutation of 0, 1, 2).
    func entry(_ modes: (Int, Int, Int), _ i: Int, _ j: Int, _ k: Int) -> Int32 {
        func stride(_ mode: Int) -> Int { mode == 0 ? dB * dC : mode == 1 ? dC : 1 }
        return entries[i * stride(modes.0) + j * stride(modes.1) + k * stride(modes.2)]
    }

    /// A decomposition of this residual into integer rank-one terms, slice by slice: in the mode
    /// and orientation where it is shortest, each slice matrix M is written as the sum over its
    /// non-zero rows r of e_r ⊗ M[r, ·] (or over its non-zero columns). Every game ends with it,
    /// so every game yields a valid decomposition.
    public func completion() -> [GameMove] {
        let plan = completionPlan()
        var moves: [GameMove] = []
        // The slice mode s, the row mode r (one factor is a unit vector), and the free mode f.
        let s = plan.sliceMode, r = plan.rowMode, f = 3 - s - r
        for i in 0..<dimension(s) {
            for j in 0..<dimension(r) {
                let line = (0..<dimension(f)).map { entry((s, r, f), i, j, $0) }
                guard line.contains(where: { $0 != 0 }) else { continue }
                var factors = [[Int32]](repeating: [], count: 3)
                factors[s] = unit(i, dimension(s))
                factors[r] = unit(j, dimension(r))
                factors[f] = line
                moves.append(GameMove(u: factors[0], v: factors[1], w: factors[2]))
            }
        }
        return moves
    }

    private func unit(_ i: Int, _ count: Int) -> [Int32] {
        var e = [Int32](repeating: 0, count: count)
        e[i] = 1
        return e
    }

    /// A decomposition into `sliceRankBound` rational rank-one terms: in the mode where the slice
    /// ranks sum least, each slice M (fixed index i) is split by Gaussian elimination over Q into
    /// rank(M) terms e_i ⊗ M[·,q] ⊗ M[p,·]/M[p,q], the pivot rows and columns.
    public func rankCompletion() -> [(u: [Rational], v: [Rational], w: [Rational])] {
        let sums = sliceRankSums
        let bestMode = sums.indices.min { sums[$0] < sums[$1] }!
        let (r, f) = ResidualTensor.otherModes(bestMode)
        let columns = dimension(f)
        var terms: [(u: [Rational], v: [Rational], w: [Rational])] = []
        for i in 0..<dimension(bestMode) {
            var matrix = slice(mode: bestMode, index: i).map { Rational(Int($0)) }
            while let pivot = matrix.firstIndex(where: { !$0.isZero }) {
                let (p, q) = (pivot / columns, pivot % columns)
                let column = (0..<dimension(r)).map { matrix[$0 * columns + q] }
                let row = (0..<columns).map { matrix[p * columns + $0] / matrix[pivot] }
                for j in 0..<dimension(r) where !column[j].isZero {
                    for k in 0..<columns where !row[k].isZero { matrix[j * columns + k] = matrix[j * columns + k] - column[j] * row[k] }
                }
                var factors = [[Rational]](repeating: [], count: 3)
                factors[bestMode] = (0..<dimension(bestMode)).map { $0 == i ? Rational(1) : Rational(0) }
                factors[r] = column
                factors[f] = row
                terms.append((factors[0], factors[1], factors[2]))
            }
        }
        return terms
    }

    /// The slice matrix at `index` of `mode`, rows the lower remaining mode, row-major.
    func slice(mode: Int, index i: Int) -> [Int32] {
        let (r, f) = ResidualTensor.otherModes(mode)
        var matrix = [Int32](repeating: 0, count: dimension(r) * dimension(f))
        for j in 0..<dimension(r) {
            for k in 0..<dimension(f) { matrix[j * dimension(f) + k] = entry((mode, r, f), i, j, k) }
        }
        return matrix
    }

    func sliceRank(mode: Int, index: Int) -> Int {
        let (r, f) = ResidualTensor.otherModes(mode)
        return ModularLinearAlgebra.rank(ModularLinearAlgebra.residues(slice(mode: mode, index: index)), rows: dimension(r), columns: dimension(f))
    }

    /// For each choice of slice mode and row mode, the number of non-zero lines; the least.
    private func completionPlan() -> (sliceMode: Int, rowMode: Int, length: Int) {
        var best = (sliceMode: 0, rowMode: 1, length: Int.max)
        for s in 0..<3 {
            for r in 0..<3 where r != s {
                let f = 3 - s - r
                var count = 0
                for i in 0..<dimension(s) {
                    for j in 0..<dimension(r) where (0..<dimension(f)).contains(where: { entry((s, r, f), i, j, $0) != 0 }) { count += 1 }
                }
                if count < best.length { best = (s, r, count) }
            }
        }
        return best
    }

    /// When the residual is one rank-one term x ⊗ y ⊗ z, that term with integer factors (x and
    /// y primitive; z is then integral by Gauss's lemma): the game's one-move finish.
    public var rankOneTerm: GameMove? {
        guard let first = entries.firstIndex(where: { $0 != 0 }) else { return nil }
        let a0 = first / (dB * dC), b0 = (first / dC) % dB, c0 = first % dC
        var x = (0..<dA).map { self[$0, b0, c0] }
        var y = (0..<dB).map { self[a0, $0, c0] }
        x = primitive(x)
        y = primitive(y)
        let scale = x[a0] * y[b0]
        guard scale != 0 else { return nil }
        var z = [Int32](repeating: 0, count: dC)
        for c in 0..<dC {
            let t = self[a0, b0, c]
            guard t % scale == 0 else { return nil }
            z[c] = t / scale
        }
        for a in 0..<dA { for b in 0..<dB { for c in 0..<dC where Int64(self[a, b, c]) != Int64(x[a]) * Int64(y[b]) * Int64(z[c]) { return nil } } }
        return GameMove(u: x, v: y, w: z)
    }

    private func primitive(_ vector: [Int32]) -> [Int32] {
        var g: Int32 = 0
        for value in vector {
            var (p, q) = (abs(g), abs(value))
            while q != 0 { (p, q) = (q, p % q) }
            g = p
        }
        return g > 1 ? vector.map { $0 / g } : vector
    }
}
