import ExactArithmetic
import SchemeModel

/// The non-zero coefficients of every factor of a scheme, with their positions, in flat arrays:
/// term r's non-zeros of u are `u.index[u.start[r]..<u.start[r+1]]` (likewise v and w).
/// The residual engines iterate these, so their cost is Σ_r nnz(u_r)·nnz(v_r)·nnz(w_r), not R·|T|.
struct SparseTerms {
    struct Factor {
        var start: [Int] = [0]
        var index: [Int] = []
        var coefficient: [Rational] = []

        mutating func append(_ entries: [Rational]) {
            for i in entries.indices where !entries[i].isZero {
                index.append(i)
                coefficient.append(entries[i])
            }
            start.append(index.count)
        }

        func range(_ r: Int) -> Range<Int> { start[r]..<start[r + 1] }
    }

    let shape: Shape
    let rank: Int
    var u = Factor(), v = Factor(), w = Factor()

    init(_ scheme: Scheme) {
        shape = scheme.shape
        rank = scheme.rank
        for term in scheme.terms {
            u.append(term.u)
            v.append(term.v)
            w.append(term.w)
        }
    }

    /// Splits the first tensor mode (the index x into A) into consecutive blocks so that a dense
    /// block of the residual, rows × (mp) × (pn) entries, stays under `blockEntries`.
    func rowBlocks(blockEntries: Int = 1 << 23) -> [Range<Int>] {
        let rowSize = shape.vCount * shape.wCount
        let rows = max(1, blockEntries / rowSize)
        return stride(from: 0, to: shape.uCount, by: rows).map { $0..<min($0 + rows, shape.uCount) }
    }

    /// Calls `body(offset)` for every entry of T⟨n,m,p⟩ whose first index lies in `block`, with
    /// the entry's offset inside the dense block (row-major over (x - block.lowerBound, y, z)).
    func forEachTargetEntry(in block: Range<Int>, _ body: (Int) -> Void) {
        let (n, m, p) = (shape.n, shape.m, shape.p)
        let (vCount, wCount) = (shape.vCount, shape.wCount)
        for x in block {
            let (i, j) = (x / m, x % m)
            for k in 0..<p {
                body(((x - block.lowerBound) * vCount + j * p + k) * wCount + k * n + i)
            }
        }
    }

    /// The Brent equation at a dense block offset.
    func equation(block: Range<Int>, offset: Int) -> BrentEquation {
        let wCount = shape.wCount, vCount = shape.vCount
        return BrentEquation(x: block.lowerBound + offset / (vCount * wCount),
                             y: (offset / wCount) % vCount,
                             z: offset % wCount)
    }
}

extension Scheme {
    /// The exact left-hand side Σ_r u_r[x]·v_r[y]·w_r[z] of one Brent equation, in O(R).
    public func coefficient(of equation: BrentEquation) -> Rational {
        var sum = Rational.zero
        for term in terms {
            let a = term.u[equation.x], b = term.v[equation.y], c = term.w[equation.z]
            if !a.isZero && !b.isZero && !c.isZero { sum += a * b * c }
        }
        return sum
    }
}
