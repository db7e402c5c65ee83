import ExactArithmetic
import Foundation

/// Rounds a converged point by moving it into a projective frame made of its own factors, for
/// points that are isolated up to the symmetries (the Jacobian's kernel is only the orbit of the
/// term rescalings and of GL(n)×GL(m)×GL(p), as on ⟨3,3,6⟩ at 40) and equivalent to a rational
/// scheme: then no choice of zeros is needed, only the right change of basis.
///
/// The symmetry acts by u ↦ P u Q⁻¹, v ↦ Q v S⁻¹, w ↦ S w P⁻¹ (u an n×m, v an m×p, w a p×n matrix,
/// w indexing Cᵀ) and by rescaling each term. If the point is the image of a rational scheme, a
/// rank-one u = x yᵀ has x = α·P₀x⁰ with x⁰ rational and α an unknown real. Given n such x in
/// general position (the columns of B) and one more, x = Bc, the map P with P⁻¹ = B·diag(c)
/// sends the n+1 to e₁, …, eₙ and (1, …, 1): P⁻¹ = α·B⁰diag(c⁰), rational up to one scalar, so
/// every x becomes rational up to its term's scalar (the projective frame of n+1 points). The same
/// with the rows yᵀ fixes Q; after P and Q, the rows of every v are rational up to their term's
/// scalar, and p + 1 of them in general position fix S. Rescaled so that the largest entry of u
/// and of v is 1 (`Rationalisation.normalised`), every entry is then rational; it is read off as a simple fraction. Where u has
/// too few rank-one factors, the rotations (v, w, u) of ⟨m,p,n⟩ and (w, u, v) of ⟨p,n,m⟩ are
/// tried, which the tensor's cyclic symmetry allows.
struct GaugeFrame {
    let problem: BrentLeastSquares
    /// How far (relative) a double may be from the fraction it is read as; the exact checker
    /// decides afterwards.
    var tolerance = 1e-6

    /// The point in the frame, as exact rationals, or nil when no rotation has the rank-one
    /// factors and rows in general position the frame needs, or an entry is no simple fraction.
    func round(_ x: [Double]) -> [Rational]? {
        let (n, m, p) = (problem.shape.n, problem.shape.m, problem.shape.p)
        let terms = (0..<problem.rank).map { r in
            (0..<3).map { factor in
                Array(x[problem.offset(factor: factor, term: r)..<(problem.offset(factor: factor, term: r) + [problem.a, problem.b, problem.c][factor])])
            }
        }
        // Rotation k: factor k plays u, of shape dims[k]×dims[k+1] (dims = n, m, p cyclically).
        let dims = [n, m, p]
        rotations: for rotation in 0..<3 {
            let d = (dims[rotation], dims[(rotation + 1) % 3], dims[(rotation + 2) % 3])
            let rotated = terms.map { t in (0..<3).map { t[(rotation + $0) % 3] } }
            guard let framed = Self.frame(rotated, n: d.0, m: d.1, p: d.2) else { continue }
            var point = [Double](repeating: 0, count: problem.variableCount)
            for r in 0..<problem.rank {
                for k in 0..<3 {
                    let start = problem.offset(factor: (rotation + k) % 3, term: r)
                    point.replaceSubrange(start..<(start + framed[r][k].count), with: framed[r][k])
                }
            }
            var exact: [Rational] = []
            for value in Rationalisation.normalised(point, problem) {
                guard let fraction = Rationalisation.simpleFraction(value, within: tolerance) else { continue rotations }
                exact.append(fraction)
            }
            return exact
        }
        return nil
    }

    /// The terms (u: n×m, v: m×p, w: p×n, row-major) moved into the frame, or nil; each is rational
    /// up to its term's rescaling, which `Rationalisation.normalised` then fixes.
    static func frame(_ terms: [[[Double]]], n: Int, m: Int, p: Int) -> [[[Double]]]? {
        // Rank-one u = x yᵀ: x is u's column through its largest entry, y that row over the entry.
        var columns: [[Double]] = [], rows: [[Double]] = []
        for term in terms {
            let u = term[0]
            guard let pivot = u.indices.max(by: { abs(u[$0]) < abs(u[$1]) }), abs(u[pivot]) > 0 else { continue }
            let (a, b) = (pivot / m, pivot % m)
            let column = (0..<n).map { u[$0 * m + b] }, row = (0..<m).map { u[a * m + $0] / u[pivot] }
            let scale = abs(u[pivot])
            guard (0..<(n * m)).allSatisfy({ abs(u[$0] - column[$0 / m] * row[$0 % m]) <= 1e-8 * scale }) else { continue }
            columns.append(column)
            rows.append(row)
        }
        // x ↦ Px with P⁻¹ = the columns' frame; y ↦ Q⁻ᵀy with Q⁻ᵀ = the inverse of the rows' frame F,
        // so Q = Fᵀ and Q⁻¹ = (F⁻¹)ᵀ.
        guard let pInverse = projectiveFrame(columns, dimension: n), let rowFrame = projectiveFrame(rows, dimension: m),
              let pMatrix = Dense.inverse(pInverse, n), let rowFrameInverse = Dense.inverse(rowFrame, m) else { return nil }
        let (q, qInverse) = (Dense.transpose(rowFrame, m), Dense.transpose(rowFrameInverse, m))
        let moved = terms.map { term -> [[Double]] in
            let u = Dense.multiply(Dense.multiply(pMatrix, term[0], n, n, m), qInverse, n, m, m)
            let v = Dense.multiply(q, term[1], m, m, p)
            let w = Dense.multiply(term[2], pInverse, p, n, n)
            return [u, v, w]
        }
        // The rows ρ of the v's go ρ ↦ ρS⁻¹, i.e. ρᵀ ↦ S⁻ᵀρᵀ: with their frame F, S⁻ᵀ = F⁻¹ and S = Fᵀ.
        // Zero rows (to rounding error) carry no direction.
        let vRows = moved.flatMap { term in
            let rows = (0..<m).map { j in Array(term[1][(j * p)..<((j + 1) * p)]) }
            let largest = rows.map(Dense.norm).max() ?? 0
            return rows.filter { Dense.norm($0) > 1e-8 * largest }
        }
        guard let sFrame = projectiveFrame(vRows, dimension: p) else { return nil }
        let s = Dense.transpose(sFrame, p)
        guard let sInverse = Dense.inverse(s, p) else { return nil }
        return moved.map { term in
            [term[0], Dense.multiply(term[1], sInverse, m, p, p), Dense.multiply(s, term[2], p, p, n)]
        }
    }

    /// B·diag(c) (row-major, dimension×dimension, the chosen vectors as columns): `dimension`
    /// vectors in general position chosen greedily, and c the coordinates in them of a further
    /// vector with no coordinate near zero; nil when the vectors do not allow it.
    static func projectiveFrame(_ vectors: [[Double]], dimension: Int) -> [Double]? {
        var basis: [[Double]] = []
        for vector in vectors where basis.count < dimension {
            let candidate = basis + [vector]
            if Dense.smallestPivot(candidate, dimension) > 1e-6 { basis = candidate }
        }
        guard basis.count == dimension else { return nil }
        var b = [Double](repeating: 0, count: dimension * dimension)
        for (column, vector) in basis.enumerated() {
            for row in 0..<dimension { b[row * dimension + column] = vector[row] / Dense.norm(vector) }
        }
        for vector in vectors {
            guard let c = Dense.solve(b, vector.map { $0 / Dense.norm(vector) }, dimension), c.allSatisfy({ abs($0) > 1e-6 }) else { continue }
            for row in 0..<dimension {
                for column in 0..<dimension { b[row * dimension + column] *= c[column] }
            }
            return b
        }
        return nil
    }
}

/// Small dense row-major matrices for the frame (dimensions up to the shape's sides).
enum Dense {
    static func multiply(_ a: [Double], _ b: [Double], _ rows: Int, _ inner: Int, _ columns: Int) -> [Double] {
        var product = [Double](repeating: 0, count: rows * columns)
        for i in 0..<rows {
            for k in 0..<inner where a[i * inner + k] != 0 {
                for j in 0..<columns { product[i * columns + j] += a[i * inner + k] * b[k * columns + j] }
            }
        }
        return product
    }

    static func transpose(_ a: [Double], _ size: Int) -> [Double] {
        (0..<(size * size)).map { a[($0 % size) * size + $0 / size] }
    }

    static func norm(_ v: [Double]) -> Double { max(1e-300, v.reduce(0) { $0 + $1 * $1 }.squareRoot()) }

    /// Gaussian elimination with partial pivoting on the square system a·x = b; nil when singular.
    static func solve(_ a: [Double], _ b: [Double], _ size: Int) -> [Double]? {
        solveMany(a, [b], size)?.first
    }

    static func inverse(_ a: [Double], _ size: Int) -> [Double]? {
        let identity = (0..<size).map { column in (0..<size).map { $0 == column ? 1.0 : 0 } }
        guard let columns = solveMany(a, identity, size) else { return nil }
        return (0..<(size * size)).map { columns[$0 % size][$0 / size] }
    }

    static func solveMany(_ a: [Double], _ rightSides: [[Double]], _ size: Int) -> [[Double]]? {
        var m = a, x = rightSides
        for column in 0..<size {
            let pivot = (column..<size).max { abs(m[$0 * size + column]) < abs(m[$1 * size + column]) }!
            guard abs(m[pivot * size + column]) > 1e-12 else { return nil }
            if pivot != column {
                for k in 0..<size { m.swapAt(pivot * size + k, column * size + k) }
                for s in x.indices { x[s].swapAt(pivot, column) }
            }
            for row in (column + 1)..<size {
                let factor = m[row * size + column] / m[column * size + column]
                guard factor != 0 else { continue }
                for k in column..<size { m[row * size + k] -= factor * m[column * size + k] }
                for s in x.indices { x[s][row] -= factor * x[s][column] }
            }
        }
        for s in x.indices {
            for row in stride(from: size - 1, through: 0, by: -1) {
                var value = x[s][row]
                for k in (row + 1)..<size { value -= m[row * size + k] * x[s][k] }
                x[s][row] = value / m[row * size + row]
            }
        }
        return x
    }

    /// The smallest pivot, relative to the vectors' norms, of Gaussian elimination on the
    /// vectors (each of length `dimension`): near zero when they are dependent.
    static func smallestPivot(_ vectors: [[Double]], _ dimension: Int) -> Double {
        var rows = vectors.map { v in v.map { $0 / norm(v) } }
        var smallest = Double.infinity
        for i in rows.indices {
            guard let column = (0..<dimension).max(by: { abs(rows[i][$0]) < abs(rows[i][$1]) }) else { return 0 }
            let pivot = rows[i][column]
            smallest = min(smallest, abs(pivot))
            guard abs(pivot) > 1e-300 else { return 0 }
            for k in (i + 1)..<rows.count {
                let factor = rows[k][column] / pivot
                for e in 0..<dimension { rows[k][e] -= factor * rows[i][e] }
            }
        }
        return smallest
    }
}
