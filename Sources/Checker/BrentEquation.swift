import ExactArithmetic
import SchemeModel

/// One Brent equation: the coefficient of a_x ⊗ b_y ⊗ c_z in Σ_r u_r ⊗ v_r ⊗ w_r must equal
/// T[x, y, z], which is 1 when x = i·m+j, y = j·p+k, z = k·n+i for some i, j, k and 0 otherwise.
public struct BrentEquation: Hashable, Sendable, Comparable {
    /// Index into A (row-major n×m), B (row-major m×p) and Cᵀ (row-major p×n).
    public let x: Int, y: Int, z: Int

    public init(x: Int, y: Int, z: Int) { (self.x, self.y, self.z) = (x, y, z) }

    /// The right-hand side T[x, y, z] of the equation.
    public func expected(in shape: Shape) -> Int {
        let (i, j) = (x / shape.m, x % shape.m)
        let (j2, k) = (y / shape.p, y % shape.p)
        let (k2, i2) = (z / shape.n, z % shape.n)
        return (j == j2 && k == k2 && i == i2) ? 1 : 0
    }

    /// The equation's name in the notation of the product-line files, 1-based:
    /// `a12·b21·c11` (c_ki is the coefficient of C[i][k]); with a dimension above 9 the indices
    /// are written `a_{10,2}`.
    public func name(in shape: Shape) -> String {
        let wide = max(shape.n, shape.m, shape.p) > 9
        func entry(_ letter: String, _ row: Int, _ column: Int) -> String {
            wide ? "\(letter)_{\(row + 1),\(column + 1)}" : "\(letter)\(row + 1)\(column + 1)"
        }
        return entry("a", x / shape.m, x % shape.m) + "·" + entry("b", y / shape.p, y % shape.p)
            + "·" + entry("c", z / shape.n, z % shape.n)
    }

    public static func < (a: BrentEquation, b: BrentEquation) -> Bool { (a.x, a.y, a.z) < (b.x, b.y, b.z) }
}

/// A Brent equation that fails, with its exact left-hand side.
public struct WrongEquation: Sendable, Hashable {
    public let equation: BrentEquation
    public let expected: Int
    /// Σ_r u_r[x] v_r[y] w_r[z], exactly (over Q, or its residue 0/1 for a mod-2 check).
    public let actual: Rational
    /// "a12·b21·c11: expected 1, got 0"; a value of more than 40 characters is shortened to its
    /// first and last digits with the count (the JSON verdict keeps it whole).
    public func description(in shape: Shape) -> String {
        "\(equation.name(in: shape)): expected \(expected), got \(Self.abbreviated(actual.description))"
    }

    static func abbreviated(_ text: String) -> String {
        guard text.count > 40 else { return text }
        let digits = text.filter(\.isNumber).count
        return "\(text.prefix(16))…\(text.suffix(16)) (\(digits) digits)"
    }
}
