import ExactArithmetic
import SchemeModel

/// AlphaTensor's single-player TensorGame (Fawzi et al. 2022) for ⟨n,m,p⟩, played in a chosen
/// basis.
///
/// The state is the residual R = T' − Σ moves, where T' = (X⊗Y⊗Z)·T is the matrix
/// multiplication tensor in the game's basis. Under the `single` rule each move subtracts one
/// rank-one term and costs one (reward −1); under the `cyclic` rule a move subtracts an orbit
/// of three terms or one fixed term and costs that many (see `MoveRule`). The game ends when
/// the residual is zero, when it is rank one (finished exactly in one move), or when the terms
/// played reach the limit. Any residual is finished exactly by
/// `LowRankFinish` (when its rank is its flattening rank), `ResidualTensor.completion`
/// (integer lines) or `rankCompletion` (slice ranks over Q), so
/// every game, and every prefix of moves, yields a valid decomposition; `scheme(after:)` maps
/// it back to the standard basis.
public struct TensorGame: Sendable {
    public let shape: Shape
    public let basis: BasisChange
    public let rule: MoveRule
    /// The most terms the moves may add up to.
    public let moveLimit: Int
    public let start: ResidualTensor
    public private(set) var residual: ResidualTensor
    public private(set) var moves: [GameMove] = []
    /// The number of terms the moves played so far subtract.
    public private(set) var termsPlayed = 0

    /// A game in `basis`, which for the cyclic rule must use one matrix for all three modes.
    public init(shape: Shape, basis: BasisChange? = nil, rule: MoveRule = .single, moveLimit: Int) {
        let standard = ResidualTensor(matrixMultiplication: shape)
        let basis = basis ?? .identity([standard.dA, standard.dB, standard.dC])
        precondition(rule.applies(to: basis.dimensions))
        self.shape = shape
        self.basis = basis
        self.rule = rule
        self.moveLimit = moveLimit
        start = basis.apply(to: standard)
        residual = start
    }

    /// Plays `move` (in the game's basis).
    public mutating func play(_ move: GameMove) {
        residual.subtract(move, rule: rule)
        moves.append(move)
        termsPlayed += rule.cost(of: move)
    }

    public var isOver: Bool { residual.isZero || termsPlayed >= moveLimit || residual.rankOneTerm != nil }

    /// The number of terms `scheme(after:)` gives for a residual: 0 when zero, 1 when rank
    /// one, the flattening rank when the low-rank finish applies (tried only when that rank is
    /// below `lowRankBelow`, as it costs exact linear algebra), else the shorter of the two
    /// completions. Callers that have the residual's flattening ranks pass them.
    public static func finishLength(_ residual: ResidualTensor, flatteningRanks: [Int]? = nil, lowRankBelow: Int = .max) -> Int {
        if residual.isZero { return 0 }
        if residual.rankOneTerm != nil { return 1 }
        let completion = min(residual.completionLength, residual.sliceRankBound)
        let ranks = flatteningRanks ?? residual.flatteningRanks
        let lower = ranks.max()!
        if lower < completion, lower < lowRankBelow, LowRankFinish.decompose(residual, flatteningRanks: ranks) != nil { return lower }
        return completion
    }

    /// The scheme made of the played moves and the exact finish of the residual.
    public var scheme: Scheme { scheme(after: moves) }

    /// `moves` (played from the start, in the game's basis) followed by the exact finish of what
    /// they leave, mapped back to the standard basis: a scheme for ⟨n,m,p⟩ (u over A, v over B,
    /// w over Cᵀ, as everywhere in fmm). Integer unless the rank completion is used.
    public func scheme(after moves: [GameMove]) -> Scheme {
        var left = start
        for move in moves { left.subtract(move, rule: rule) }
        func rational(_ move: GameMove) -> (u: [Rational], v: [Rational], w: [Rational]) {
            (move.u.map { Rational(Int($0)) }, move.v.map { Rational(Int($0)) }, move.w.map { Rational(Int($0)) })
        }
        var terms = moves.flatMap { rule.terms(of: $0) }.map(rational)
        if let last = left.rankOneTerm {
            terms.append(rational(last))
        } else if !left.isZero {
            let (lines, sliceRanks) = (left.completionLength, left.sliceRankBound)
            if left.flatteningLowerBound < min(lines, sliceRanks), let finish = LowRankFinish.decompose(left) {
                terms += finish
            } else if lines <= sliceRanks {
                terms += left.completion().map(rational)
            } else {
                terms += left.rankCompletion()
            }
        }
        let mapped = terms.map { term in
            Term(u: basis.mapBack(term.u, mode: 0), v: basis.mapBack(term.v, mode: 1), w: basis.mapBack(term.w, mode: 2))
        }
        return Scheme(shape: shape, terms: mapped)
    }
}
