import ExactArithmetic

/// A small dense matrix over Q (row-major), with the exact linear algebra the low-rank finish
/// needs: products, inverses, column bases, null vectors and characteristic polynomials.
struct RationalMatrix {
    let rows: Int
    let columns: Int
    var entries: [Rational]

    init(rows: Int, columns: Int, _ entry: (Int, Int) -> Rational) {
        (self.rows, self.columns) = (rows, columns)
        entries = (0..<(rows * columns)).map { entry($0 / columns, $0 % columns) }
    }

    static func zero(_ rows: Int, _ columns: Int) -> RationalMatrix { RationalMatrix(rows: rows, columns: columns) { _, _ in Rational(0) } }
    static func identity(_ n: Int) -> RationalMatrix { RationalMatrix(rows: n, columns: n) { $0 == $1 ? Rational(1) : Rational(0) } }

    subscript(i: Int, j: Int) -> Rational {
        get { entries[i * columns + j] }
        set { entries[i * columns + j] = newValue }
    }

    var transposed: RationalMatrix { RationalMatrix(rows: columns, columns: rows) { self[$1, $0] } }

    func scaled(_ factor: Rational) -> RationalMatrix { RationalMatrix(rows: rows, columns: columns) { self[$0, $1] * factor } }

    static func + (a: RationalMatrix, b: RationalMatrix) -> RationalMatrix { RationalMatrix(rows: a.rows, columns: a.columns) { a[$0, $1] + b[$0, $1] } }
    static func - (a: RationalMatrix, b: RationalMatrix) -> RationalMatrix { RationalMatrix(rows: a.rows, columns: a.columns) { a[$0, $1] - b[$0, $1] } }

    static func * (a: RationalMatrix, b: RationalMatrix) -> RationalMatrix {
        var product = zero(a.rows, b.columns)
        for i in 0..<a.rows {
            for k in 0..<a.columns where !a[i, k].isZero {
                for j in 0..<b.columns where !b[k, j].isZero { product[i, j] = product[i, j] + a[i, k] * b[k, j] }
            }
        }
        return product
    }

    /// Row echelon form by Gaussian elimination; returns the pivot (row, column) pairs.
    func echelon() -> (matrix: RationalMatrix, pivots: [(row: Int, column: Int)]) {
        var m = self
        var pivots: [(row: Int, column: Int)] = []
        var row = 0
        for column in 0..<columns where row < rows {
            guard let pivot = (row..<rows).first(where: { !m[$0, column].isZero }) else { continue }
            if pivot != row { for k in 0..<columns { m.entries.swapAt(pivot * columns + k, row * columns + k) } }
            for other in (row + 1)..<rows where !m[other, column].isZero {
                let factor = m[other, column] / m[row, column]
                for k in column..<columns { m[other, k] = m[other, k] - factor * m[row, k] }
            }
            pivots.append((row, column))
            row += 1
        }
        return (m, pivots)
    }

    /// The columns at the pivot positions: a basis of the column space.
    func columnBasis() -> RationalMatrix? {
        let pivotColumns = echelon().pivots.map(\.column)
        guard !pivotColumns.isEmpty else { return nil }
        return RationalMatrix(rows: rows, columns: pivotColumns.count) { self[$0, pivotColumns[$1]] }
    }

    /// For a matrix of full column rank r: an r × rows matrix L with L·self = I, built from r
    /// independent rows.
    func leftInverse() -> RationalMatrix? {
        let independentRows = transposed.echelon().pivots.map(\.column)
        guard independentRows.count == columns else { return nil }
        let square = RationalMatrix(rows: columns, columns: columns) { self[independentRows[$0], $1] }
        guard let inverse = square.inverse() else { return nil }
        var left = RationalMatrix.zero(columns, rows)
        for i in 0..<columns { for (k, row) in independentRows.enumerated() { left[i, row] = inverse[i, k] } }
        return left
    }

    /// The inverse by Gauss–Jordan elimination, or nil when singular.
    func inverse() -> RationalMatrix? {
        let n = rows
        var m = RationalMatrix(rows: n, columns: 2 * n) { i, j in j < n ? self[i, j] : (j - n == i ? Rational(1) : Rational(0)) }
        for column in 0..<n {
            guard let pivot = (column..<n).first(where: { !m[$0, column].isZero }) else { return nil }
            if pivot != column { for k in 0..<(2 * n) { m.entries.swapAt(pivot * 2 * n + k, column * 2 * n + k) } }
            let scale = m[column, column]
            for k in 0..<(2 * n) { m[column, k] = m[column, k] / scale }
            for other in 0..<n where other != column && !m[other, column].isZero {
                let factor = m[other, column]
                for k in 0..<(2 * n) { m[other, k] = m[other, k] - factor * m[column, k] }
            }
        }
        return RationalMatrix(rows: n, columns: n) { m[$0, $1 + n] }
    }

    /// A non-zero vector x with self·x = 0 when the null space is one-dimensional, else nil.
    func nullVector() -> [Rational]? {
        let basis = nullSpace()
        return basis.count == 1 ? basis[0] : nil
    }

    /// A basis of the null space {x : self·x = 0}, one vector per free column of the echelon
    /// form (that column's entry 1, the other free entries 0).
    func nullSpace() -> [[Rational]] {
        let (m, pivots) = echelon()
        let pivotColumns = Set(pivots.map(\.column))
        return (0..<columns).filter { !pivotColumns.contains($0) }.map { free in
            var x = [Rational](repeating: Rational(0), count: columns)
            x[free] = Rational(1)
            for (row, column) in pivots.reversed() {
                var sum = Rational(0)
                for k in (column + 1)..<columns where !m[row, k].isZero { sum = sum + m[row, k] * x[k] }
                x[column] = -sum / m[row, column]
            }
            return x
        }
    }

    /// Coefficients c₀…c_n (ascending, c_n = 1) of det(xI − self), by Faddeev–LeVerrier.
    func characteristicPolynomial() -> [Rational] {
        let n = rows
        var c = [Rational](repeating: Rational(0), count: n + 1)
        c[n] = Rational(1)
        var m = RationalMatrix.zero(n, n)
        for k in 1...n {
            m = self * m + RationalMatrix.identity(n).scaled(c[n - k + 1])
            let product = self * m
            var trace = Rational(0)
            for i in 0..<n { trace = trace + product[i, i] }
            c[n - k] = -trace / Rational(k)
        }
        return c
    }
}
