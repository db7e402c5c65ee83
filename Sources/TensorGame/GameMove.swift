/// One move of the TensorGame: a rank-one term u ⊗ v ⊗ w subtracted from the residual.
///
/// The factors index the tensor's three modes, as in `Scheme`: u the entries of A (row-major),
/// v those of B (row-major), w those of Cᵀ (row-major). Moves proposed by the agent have entries
/// in a small set F (default {-1, 0, 1}); a finishing move may have larger integers.
public struct GameMove: Hashable, Sendable {
    public var u: [Int32]
    public var v: [Int32]
    public var w: [Int32]

    public init(u: [Int32], v: [Int32], w: [Int32]) {
        (self.u, self.v, self.w) = (u, v, w)
    }

    /// The same rank-one tensor with the first non-zero entry of u and of v positive (the sign
    /// moves into w), so that each term has one spelling.
    public var canonical: GameMove {
        var move = self
        if let first = move.u.first(where: { $0 != 0 }), first < 0 {
            move.u = move.u.map { -$0 }
            move.w = move.w.map { -$0 }
        }
        if let first = move.v.first(where: { $0 != 0 }), first < 0 {
            move.v = move.v.map { -$0 }
            move.w = move.w.map { -$0 }
        }
        return move
    }

    /// True when no factor is zero (a zero factor is the zero tensor, never a useful move).
    public var isNonZero: Bool {
        u.contains { $0 != 0 } && v.contains { $0 != 0 } && w.contains { $0 != 0 }
    }

    /// The largest absolute entry of the three factors.
    public var maximumMagnitude: Int32 {
        (u + v + w).map { abs($0) }.max() ?? 0
    }
}
