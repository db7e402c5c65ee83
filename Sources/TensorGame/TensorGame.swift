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
/// `LowRankFinish` (when its rank is its flattening rank), `ExtraTermsFinish` (when it is one or
/// two above, up to `extraFinishTerms`), `SliceSpanFinish` (when `gf2Finish` is set and its rank mod 2 is
/// its flattening rank or one above), `ResidualTensor.completion` (integer lines) or
/// `rankCompletion` (slice ranks over Q), so
/// every game, and every prefix of moves, yields a valid decomposition; `scheme(after:)` maps
/// it back to the standard basis.
public struct TensorGame: Sendable {
    public let shape: Shape
    public let basis: BasisChange
    public let rule: MoveRule
    /// The most terms the moves may add up to.
    public let moveLimit: Int
    /// How far above its flattening rank a residual's exact finish may go (0, 1 or 2; see
    /// `lowRankFinish`).
    public let extraFinishTerms: Int
    /// Whether residuals are also finished by `SliceSpanFinish` (found mod 2, lifted).
    public let gf2Finish: Bool
    public let start: ResidualTensor
    public private(set) var residual: ResidualTensor
    public private(set) var moves: [GameMove] = []
    /// The number of terms the moves played so far subtract.
    public private(set) var termsPlayed = 0

    /// A game in `basis`, which for the cyclic rule must use one matrix for all three modes.
    public init(shape: Shape, basis: BasisChange? = nil, rule: MoveRule = .single, moveLimit: Int, extraFinishTerms: Int = 2,
                gf2Finish: Bool = false) {
        let standard = ResidualTensor(matrixMultiplication: shape)
        let basis = basis ?? .identity([standard.dA, standard.dB, standard.dC])
        precondition(rule.applies(to: basis.dimensions))
        self.shape = shape
        self.basis = basis
        self.rule = rule
        self.moveLimit = moveLimit
        self.extraFinishTerms = extraFinishTerms
        self.gf2Finish = gf2Finish
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
    /// one, the length of `lowRankFinish` when it is shorter than both completions and than
    /// `lowRankBelow` (it costs exact linear algebra), else the shorter of the two completions.
    /// Callers that have the residual's flattening ranks pass them.
    public static func finishLength(_ residual: ResidualTensor, flatteningRanks: [Int]? = nil, lowRankBelow: Int = .max,
                                    extraTerms: Int = 2, gf2: Bool = false) -> Int {
        if residual.isZero { return 0 }
        if residual.rankOneTerm != nil { return 1 }
        let completion = min(residual.completionLength, residual.sliceRankBound)
        let ranks = flatteningRanks ?? residual.flatteningRanks
        let finish = lowRankFinish(residual, flatteningRanks: ranks, below: min(completion, lowRankBelow), extraTerms: extraTerms, gf2: gf2)
        return finish?.count ?? completion
    }

    /// The shortest exact finish of fewer than `below` terms whose length exceeds the flattening
    /// rank r by at most `extraTerms`: r terms by `LowRankFinish`, else r + 1 or r + 2 by
    /// `ExtraTermsFinish`, else (with `gf2`) the flattening rank mod 2 or one more by
    /// `SliceSpanFinish`; nil when none applies.
    public static func lowRankFinish(_ residual: ResidualTensor, flatteningRanks ranks: [Int], below: Int,
                                     extraTerms: Int, gf2: Bool = false) -> [LowRankFinish.RationalTerm]? {
        let lower = ranks.max()!
        guard lower < below else { return nil }
        if let terms = LowRankFinish.decompose(residual, flatteningRanks: ranks) { return terms }
        let extra = min(extraTerms, below - 1 - lower)
        if extra >= 1, let terms = ExtraTermsFinish.decompose(residual, extraTerms: extra, flatteningRanks: ranks) { return terms }
        return gf2 ? SliceSpanFinish.decompose(residual, lowerBound: lower, below: below) : nil
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
            if let finish = TensorGame.lowRankFinish(left, flatteningRanks: left.flatteningRanks, below: min(lines, sliceRanks),
                                                     extraTerms: extraFinishTerms, gf2: gf2Finish) {
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
