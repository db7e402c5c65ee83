import ExactArithmetic

extension Scheme {
    /// The scheme for ⟨m,p,n⟩ obtained by the cyclic symmetry of T = Σ a_ij b_jk c_ki:
    /// each term (u, v, w) becomes (v, w, u).
    public func cycled() -> Scheme {
        Scheme(shape: shape.cycled,
               terms: terms.map { Term(u: $0.v, v: $0.w, w: $0.u) },
               intendedRing: intendedRing)
    }

    /// The scheme for ⟨p,m,n⟩ obtained from (AB)ᵀ = BᵀAᵀ: each term (u, v, w) becomes
    /// (vᵀ, uᵀ, wᵀ), transposing v (m×p → p×m), u (n×m → m×n) and w (p×n → n×p).
    public func transposed() -> Scheme {
        let (n, m, p) = (shape.n, shape.m, shape.p)
        return Scheme(shape: shape.transposed,
                      terms: terms.map { t in
                          Term(u: Scheme.transpose(t.v, rows: m, columns: p),
                               v: Scheme.transpose(t.u, rows: n, columns: m),
                               w: Scheme.transpose(t.w, rows: p, columns: n))
                      },
                      intendedRing: intendedRing)
    }

    /// A scheme for `target`, any permutation of this scheme's dimensions, built from
    /// cyclic shifts and one transposition; `nil` if `target` is not a permutation.
    public func permuted(to target: Shape) -> Scheme? {
        var candidate = self
        for _ in 0..<2 {
            for _ in 0..<3 {
                if candidate.shape == target { return candidate }
                candidate = candidate.cycled()
            }
            candidate = candidate.transposed()
        }
        return nil
    }

    /// The row-major `columns × rows` transpose of a row-major `rows × columns` matrix.
    static func transpose(_ entries: [Rational], rows: Int, columns: Int) -> [Rational] {
        var result = entries
        for r in 0..<rows {
            for c in 0..<columns { result[c * rows + r] = entries[r * columns + c] }
        }
        return result
    }
}
