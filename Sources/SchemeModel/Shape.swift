/// The format ⟨n,m,p⟩ of a matrix product C = A·B with A of size n×m and B of size m×p.
///
/// Its matrix multiplication tensor lives in K^(nm) ⊗ K^(mp) ⊗ K^(pn) and is
/// T = Σ_{i<n, j<m, k<p} a_(i·m+j) ⊗ b_(j·p+k) ⊗ c_(k·n+i):
/// A and B are indexed row-major and the third factor indexes **Cᵀ** row-major.
public struct Shape: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let n: Int
    public let m: Int
    public let p: Int

    /// Precondition: all dimensions positive. Use `Shape.validated` for untrusted input.
    public init(_ n: Int, _ m: Int, _ p: Int) {
        precondition(n > 0 && m > 0 && p > 0, "dimensions must be positive")
        (self.n, self.m, self.p) = (n, m, p)
    }

    /// A shape from untrusted dimensions, checked against `Limits` before anything is allocated.
    public static func validated(_ n: Int, _ m: Int, _ p: Int, limits: Limits = .standard) throws(LimitError) -> Shape {
        for d in [n, m, p] where d < 1 || d > limits.maxDimension {
            throw LimitError("dimension \(d) outside 1...\(limits.maxDimension) in shape \(n)x\(m)x\(p)")
        }
        let entries = n * m * m * p * p * n // ≤ 64^6 = 2^36, no overflow
        if entries > limits.maxTensorEntries {
            throw LimitError("shape \(n)x\(m)x\(p) has a tensor of \(entries) entries, above the limit of \(limits.maxTensorEntries)")
        }
        return Shape(n, m, p)
    }

    /// Lengths of the factor vectors: u has n·m entries, v has m·p, w has p·n.
    public var uCount: Int { n * m }
    public var vCount: Int { m * p }
    public var wCount: Int { p * n }

    /// Rank of the naive algorithm: n·m·p.
    public var naiveRank: Int { n * m * p }

    /// Number of entries of the tensor, (nm)(mp)(pn).
    public var tensorEntries: Int { uCount * vCount * wCount }

    /// The shape ⟨m,p,n⟩ reached by the cyclic symmetry.
    public var cycled: Shape { Shape(m, p, n) }
    /// The shape ⟨p,m,n⟩ reached by transposition, (AB)ᵀ = BᵀAᵀ.
    public var transposed: Shape { Shape(p, m, n) }

    /// The dimensions sorted increasingly: the representative of the shape's symmetry class.
    public var normalized: Shape {
        let d = [n, m, p].sorted()
        return Shape(d[0], d[1], d[2])
    }

    /// The distinct orderings of the dimensions, sorted.
    public var orderings: [Shape] {
        let d = [n, m, p]
        return Set([[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]].map { Shape(d[$0[0]], d[$0[1]], d[$0[2]]) }).sorted()
    }

    /// `"2x3x4"`.
    public var description: String { "\(n)x\(m)x\(p)" }

    /// Parses `"2x3x4"` (also `2,3,4`), checked against `limits`.
    public init(parsing text: String, limits: Limits = .standard) throws(LimitError) {
        let parts = text.split(whereSeparator: { $0 == "x" || $0 == "X" || $0 == "," })
        guard parts.count == 3, let n = Int(parts[0]), let m = Int(parts[1]), let p = Int(parts[2]) else {
            throw LimitError("'\(text)' is not a shape; expected NxMxP such as 2x3x4")
        }
        self = try Shape.validated(n, m, p, limits: limits)
    }

    public static func < (a: Shape, b: Shape) -> Bool { (a.n, a.m, a.p) < (b.n, b.m, b.p) }
}
