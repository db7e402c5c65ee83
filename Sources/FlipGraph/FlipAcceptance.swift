import Foundation

/// Which of the flips a GF(2) walk draws it makes, by how the flip changes the factors' weight.
///
/// A flip changes one factor in each of two terms; d is the change in the total weight
/// (non-zero entries) of those two factors. The walk makes a drawn flip with probability p(d);
/// a refused flip is an attempt that changes nothing (so it counts toward the plateau). The
/// table holds log p(d) ≤ 0 for d = −reach...reach; larger changes count as ±reach.
/// `uniform` (p = 1 everywhere) is the plain walk of Kauers–Moosbauer; `sparsityBias(β)` is a
/// Metropolis rule towards sparse factors; `fmm learn-flips` learns a table from the walk's
/// own descents (`FlipAcceptanceLearner`).
public struct FlipAcceptance: Sendable, Equatable {
    /// The largest |d| the table tells apart.
    public static let reach = 16
    /// log p(d) at index d + reach, each ≤ 0.
    public let logProbabilities: [Double]

    /// Precondition: 2·reach + 1 finite values ≤ 0 (log-probabilities).
    public init(logProbabilities: [Double]) {
        precondition(logProbabilities.count == 2 * Self.reach + 1 && logProbabilities.allSatisfy { $0 <= 0 && $0.isFinite },
                     "a flip acceptance table holds 2·reach + 1 finite log-probabilities ≤ 0")
        self.logProbabilities = logProbabilities
    }

    /// Every drawn flip is made.
    public static let uniform = FlipAcceptance(logProbabilities: Array(repeating: 0, count: 2 * reach + 1))

    /// A flip raising the weight by d > 0 is made with probability e^(−βd) (d counted up to
    /// `reach`); one that keeps or lowers it always. Precondition: β ≥ 0 and finite.
    public static func sparsityBias(_ beta: Double) -> FlipAcceptance {
        precondition(beta >= 0 && beta.isFinite, "the sparsity bias is a finite β ≥ 0")
        return FlipAcceptance(logProbabilities: (-reach...reach).map { -beta * Double(max($0, 0)) })
    }

    public var isUniform: Bool { logProbabilities.allSatisfy { $0 == 0 } }

    /// The table index of a change d: d clamped to −reach...reach, plus reach.
    @inline(__always) static func index(_ change: Int) -> Int { min(max(change, -reach), reach) + reach }

    /// p(d), with d clamped to −reach...reach.
    public func probability(_ change: Int) -> Double { exp(logProbabilities[Self.index(change)]) }

    /// The walk's form of the table: a flip with change d is made when a uniform random word is
    /// below thresholds[index(d)] (p(d) of the words; `UInt64.max`, never compared, for p = 1);
    /// empty for the uniform rule, which draws no extra random word.
    var thresholds: [UInt64] {
        guard !isUniform else { return [] }
        return (-Self.reach...Self.reach).map { change in
            let probability = self.probability(change)
            return probability >= 1 ? .max : UInt64(Double(UInt64.max >> 11) * probability) << 11
        }
    }
}
