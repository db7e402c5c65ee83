import ExactArithmetic
import SchemeModel

/// The modular path, for schemes whose cleared-denominator integers do not fit in 64 bits.
///
/// The rational residual R = Σ_r u_r ⊗ v_r ⊗ w_r − T equals R_Z / L with R_Z the integer
/// residual of `MachineIntegerResidual` and L the common denominator. Modulo a prime q that
/// divides no denominator, R ≡ 0 iff R_Z ≡ 0. If the product of the primes exceeds 2B, where
/// |R_Z| ≤ B entrywise, then an entry that vanishes modulo every prime is zero, and one that does
/// not vanish modulo some prime is non-zero: the set of failing equations is exactly the union of
/// the non-zero residues.
enum ModularResidual {
    /// B = L + Σ_r (L/d_r)·‖U_r‖∞‖V_r‖∞‖W_r‖∞ computed with GMP (see `MachineIntegerResidual`).
    static func entryBound(_ sparse: SparseTerms) -> BigInt {
        var denominators: [BigInt] = []
        var norms: [BigInt] = []
        for r in 0..<sparse.rank {
            var d = BigInt(1), norm = BigInt(1)
            for factor in [sparse.u, sparse.v, sparse.w] {
                var lcm = BigInt(1)
                for i in factor.range(r) { lcm = BigInt.lcm(lcm, factor.coefficient[i].denominator) }
                var largest = BigInt(0)
                for i in factor.range(r) {
                    let c = factor.coefficient[i]
                    let scaled = (c.numerator * BigInt.exactQuotient(lcm, c.denominator)).magnitude
                    if largest < scaled { largest = scaled }
                }
                d *= lcm
                norm *= largest
            }
            denominators.append(d)
            norms.append(norm)
        }
        let scale = denominators.reduce(BigInt(1)) { BigInt.lcm($0, $1) }
        var bound = scale
        for r in 0..<sparse.rank { bound += BigInt.exactQuotient(scale, denominators[r]) * norms[r] }
        return bound
    }

    /// Primes above 2^61 that divide no denominator, enough that their product exceeds 2·bound;
    /// `nil` when more than `maxPrimes` would be needed.
    static func primes(for sparse: SparseTerms, bound: BigInt, maxPrimes: Int) -> [UInt64]? {
        let needed = (bound.bitWidth + 1) / 61 + 1 // each prime > 2^61
        guard needed <= maxPrimes else { return nil }
        var chosen: [UInt64] = []
        for q in ModP.largePrimes(needed + 8) where chosen.count < needed {
            let invertible = [sparse.u, sparse.v, sparse.w].allSatisfy { f in
                f.coefficient.allSatisfy { $0.isInteger || $0.denominator.residue(modulo: q) != 0 }
            }
            if invertible { chosen.append(q) }
        }
        return chosen.count == needed ? chosen : nil
    }

    /// The failing equations: the union over `primes` of the entries whose residual is non-zero
    /// modulo that prime, sorted. Exact when the primes satisfy the bound (see the type's doc).
    static func wrongEquations(_ sparse: SparseTerms, primes: [UInt64]) -> [BrentEquation] {
        var wrong = Set<BrentEquation>()
        for q in primes {
            let modulus = ModP.Modulus(q)
            let reduce = { (f: SparseTerms.Factor) in f.coefficient.map { $0.residue(modulo: q)! } }
            let (u, v, w) = (reduce(sparse.u), reduce(sparse.v), reduce(sparse.w))
            let (vCount, wCount) = (sparse.shape.vCount, sparse.shape.wCount)
            for block in sparse.rowBlocks() {
                var buffer = [UInt64](repeating: 0, count: block.count * vCount * wCount)
                for r in 0..<sparse.rank {
                    for a in sparse.u.range(r) {
                        let x = sparse.u.index[a]
                        guard block.contains(x) else { continue }
                        let rowX = (x - block.lowerBound) * vCount
                        for b in sparse.v.range(r) {
                            let uv = modulus.multiply(u[a], v[b]), base = (rowX + sparse.v.index[b]) * wCount
                            for c in sparse.w.range(r) {
                                let e = base + sparse.w.index[c]
                                buffer[e] = modulus.add(buffer[e], modulus.multiply(uv, w[c]))
                            }
                        }
                    }
                }
                sparse.forEachTargetEntry(in: block) { buffer[$0] = modulus.subtract(buffer[$0], 1) }
                for (offset, value) in buffer.enumerated() where value != 0 {
                    wrong.insert(sparse.equation(block: block, offset: offset))
                }
            }
        }
        return wrong.sorted()
    }
}
