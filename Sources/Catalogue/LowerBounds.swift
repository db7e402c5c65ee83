import Foundation
import SchemeModel

/// A lower bound on the rank of ⟨n,m,p⟩ and where it comes from.
public struct LowerBound: Sendable, Equatable {
    public let rank: Int
    public let source: String
}

/// Lower bounds on the rank of the matrix multiplication tensor, for any shape: what fmm derives
/// itself (the flattening bound) and published ones, each naming its source.
public enum LowerBounds {
    /// The highest bound for `shape` (any ordering); among equal ones, the first listed.
    public static func best(_ shape: Shape) -> LowerBound {
        let s = shape.normalized
        // Flattening T⟨n,m,p⟩ to a matrix with the n·m entries of A as rows has rank n·m (each
        // a_ij ⊗ Σ_k b_jk ⊗ c_ki is a different, independent row); likewise for B and C.
        var bounds = [LowerBound(rank: max(s.n * s.m, s.m * s.p, s.p * s.n), source: "flattening: max(nm, mp, pn)")]
        if s.n == s.m && s.m == s.p {
            // ⌈5n²/2 − 3n⌉.
            bounds.append(LowerBound(rank: (5 * s.n * s.n - 6 * s.n + 1) / 2, source: "Bläser 2003: 5n²/2 − 3n for ⟨n,n,n⟩"))
        }
        if let published = published[[s.n, s.m, s.p]] { bounds.append(published) }
        return bounds.reduce(bounds[0]) { $1.rank > $0.rank ? $1 : $0 }
    }

    /// Ranks proven for single shapes, as ../shared/known-ranks.md lists them.
    static let published: [[Int]: LowerBound] = [
        [2, 2, 2]: LowerBound(rank: 7, source: "Winograd 1971 (the rank is 7)"),
        [2, 2, 3]: LowerBound(rank: 11, source: "Alekseyev 1985 (the rank is 11)"),
        [3, 3, 3]: LowerBound(rank: 19, source: "Bläser 2003"),
    ]
}
