import ExactArithmetic
import SchemeModel

/// Decides the Brent equations Σ_r u_r ⊗ v_r ⊗ w_r = T⟨n,m,p⟩ exactly.
///
/// Over Q the layers are, fastest first: 64-bit integers after clearing denominators (when a
/// bound on every partial sum fits), then residues modulo enough 62-bit primes that their
/// product exceeds twice the bound, then GMP rationals. Each layer is a proof on its own; see
/// `MachineIntegerResidual` and `ModularResidual` for the arguments. Over GF(2) the residual is
/// computed bit-packed.
public struct Checker: Sendable {
    /// Which arithmetic decides the check over Q.
    public enum Method: String, Sendable, CaseIterable {
        /// The fastest layer that applies.
        case automatic
        /// Always the modular path (with as many primes as the bound needs).
        case modular
        /// Always the GMP rational path.
        case exact
    }

    /// Failing equations listed in a verdict.
    public static let reportedEquations = 10
    /// Above this many primes the modular path gives way to GMP rationals.
    public static let maxPrimes = 32

    public var method: Method

    public init(method: Method = .automatic) { self.method = method }

    /// Checks `scheme` over `ring` (default: the ring the scheme declares). A scheme judged over
    /// Q that fails there is also checked mod 2, and one that holds over Q is reported as
    /// holding mod 2 when all its denominators are odd (reduction mod 2 is a ring map).
    public func verify(_ scheme: Scheme, over ring: IntendedRing? = nil) -> Verdict {
        let judged = ring ?? scheme.intendedRing
        let sparse = SparseTerms(scheme)
        var checks: [RingCheck] = []
        switch judged {
        case .rationals:
            let overQ = checkRationals(scheme, sparse)
            checks.append(overQ)
            if overQ.holds {
                if GF2Residual.obstruction(sparse) == nil {
                    checks.append(RingCheck(ring: .gf2, wrongCount: 0, firstWrong: [], proof: overQ.proof, obstruction: nil))
                }
            } else {
                checks.append(checkGF2(scheme, sparse))
            }
        case .gf2:
            checks.append(checkGF2(scheme, sparse))
        }
        return Verdict(shape: scheme.shape, rank: scheme.rank, ring: judged, checks: checks)
    }

    func checkRationals(_ scheme: Scheme, _ sparse: SparseTerms) -> RingCheck {
        let limit = Checker.reportedEquations
        if method == .automatic, let integers = MachineIntegerResidual(sparse) {
            let (count, first) = integers.wrongEquations(sparse, limit: limit)
            let wrong = first.map { equation, residual in
                let expected = equation.expected(in: scheme.shape)
                let actual = Rational(expected) + Rational(numerator: BigInt(residual), denominator: BigInt(integers.scale))!
                return WrongEquation(equation: equation, expected: expected, actual: actual)
            }
            return RingCheck(ring: .rationals, wrongCount: count, firstWrong: wrong,
                             proof: .machineIntegers(bound: "\(integers.bound)"), obstruction: nil)
        }
        if method != .exact {
            let bound = ModularResidual.entryBound(sparse)
            if let primes = ModularResidual.primes(for: sparse, bound: bound, maxPrimes: Checker.maxPrimes) {
                let wrong = ModularResidual.wrongEquations(sparse, primes: primes)
                let first = wrong.prefix(limit).map { equation in
                    WrongEquation(equation: equation, expected: equation.expected(in: scheme.shape),
                                  actual: scheme.coefficient(of: equation))
                }
                return RingCheck(ring: .rationals, wrongCount: wrong.count, firstWrong: Array(first),
                                 proof: .modular(primes: primes, boundBits: bound.bitWidth), obstruction: nil)
            }
        }
        let (count, first) = ExactRationalResidual.wrongEquations(sparse, limit: limit)
        return RingCheck(ring: .rationals, wrongCount: count, firstWrong: first, proof: .exactRational, obstruction: nil)
    }

    func checkGF2(_ scheme: Scheme, _ sparse: SparseTerms) -> RingCheck {
        if let obstruction = GF2Residual.obstruction(sparse) {
            return RingCheck(ring: .gf2, wrongCount: 0, firstWrong: [], proof: .gf2, obstruction: obstruction)
        }
        let (count, first) = GF2Residual.wrongEquations(sparse, limit: Checker.reportedEquations)
        return RingCheck(ring: .gf2, wrongCount: count, firstWrong: first, proof: .gf2, obstruction: nil)
    }
}
