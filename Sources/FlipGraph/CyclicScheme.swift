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
    /// Whether walks from this scheme keep its fixed terms as they are (no plus transition
    /// releases one into an orbit): set for cube starts, whose chosen cubes are the point.
    public var keepsFixedTerms = false

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

    /// The start of Moosbauer–Poole's "cube" searches: fixed terms f⊗f⊗f for diagonal cubes
    /// f = Σ_{i∈S} e_ii (one per set S of `cubes`, disjoint sets of diagonal positions), a
    /// fixed term e_ii⊗e_ii⊗e_ii for each position no cube covers, and the rest of the tensor,
    /// T − Σ f⊗f⊗f (mod 2), as orbits of its single entries. `naive(n)` is the start with one
    /// cube per position. Nil when the sets overlap or leave 0..<n.
    public init?(n: Int, cubes: [[Int]]) {
        guard n >= 1 && n <= 8 else { return nil }
        let positions = cubes.flatMap { $0 }
        guard Set(positions).count == positions.count, positions.allSatisfy({ (0..<n).contains($0) }), cubes.allSatisfy({ !$0.isEmpty }) else { return nil }
        // The tensor T + Σ f⊗f⊗f over GF(2), as a set of entries (a, b, c) with a, b, c
        // indices i·n + j of the three n×n factor matrices.
        struct Entry: Hashable { let a, b, c: Int }
        var entries = Set<Entry>()
        func toggle(_ e: Entry) { if entries.remove(e) == nil { entries.insert(e) } }
        for i in 0..<n { for j in 0..<n { for k in 0..<n { toggle(Entry(a: i * n + j, b: j * n + k, c: k * n + i)) } } }
        for cube in cubes {
            for i in cube { for j in cube { for k in cube { toggle(Entry(a: i * n + i, b: j * n + j, c: k * n + k)) } } }
        }
        var orbits: [UInt64] = [], fixed: [UInt64] = cubes.map { $0.reduce(UInt64(0)) { $0 | 1 << UInt64($1 * n + $1) } }
        for e in entries.sorted(by: { ($0.a, $0.b, $0.c) < ($1.a, $1.b, $1.c) }) {
            if e.a == e.b && e.b == e.c {
                fixed.append(1 << UInt64(e.a))
            } else if (e.a, e.b, e.c) <= (e.b, e.c, e.a) && (e.a, e.b, e.c) <= (e.c, e.a, e.b) {
                orbits += [1 << UInt64(e.a), 1 << UInt64(e.b), 1 << UInt64(e.c)]
            }
        }
        self.init(n: n, orbits: orbits, fixed: fixed)
        keepsFixedTerms = true
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
