/// Gaussian elimination over GF(p), p = 2 or 3, of a sparse system A·δ = b that is fed row by
/// row, kept so that many right-hand sides b can be solved afterwards.
///
/// Each incoming row is reduced by the pivot rows whose lead (first non-zero column) is its own
/// first non-zero column, until that column has no pivot; it then becomes a pivot row with that
/// lead, scaled to lead coefficient 1. So every pivot row is zero left of its lead and the leads
/// are distinct: back substitution in decreasing lead order solves the pivot rows. A pivot row is
/// `scale`·(its original row − Σ c_j·(earlier pivot rows j)); the combination is recorded, so the
/// right-hand side of every pivot row follows from b in one pass. Rows that reduce to zero are
/// consistency conditions, which are not kept: a caller that needs them checks A·δ = b itself.
///
/// Rows are dense bit planes over the columns (one plane for p = 2; planes of the coefficients
/// 1 and -1 ≡ 2 for p = 3), so memory is pivots × columns / 4 bytes at most.
struct ModularEchelon {
    let prime: Int
    let columns: Int
    let words: Int
    /// Pivot rows' planes, `words` words each, in order of creation (`minus` only for p = 3).
    private var plus: [UInt64] = []
    private var minus: [UInt64] = []
    private(set) var leads: [Int32] = []
    private var pivotOfColumn: [Int32]
    /// Pivot i: its original row, its scale (-1 when the row was negated, p = 3) and the
    /// earlier pivots subtracted from it with their coefficients (`combination[start[i]..<start[i+1]]`).
    private var origins: [Int32] = []
    private var negatedRow: [Bool] = []
    private var combination: [(pivot: Int32, coefficient: UInt8)] = []
    private var combinationStart: [Int] = [0]

    var rank: Int { leads.count }

    init(prime: Int, columns: Int) {
        precondition(prime == 2 || prime == 3)
        (self.prime, self.columns) = (prime, columns)
        words = (columns + 63) / 64
        pivotOfColumn = [Int32](repeating: -1, count: columns)
    }

    /// Adds row `origin` of A, given by its non-zero entries (column, coefficient in 1..<p).
    mutating func add(row origin: Int, entries: [(column: Int, coefficient: Int)]) {
        var p = [UInt64](repeating: 0, count: words), m = [UInt64](repeating: 0, count: words)
        for (column, coefficient) in entries {
            let bit: UInt64 = 1 << UInt64(column & 63)
            // Entries may repeat a column: add them up mod p.
            let current = (p[column >> 6] & bit != 0 ? 1 : 0) + (m[column >> 6] & bit != 0 ? prime - 1 : 0)
            let sum = (current + coefficient) % prime
            p[column >> 6] &= ~bit
            m[column >> 6] &= ~bit
            if sum == 1 { p[column >> 6] |= bit } else if sum == 2 { m[column >> 6] |= bit }
        }
        var used: [(pivot: Int32, coefficient: UInt8)] = []
        var word = 0
        while true {
            while word < words && p[word] | m[word] == 0 { word += 1 }
            guard word < words else { return } // a dependent row
            let low = (p[word] | m[word]).trailingZeroBitCount
            let column = word << 6 | low
            let coefficient = p[word] >> UInt64(low) & 1 == 1 ? 1 : 2
            let pivot = Int(pivotOfColumn[column])
            if pivot < 0 {
                let negate = coefficient == 2
                plus.append(contentsOf: negate ? m : p)
                if prime == 3 { minus.append(contentsOf: negate ? p : m) }
                pivotOfColumn[column] = Int32(leads.count)
                leads.append(Int32(column))
                origins.append(Int32(origin))
                negatedRow.append(negate)
                combination += used
                combinationStart.append(combination.count)
                return
            }
            // row −= coefficient · pivot (the pivot's lead coefficient is 1).
            used.append((Int32(pivot), UInt8(coefficient)))
            let base = pivot * words
            if prime == 2 {
                for w in word..<words { p[w] ^= plus[base + w] }
            } else {
                for w in word..<words {
                    // Subtracting c·pivot adds (−c)·pivot: −1·pivot swaps the pivot's planes.
                    let (yp, ym) = coefficient == 1 ? (minus[base + w], plus[base + w]) : (plus[base + w], minus[base + w])
                    let xz = ~(p[w] | m[w]), yz = ~(yp | ym)
                    let np = (p[w] & yz) | (yp & xz) | (m[w] & ym)
                    let nm = (m[w] & yz) | (ym & xz) | (p[w] & yp)
                    (p[w], m[w]) = (np, nm)
                }
            }
        }
    }

    /// Whether `column` is the lead of a pivot row (else its unknown is free).
    func isPivot(_ column: Int) -> Bool { pivotOfColumn[column] >= 0 }

    /// A solution δ (values in 0..<p, one per column) of the pivot rows for right-hand side
    /// `b` (indexed by original row, values in 0..<p); free columns get `free(column)`.
    func solve(_ b: [UInt8], free: (Int) -> UInt8) -> [UInt8] {
        backSubstitute(pivotRightHandSides(b), free: free)
    }

    /// The right-hand side of every pivot row for the system's right-hand side `b`.
    func pivotRightHandSides(_ b: [UInt8]) -> [UInt8] {
        var rhs = [UInt8](repeating: 0, count: rank)
        for i in 0..<rank {
            var value = Int(b[Int(origins[i])])
            for (pivot, c) in combination[combinationStart[i]..<combinationStart[i + 1]] {
                value += (prime - Int(c)) * Int(rhs[Int(pivot)])
            }
            value %= prime
            rhs[i] = UInt8(negatedRow[i] ? (prime - value) % prime : value)
        }
        return rhs
    }

    /// The solution for the pivot rows' right-hand sides `rhs`, free columns set to `free(column)`.
    func backSubstitute(_ rhs: [UInt8], free: (Int) -> UInt8) -> [UInt8] {
        let q = UInt8(prime)
        var delta = [UInt8](repeating: 0, count: columns)
        var dp = [UInt64](repeating: 0, count: words), dm = [UInt64](repeating: 0, count: words)
        func set(_ column: Int, _ value: UInt8) {
            delta[column] = value
            if value == 1 { dp[column >> 6] |= 1 << UInt64(column & 63) }
            if value == 2 { dm[column >> 6] |= 1 << UInt64(column & 63) }
        }
        for column in 0..<columns where pivotOfColumn[column] < 0 {
            let value = free(column) % q
            if value != 0 { set(column, value) }
        }
        // Decreasing lead: every column right of a lead is known when the lead is solved.
        for column in stride(from: columns - 1, through: 0, by: -1) {
            let i = Int(pivotOfColumn[column])
            guard i >= 0 else { continue }
            let base = i * words
            var same = 0, opposite = 0
            if prime == 2 {
                for w in (column >> 6)..<words { same += (plus[base + w] & dp[w]).nonzeroBitCount }
            } else {
                for w in (column >> 6)..<words {
                    same += (plus[base + w] & dp[w]).nonzeroBitCount + (minus[base + w] & dm[w]).nonzeroBitCount
                    opposite += (plus[base + w] & dm[w]).nonzeroBitCount + (minus[base + w] & dp[w]).nonzeroBitCount
                }
            }
            // row · δ over the other columns = same − opposite (δ at the lead is still 0).
            let value = ((Int(rhs[i]) - same + opposite) % prime + prime) % prime
            if value != 0 { set(column, UInt8(value)) }
        }
        return delta
    }
}
