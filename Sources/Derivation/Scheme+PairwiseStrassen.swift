import ExactArithmetic
import SchemeModel

extension Scheme {
    /// A scheme for ⟨n,2,n⟩ of rank (3n² + n)/2, Hopcroft and Kerr's bound for this shape (1971),
    /// built from one Strassen algorithm per pair of indices that share their corrections.
    ///
    /// Write row k of A as (x_k, y_k) and column k of B as (u_k, v_k), so c_kl = x_k u_l + y_k v_l.
    /// A product (αx_k + βy_k)(γu_k + δv_k) is the 2×2 matrix (α, β)ᵀ(γ, δ) on the pair k; c_kk is
    /// the identity. Each index k gets a number t_k (distinct) and the two products
    ///   P_k = (x_k + t_k y_k)·u_k      (the idempotent with image (1, t_k) and kernel (0, 1)),
    ///   Q_k = y_k·(v_k − t_k u_k)      (I − P_k), so c_kk = P_k + Q_k.
    /// For k < l, Strassen's algorithm applied to A_s·G and G⁻¹·B_s, where A_s has rows k and l of
    /// A, B_s = (column l | column k) of B and G = [(1, t_k)ᵀ | −(1, t_l)ᵀ] (det d = t_k − t_l),
    /// computes c_kl and c_lk as well as c_kk and c_ll. Its four products on a single index are
    /// the conjugates by G of Strassen's M2…M5, rank-one idempotents, each fixed by its image and
    /// kernel; G carries Strassen's lines e₁, (1, 1), e₂ to (1, t_k), (0, 1), (1, t_l), so they are
    /// exactly P_k, Q_k, P_l and Q_l, for every pair. So only Strassen's M1, M6 and M7 are new per
    /// pair, and
    ///   c_kl = M1 + M7 + P_l − Q_k,   c_lk = M1 + M6 + P_k − Q_l,
    /// that is P_k adds into all of column k of C and Q_k subtracts from row k off the diagonal.
    /// With the factor 1/d moved into the output coefficients:
    ///   M1 = (x_k + t_k y_k − x_l − t_l y_l)(v_l − t_l u_l + v_k − t_k u_k) → (c_kl + c_lk)/d
    ///   M6 = (x_l + t_k y_l − x_k − t_k y_k)(v_l − t_l u_l + v_k − t_l u_k) → c_lk/d
    ///   M7 = (x_l + t_l y_l − x_k − t_l y_k)(v_l − t_k u_l + v_k − t_k u_k) → c_kl/d
    /// Total 2n + 3·n(n−1)/2 products. The t_k are 0, 1, −1, 2, −2, …, which keeps the
    /// coefficients small; for n ≥ 3 some d is even, so the scheme holds over Q (not mod 2).
    ///
    /// Precondition: 1 ≤ n ≤ 64.
    public static func pairwiseStrassen(_ n: Int) -> Scheme {
        precondition((1...64).contains(n))
        let shape = Shape(n, 2, n)
        let t = (0..<n).map { ($0 + 1) / 2 * ($0 % 2 == 1 ? 1 : -1) }
        /// Indices into u (A row-major), v (B row-major) and w (Cᵀ row-major).
        func x(_ k: Int) -> Int { 2 * k }
        func y(_ k: Int) -> Int { 2 * k + 1 }
        func u(_ k: Int) -> Int { k }
        func v(_ k: Int) -> Int { n + k }
        func c(_ i: Int, _ j: Int) -> Int { j * n + i }
        func vector(_ count: Int, _ entries: [(Int, Rational)]) -> [Rational] {
            var result = [Rational](repeating: .zero, count: count)
            for (index, value) in entries { result[index] = result[index] + value }
            return result
        }
        func term(_ a: [(Int, Int)], _ b: [(Int, Int)], _ out: [(Int, Rational)]) -> Term {
            Term(u: vector(shape.uCount, a.map { ($0.0, Rational($0.1)) }),
                 v: vector(shape.vCount, b.map { ($0.0, Rational($0.1)) }),
                 w: vector(shape.wCount, out))
        }
        var terms: [Term] = []
        for k in 0..<n {
            terms.append(term([(x(k), 1), (y(k), t[k])], [(u(k), 1)], (0..<n).map { (c($0, k), .one) }))
            terms.append(term([(y(k), 1)], [(v(k), 1), (u(k), -t[k])],
                              (0..<n).map { (c(k, $0), $0 == k ? .one : -.one) }))
        }
        for k in 0..<n {
            for l in (k + 1)..<n {
                let (tk, tl) = (t[k], t[l])
                let inverse = .one / Rational(tk - tl)
                terms.append(term([(x(k), 1), (y(k), tk), (x(l), -1), (y(l), -tl)],
                                  [(v(l), 1), (u(l), -tl), (v(k), 1), (u(k), -tk)],
                                  [(c(k, l), inverse), (c(l, k), inverse)]))
                terms.append(term([(x(l), 1), (y(l), tk), (x(k), -1), (y(k), -tk)],
                                  [(v(l), 1), (u(l), -tl), (v(k), 1), (u(k), -tl)],
                                  [(c(l, k), inverse)]))
                terms.append(term([(x(l), 1), (y(l), tl), (x(k), -1), (y(k), -tl)],
                                  [(v(l), 1), (u(l), -tk), (v(k), 1), (u(k), -tk)],
                                  [(c(k, l), inverse)]))
            }
        }
        return Scheme(shape: shape, terms: terms)
    }
}
