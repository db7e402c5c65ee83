import ExactArithmetic
import SchemeModel

extension Scheme {
    /// The direct sum along one dimension: `axis` 0 stacks A and C (⟨n₁+n₂, m, p⟩), 1 splits the
    /// inner dimension (⟨n, m₁+m₂, p⟩, C = A₁B₁ + A₂B₂), 2 places B and C side by side
    /// (⟨n, m, p₁+p₂⟩). The other two dimensions of `first` and `second` must agree.
    /// Rank: first.rank + second.rank.
    public static func directSum(_ first: Scheme, _ second: Scheme, axis: Int) -> Scheme {
        let (s1, s2) = (first.shape, second.shape)
        let shape: Shape
        switch axis {
        case 0: precondition(s1.m == s2.m && s1.p == s2.p); shape = Shape(s1.n + s2.n, s1.m, s1.p)
        case 1: precondition(s1.n == s2.n && s1.p == s2.p); shape = Shape(s1.n, s1.m + s2.m, s1.p)
        default: precondition(s1.n == s2.n && s1.m == s2.m); shape = Shape(s1.n, s1.m, s1.p + s2.p)
        }
        func embedded(_ scheme: Scheme, offset: Int) -> [Term] {
            let s = scheme.shape
            // Offsets of the block inside A (n×m), B (m×p) and Cᵀ (p×n), as (row, column).
            let (aOffset, bOffset, cOffset): ((Int, Int), (Int, Int), (Int, Int)) = switch axis {
            case 0: ((offset, 0), (0, 0), (0, offset))
            case 1: ((0, offset), (offset, 0), (0, 0))
            default: ((0, 0), (0, offset), (offset, 0))
            }
            return scheme.terms.map { t in
                Term(u: embed(t.u, rows: s.n, columns: s.m, into: (shape.n, shape.m), at: aOffset),
                     v: embed(t.v, rows: s.m, columns: s.p, into: (shape.m, shape.p), at: bOffset),
                     w: embed(t.w, rows: s.p, columns: s.n, into: (shape.p, shape.n), at: cOffset))
            }
        }
        let offset = axis == 0 ? s1.n : axis == 1 ? s1.m : s1.p
        return Scheme(shape: shape, terms: embedded(first, offset: 0) + embedded(second, offset: offset))
    }

    /// The tensor (Kronecker) product: a scheme for ⟨n₁n₂, m₁m₂, p₁p₂⟩ of rank R₁R₂ with terms
    /// (u⊗u', v⊗v', w⊗w'). A is read as an n₁×m₁ grid of n₂×m₂ blocks, so entry (i₁n₂+i₂,
    /// j₁m₂+j₂) pairs entry (i₁,j₁) of the outer scheme with (i₂,j₂) of the inner; likewise B
    /// and Cᵀ, which makes T₁ ⊗ T₂ = T.
    public static func tensorProduct(_ outer: Scheme, _ inner: Scheme) -> Scheme {
        let (a, b) = (outer.shape, inner.shape)
        let shape = Shape(a.n * b.n, a.m * b.m, a.p * b.p)
        var terms: [Term] = []
        terms.reserveCapacity(outer.rank * inner.rank)
        for t1 in outer.terms {
            for t2 in inner.terms {
                terms.append(Term(u: kronecker(t1.u, (a.n, a.m), t2.u, (b.n, b.m)),
                                  v: kronecker(t1.v, (a.m, a.p), t2.v, (b.m, b.p)),
                                  w: kronecker(t1.w, (a.p, a.n), t2.w, (b.p, b.n))))
            }
        }
        return Scheme(shape: shape, terms: terms)
    }

    /// A rows×columns row-major matrix placed at `offset` (row, column) in a zero matrix of `size`.
    static func embed(_ entries: [Rational], rows: Int, columns: Int, into size: (Int, Int), at offset: (Int, Int)) -> [Rational] {
        var result = [Rational](repeating: .zero, count: size.0 * size.1)
        for r in 0..<rows {
            for c in 0..<columns { result[(r + offset.0) * size.1 + c + offset.1] = entries[r * columns + c] }
        }
        return result
    }

    /// The Kronecker product of row-major matrices x (r₁×c₁) and y (r₂×c₂).
    static func kronecker(_ x: [Rational], _ xs: (Int, Int), _ y: [Rational], _ ys: (Int, Int)) -> [Rational] {
        let columns = xs.1 * ys.1
        var result = [Rational](repeating: .zero, count: xs.0 * ys.0 * columns)
        for i1 in 0..<xs.0 {
            for j1 in 0..<xs.1 {
                let a = x[i1 * xs.1 + j1]
                guard !a.isZero else { continue }
                for i2 in 0..<ys.0 {
                    for j2 in 0..<ys.1 {
                        let b = y[i2 * ys.1 + j2]
                        guard !b.isZero else { continue }
                        result[(i1 * ys.0 + i2) * columns + j1 * ys.1 + j2] = a * b
                    }
                }
            }
        }
        return result
    }
}
