import ExactArithmetic

/// Exact linear algebra modulo the prime p = 2^31 − 1 (`ModP` arithmetic on residues), for the
/// game's rank bounds and the low-rank finish's fast test. Matrices are row-major.
enum ModularLinearAlgebra {
    static let modulus = ModP.Modulus(2_147_483_647)

    /// The residues of small integers.
    static func residues(_ values: [Int32]) -> [UInt64] { values.map { modulus.reduce(Int($0)) } }

    /// The rank, by Gaussian elimination.
    static func rank(_ matrix: [UInt64], rows: Int, columns: Int) -> Int {
        var m = matrix
        var rank = 0
        for column in 0..<columns where rank < rows {
            guard let pivot = (rank..<rows).first(where: { m[$0 * columns + column] != 0 }) else { continue }
            if pivot != rank { for k in 0..<columns { m.swapAt(pivot * columns + k, rank * columns + k) } }
            let inverse = modulus.inverse(m[rank * columns + column])!
            for row in (rank + 1)..<rows where m[row * columns + column] != 0 {
                let factor = modulus.multiply(m[row * columns + column], inverse)
                for k in column..<columns {
                    m[row * columns + k] = modulus.subtract(m[row * columns + k], modulus.multiply(factor, m[rank * columns + k]))
                }
            }
            rank += 1
        }
        return rank
    }

    /// Brings a rows × columns matrix to reduced row echelon form in place, choosing pivots
    /// among the first `pivotColumns` columns (all of them by default); returns the pivot columns.
    static func reduceRows(_ m: inout [UInt64], rows: Int, columns: Int, pivotColumns: Int? = nil) -> [Int] {
        var pivots: [Int] = []
        for column in 0..<(pivotColumns ?? columns) where pivots.count < rows {
            let row = pivots.count
            guard let pivot = (row..<rows).first(where: { m[$0 * columns + column] != 0 }) else { continue }
            if pivot != row { for k in 0..<columns { m.swapAt(pivot * columns + k, row * columns + k) } }
            let scale = modulus.inverse(m[row * columns + column])!
            for k in 0..<columns { m[row * columns + k] = modulus.multiply(m[row * columns + k], scale) }
            for other in 0..<rows where other != row && m[other * columns + column] != 0 {
                let factor = m[other * columns + column]
                for k in 0..<columns { m[other * columns + k] = modulus.subtract(m[other * columns + k], modulus.multiply(factor, m[row * columns + k])) }
            }
            pivots.append(column)
        }
        return pivots
    }

    /// A basis of the null space {x : M·x = 0} of a rows × columns matrix: reduced row echelon
    /// form, then one vector per free column.
    static func nullSpace(_ matrix: [UInt64], rows: Int, columns: Int) -> [[UInt64]] {
        var m = matrix
        let pivots = reduceRows(&m, rows: rows, columns: columns)
        return (0..<columns).filter { !pivots.contains($0) }.map { free in
            var x = [UInt64](repeating: 0, count: columns)
            x[free] = 1
            for (row, column) in pivots.enumerated() { x[column] = modulus.negate(m[row * columns + free]) }
            return x
        }
    }

    /// The inverse of an n × n matrix by Gauss–Jordan elimination on (M | I), or nil when
    /// singular.
    static func inverse(_ matrix: [UInt64], size n: Int) -> [UInt64]? {
        let width = 2 * n
        var m = [UInt64](repeating: 0, count: n * width)
        for i in 0..<n {
            for j in 0..<n { m[i * width + j] = matrix[i * n + j] }
            m[i * width + n + i] = 1
        }
        guard reduceRows(&m, rows: n, columns: width, pivotColumns: n).count == n else { return nil }
        return (0..<(n * n)).map { m[($0 / n) * width + n + $0 % n] }
    }

    /// The product of two n × n matrices.
    static func multiply(_ a: [UInt64], _ b: [UInt64], size n: Int) -> [UInt64] {
        var c = [UInt64](repeating: 0, count: n * n)
        for i in 0..<n {
            for k in 0..<n where a[i * n + k] != 0 {
                for j in 0..<n { c[i * n + j] = modulus.add(c[i * n + j], modulus.multiply(a[i * n + k], b[k * n + j])) }
            }
        }
        return c
    }
}
