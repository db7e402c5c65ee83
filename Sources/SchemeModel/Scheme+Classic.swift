import ExactArithmetic

extension Scheme {
    /// Strassen's algorithm (1969) written from its definition:
    /// M1 = (A11+A22)(B11+B22), M2 = (A21+A22)B11, M3 = A11(B12−B22), M4 = A22(B21−B11),
    /// M5 = (A11+A12)B22, M6 = (A21−A11)(B11+B12), M7 = (A12−A22)(B21+B22);
    /// C11 = M1+M4−M5+M7, C12 = M3+M5, C21 = M2+M4, C22 = M1−M2+M3+M6.
    /// u and v list (A11, A12, A21, A22) and (B11, B12, B21, B22); w lists Cᵀ row-major, i.e.
    /// the coefficients in (C11, C21, C12, C22).
    public static var strassen: Scheme {
        let products: [([Int], [Int], [Int])] = [
            ([1, 0, 0, 1], [1, 0, 0, 1], [1, 0, 0, 1]),
            ([0, 0, 1, 1], [1, 0, 0, 0], [0, 1, 0, -1]),
            ([1, 0, 0, 0], [0, 1, 0, -1], [0, 0, 1, 1]),
            ([0, 0, 0, 1], [-1, 0, 1, 0], [1, 1, 0, 0]),
            ([1, 1, 0, 0], [0, 0, 0, 1], [-1, 0, 1, 0]),
            ([-1, 0, 1, 0], [1, 1, 0, 0], [0, 0, 0, 1]),
            ([0, 1, 0, -1], [0, 0, 1, 1], [1, 0, 0, 0]),
        ]
        return Scheme(shape: Shape(2, 2, 2), terms: products.map { u, v, w in
            Term(u: u.map { Rational($0) }, v: v.map { Rational($0) }, w: w.map { Rational($0) })
        })
    }

    /// Winograd's variant of Strassen's algorithm (1971), written from its definition: with
    /// S1 = A21+A22, S2 = S1−A11, S3 = A11−A21, S4 = A12−S2 and T1 = B12−B11, T2 = B22−T1,
    /// T3 = B22−B12, T4 = T2−B21, the products are M1 = A11·B11, M2 = A12·B21, M3 = S4·B22,
    /// M4 = A22·T4, M5 = S1·T1, M6 = S2·T2, M7 = S3·T3, and C11 = M1+M2,
    /// C12 = M1+M6+M5+M3, C21 = M1+M6+M7−M4, C22 = M1+M6+M7+M5. Formed with the shared sums
    /// (U2 = M1+M6, U3 = U2+M7, U4 = U2+M5) it takes 15 block additions, Strassen's form 18.
    /// Conventions as for `strassen`.
    public static var winograd: Scheme {
        let products: [([Int], [Int], [Int])] = [
            ([1, 0, 0, 0], [1, 0, 0, 0], [1, 1, 1, 1]),
            ([0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 0]),
            ([1, 1, -1, -1], [0, 0, 0, 1], [0, 0, 1, 0]),
            ([0, 0, 0, 1], [1, -1, -1, 1], [0, -1, 0, 0]),
            ([0, 0, 1, 1], [-1, 1, 0, 0], [0, 0, 1, 1]),
            ([-1, 0, 1, 1], [1, -1, 0, 1], [0, 1, 1, 1]),
            ([1, 0, -1, 0], [0, -1, 0, 1], [0, 1, 0, 1]),
        ]
        return Scheme(shape: Shape(2, 2, 2), terms: products.map { u, v, w in
            Term(u: u.map { Rational($0) }, v: v.map { Rational($0) }, w: w.map { Rational($0) })
        })
    }
}
