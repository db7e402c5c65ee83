import ExactArithmetic

/// The screens `ExtraTermsFinish` runs modulo 2^31 − 1 before anything is computed over Q.
extension ExtraTermsFinish.PencilSlices {
    /// A screen modulo 2^31 − 1 for weights from `complement` (at least three vectors): if
    /// the tensor restricted to those weights has rank r + f, then for N_α = X(α)X(β)⁻¹
    /// and N_γ = X(γ)X(β)⁻¹ the commutator [N_α, N_γ] has rank at most 2f (Strassen's
    /// equations: border rank ≥ r + rank[N_α, N_γ]/2; with f = 0 the N share the
    /// eigenvectors A and commute). Returns 0, passing every screen, when X(β) is singular
    /// or the complement too small: the screen cannot tell.
    func commutatorRank(_ complement: [[Int]]) -> Int {
        guard complement.count >= 3 else { return 0 }
        let modulus = ModularLinearAlgebra.modulus
        let d = complement[0].count
        func weights(_ coefficients: [Int]) -> [Int] { (0..<d).map { k in zip(coefficients, complement).reduce(0) { $0 + $1.0 * $1.1[k] } } }
        func residues(_ coefficients: [Int]) -> [UInt64] { combination(weights(coefficients)).map { modulus.reduce($0) } }
        let count = complement.count
        guard let inverse = ModularLinearAlgebra.inverse(residues(LowRankFinish.betaWeights(count, attempt: 0)), size: r) else { return 0 }
        let n1 = ModularLinearAlgebra.multiply(residues(LowRankFinish.alphaWeights(count, attempt: 0)), inverse, size: r)
        let n2 = ModularLinearAlgebra.multiply(residues((0..<count).map { ($0 * 5 + 2) % 13 - 6 }), inverse, size: r)
        let (ab, ba) = (ModularLinearAlgebra.multiply(n1, n2, size: r), ModularLinearAlgebra.multiply(n2, n1, size: r))
        return ModularLinearAlgebra.rank(zip(ab, ba).map { modulus.subtract($0, $1) }, rows: r, columns: r)
    }

    /// A screen modulo 2^31 − 1 of `recover`: with the pencil's eigenspaces for the given
    /// eigenvalues as coordinates, every fibre of L X R between two different eigenspaces
    /// must lie in span(extras), each K_e completed as `recover` completes it must have rank
    /// at most one, and each eigenspace block less the extras a mode-s flattening of rank at
    /// most its size. Most wrong guesses with rational eigenvalues fail here.
    func passesModularRecovery(_ m1: [Int], _ m2: [Int], eigenvalues: [(Int, Int)], extras: [[Int]]) -> Bool {
        let modulus = ModularLinearAlgebra.modulus
        var values: [UInt64] = []
        for (numerator, denominator) in eigenvalues {
            guard let inverse = modulus.inverse(modulus.reduce(denominator)) else { return false }
            let value = modulus.multiply(modulus.reduce(numerator), inverse)
            if !values.contains(value) { values.append(value) }
        }
        var left: [[UInt64]] = [], right: [[UInt64]] = [], block: [Int] = []
        for (b, value) in values.enumerated() {
            let shifted = (0..<(r * r)).map { modulus.subtract(modulus.reduce(m1[$0]), modulus.multiply(value, modulus.reduce(m2[$0]))) }
            let transposed = (0..<(r * r)).map { shifted[($0 % r) * r + $0 / r] }
            let columns = ModularLinearAlgebra.nullSpace(shifted, rows: r, columns: r)
            let rows = ModularLinearAlgebra.nullSpace(transposed, rows: r, columns: r)
            guard columns.count == rows.count, columns.count < r else { return false }
            right += columns
            left += rows
            block += [Int](repeating: b, count: columns.count)
        }
        guard block.count == r else { return false }
        var transformedSlices: [[UInt64]] = []
        for k in 0..<count {
            // (L X_k R)[i, j] = Σ_{a,b} left[i][a] X_k[a, b] right[j][b]
            var product = [UInt64](repeating: 0, count: r * r)
            for i in 0..<r { for a in 0..<r where left[i][a] != 0 { for b in 0..<r {
                let x = entries[(k * r + a) * r + b]
                if x != 0 { product[i * r + b] = modulus.add(product[i * r + b], modulus.multiply(left[i][a], modulus.reduce(x))) }
            } } }
            transformedSlices.append((0..<(r * r)).map { index in
                let (i, j) = (index / r, index % r)
                return (0..<r).reduce(UInt64(0)) { modulus.add($0, modulus.multiply(product[i * r + $1], right[j][$1])) }
            })
        }
        // K_e off the blocks: coordinates of each fibre in span(extras), by Cramer on a
        // non-zero minor, then checked on every coordinate.
        let e = extras.count
        let zr = extras.map { $0.map { modulus.reduce($0) } }
        var pivots: (Int, Int)?
        var determinant: UInt64 = 0
        search: for a in 0..<count {
            for b in (e == 1 ? [a] : Array((a + 1)..<count)) {
                determinant = e == 1 ? zr[0][a] : modulus.subtract(modulus.multiply(zr[0][a], zr[1][b]), modulus.multiply(zr[0][b], zr[1][a]))
                if determinant != 0 { pivots = (a, b); break search }
            }
        }
        guard let (a, b) = pivots, let inverseDeterminant = modulus.inverse(determinant) else { return false }
        var k = [[UInt64]](repeating: [UInt64](repeating: 0, count: r * r), count: e)
        for i in 0..<r {
            for j in 0..<r where block[i] != block[j] {
                let fibre = (0..<count).map { transformedSlices[$0][i * r + j] }
                let kappa: [UInt64] = e == 1 ? [modulus.multiply(fibre[a], inverseDeterminant)] : [
                    modulus.multiply(modulus.subtract(modulus.multiply(fibre[a], zr[1][b]), modulus.multiply(fibre[b], zr[1][a])), inverseDeterminant),
                    modulus.multiply(modulus.subtract(modulus.multiply(zr[0][a], fibre[b]), modulus.multiply(zr[0][b], fibre[a])), inverseDeterminant),
                ]
                for c in 0..<count {
                    let value = (0..<e).reduce(UInt64(0)) { modulus.add($0, modulus.multiply(kappa[$1], zr[$1][c])) }
                    guard value == fibre[c] else { return false }
                }
                for x in 0..<e { k[x][i * r + j] = kappa[x] }
            }
        }
        // K_e inside the blocks by the rank-one minors, as `recover` does; then each
        // block less the extras must have flattening ranks at most its size.
        for x in 0..<e {
            for i in 0..<r {
                for j in 0..<r where block[i] == block[j] {
                    var value: UInt64 = 0
                    search: for m in 0..<r where block[m] != block[j] {
                        for l in 0..<r where block[l] != block[i] && block[l] != block[m] && k[x][m * r + l] != 0 {
                            value = modulus.multiply(modulus.multiply(k[x][i * r + l], k[x][m * r + j]), modulus.inverse(k[x][m * r + l])!)
                            break search
                        }
                    }
                    k[x][i * r + j] = value
                }
            }
        }
        for x in 0..<e where ModularLinearAlgebra.rank(k[x], rows: r, columns: r) > 1 { return false }
        for b in Set(block) {
            let members = (0..<r).filter { block[$0] == b }
            let size = members.count
            guard size > 1 else { continue }
            var residues = [UInt64](repeating: 0, count: size * size * count)
            for (x, i) in members.enumerated() { for (y, j) in members.enumerated() { for c in 0..<count {
                let extra = (0..<e).reduce(UInt64(0)) { modulus.add($0, modulus.multiply(k[$1][i * r + j], zr[$1][c])) }
                residues[(x * size + y) * count + c] = modulus.subtract(transformedSlices[c][i * r + j], extra)
            } } }
            // The mode-s flattening (the other two are size × (size · count): no test).
            let flatS = (0..<(size * size * count)).map { index -> UInt64 in
                let (c, xy) = (index / (size * size), index % (size * size))
                return residues[xy * count + c]
            }
            guard ModularLinearAlgebra.rank(flatS, rows: count, columns: size * size) <= size else { return false }
        }
        return true
    }
}
