/// What one move of the TensorGame subtracts from the residual.
///
/// - `single`: AlphaTensor's game. A move u ⊗ v ⊗ w subtracts that one rank-one term.
/// - `cyclic`: the game on schemes invariant under the cyclic symmetry (A,B,C) → (B,C,A)
///   (Ballard et al.; Moosbauer–Poole for flip graphs), for square shapes ⟨n,n,n⟩.
///
///   In fmm's convention (u over A, v over B, w over Cᵀ) the tensor is
///   Σ a_ij ⊗ b_jk ⊗ c_ki, so T[a, b, c] = T[b, c, a] with no transposes. The cyclic game uses
///   two kinds of move:
///   - an orbit move (u, v, w) subtracts u⊗v⊗w + v⊗w⊗u + w⊗u⊗v and costs three terms;
///   - a fixed move, whose term is ±f⊗f⊗f (u = ±v and w = ±u), subtracts that one term and
///     costs one. (Its orbit would be three times the term, never useful.)
///
///   Each move keeps a symmetric residual symmetric. Strassen's algorithm is one fixed term
///   plus two orbits; a random change of basis keeps the symmetry when all three modes use the
///   same matrix.
public enum MoveRule: String, Sendable, Hashable {
    case single
    case cyclic

    /// The rule a `--cyclic` flag asks for.
    public init(cyclic: Bool) { self = cyclic ? .cyclic : .single }

    /// The rank-one terms the move subtracts.
    public func terms(of move: GameMove) -> [GameMove] {
        guard self == .cyclic, !isFixed(move) else { return [move] }
        return [move, GameMove(u: move.v, v: move.w, w: move.u), GameMove(u: move.w, v: move.u, w: move.v)]
    }

    /// One of the move's terms, at random, canonicalised: under the cyclic rule an orbit is the
    /// same move from any of its three rotations, so each is a right answer for it.
    public func randomSpelling<G: RandomNumberGenerator>(of move: GameMove, using generator: inout G) -> GameMove {
        terms(of: move).randomElement(using: &generator)!.canonical
    }

    /// The number of terms the move adds to the decomposition.
    public func cost(of move: GameMove) -> Int { self == .cyclic && !isFixed(move) ? 3 : 1 }

    /// True for the cyclic game's fixed moves: u = ±v and w = ±u, so the term is ±u⊗u⊗u.
    public func isFixed(_ move: GameMove) -> Bool {
        guard self == .cyclic else { return false }
        func equalUpToSign(_ x: [Int32], _ y: [Int32]) -> Bool {
            guard x.count == y.count else { return false }
            var same = true, opposite = true
            for i in x.indices {
                if x[i] != y[i] { same = false }
                if x[i] != -y[i] { opposite = false }
            }
            return same || opposite
        }
        return equalUpToSign(move.u, move.v) && equalUpToSign(move.w, move.u)
    }

    /// Whether the rule can be played on tensors of these mode dimensions.
    public func applies(to dimensions: [Int]) -> Bool { self == .single || Set(dimensions).count == 1 }
}

extension ResidualTensor {
    /// Subtracts every term the move subtracts under `rule`.
    public mutating func subtract(_ move: GameMove, rule: MoveRule) {
        for term in rule.terms(of: move) { subtract(term) }
    }
}
