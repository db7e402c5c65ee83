import SchemeModel

/// A scheme of ⟨n,n,n⟩ over GF(2) that is invariant under the cyclic symmetry of the tensor.
///
/// In the convention of `GF2Scheme` (u holds A, v holds B, w holds Cᵀ, all row-major) the
/// tensor is Σ_{i,j,k} a_ij ⊗ b_jk ⊗ c_ki, which the rotation ρ(x⊗y⊗z) = y⊗z⊗x maps to
/// itself (it sends the term of (i,j,k) to the term of (j,k,i)). A ρ-invariant scheme is made
/// of *orbits* {x⊗y⊗z, y⊗z⊗x, z⊗x⊗y}, three terms each, stored by one representative (x,y,z),
/// and *fixed terms* f⊗f⊗f; its rank is 3·(orbits) + (fixed terms).
public struct CyclicScheme: Sendable, Equatable {
    /// The matrix size n of ⟨n,n,n⟩.
    public let n: Int
    /// Representatives, three words (x, y, z) per orbit.
    public var orbits: [UInt64]
    /// The factor f of each fixed term f⊗f⊗f.
    public var fixed: [UInt64]

    public var rank: Int { orbits.count + fixed.count }
    public var shape: Shape { Shape(n, n, n) }

    /// Whether ⟨n,n,n⟩ fits (n² ≤ 64).
    public static func supports(_ shape: Shape) -> Bool { shape.n == shape.m && shape.m == shape.p && shape.n <= 8 }

    public init(n: Int, orbits: [UInt64], fixed: [UInt64]) {
        precondition(n >= 1 && n <= 8 && orbits.count % 3 == 0)
        (self.n, self.orbits, self.fixed) = (n, orbits, fixed)
    }

    /// The naive scheme: the terms of (i,j,k), (j,k,i), (k,i,j) form an orbit; those with
    /// i = j = k are fixed.
    public static func naive(_ n: Int) -> CyclicScheme {
        func bit(_ row: Int, _ column: Int) -> UInt64 { 1 << UInt64(row * n + column) }
        var orbits: [UInt64] = [], fixed: [UInt64] = []
        for i in 0..<n { for j in 0..<n { for k in 0..<n {
            if i == j && j == k {
                fixed.append(bit(i, i))
            } else if (i, j, k) <= (j, k, i) && (i, j, k) <= (k, i, j) {
                orbits += [bit(i, j), bit(j, k), bit(k, i)]
            }
        } } }
        return CyclicScheme(n: n, orbits: orbits, fixed: fixed)
    }

    /// The symmetric reading of a scheme: nil unless the shape is square and the multiset of
    /// its terms is closed under ρ.
    public init?(_ scheme: GF2Scheme) {
        guard CyclicScheme.supports(scheme.shape) else { return nil }
        struct Term: Hashable { let x, y, z: UInt64 }
        var remaining: [Term: Int] = [:]
        for r in 0..<scheme.rank { remaining[Term(x: scheme.u[r], y: scheme.v[r], z: scheme.w[r]), default: 0] += 1 }
        var orbits: [UInt64] = [], fixed: [UInt64] = []
        for r in 0..<scheme.rank {
            let term = Term(x: scheme.u[r], y: scheme.v[r], z: scheme.w[r])
            guard let count = remaining[term], count > 0 else { continue }
            if term.x == term.y && term.y == term.z {
                fixed.append(term.x)
                remaining[term] = count - 1
                continue
            }
            remaining[term] = count - 1
            for rotated in [Term(x: term.y, y: term.z, z: term.x), Term(x: term.z, y: term.x, z: term.y)] {
                guard let left = remaining[rotated], left > 0 else { return nil }
                remaining[rotated] = left - 1
            }
            orbits += [term.x, term.y, term.z]
        }
        self.init(n: scheme.shape.n, orbits: orbits, fixed: fixed)
    }

    /// All terms: each orbit's three rotations, then the fixed terms.
    public var scheme: GF2Scheme {
        var u: [UInt64] = [], v: [UInt64] = [], w: [UInt64] = []
        for o in stride(from: 0, to: orbits.count, by: 3) {
            let (x, y, z) = (orbits[o], orbits[o + 1], orbits[o + 2])
            u += [x, y, z]; v += [y, z, x]; w += [z, x, y]
        }
        u += fixed; v += fixed; w += fixed
        return GF2Scheme(shape: shape, u: u, v: v, w: w)
    }
}
