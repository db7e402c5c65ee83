import ExactArithmetic

/// A change of basis of the three modes by unimodular integer matrices X, Y, Z (det ±1, so
/// their inverses are integral too): T' = (X ⊗ Y ⊗ Z) T, and a move u ⊗ v ⊗ w of T' maps back
/// to X⁻¹u ⊗ Y⁻¹v ⊗ Z⁻¹w for T. A decomposition found in the new basis is therefore an exact
/// decomposition of the original tensor, with the same number of terms.
public struct BasisChange: Sendable {
    /// X, Y, Z and their inverses, each square and row-major.
    public let forward: [[Int32]]
    public let inverse: [[Int32]]
    public let dimensions: [Int]

    /// The identity on modes of the given dimensions.
    public static func identity(_ dimensions: [Int]) -> BasisChange {
        BasisChange(forward: dimensions.map(identityMatrix), inverse: dimensions.map(identityMatrix), dimensions: dimensions)
    }

    /// A random unimodular change: per mode a random signed permutation followed by
    /// `elementaryOperations` operations row_i += ±row_j (entries stay small). With
    /// `sameForAllModes` (equal dimensions) one matrix X serves all three modes, so X⊗X⊗X
    /// commutes with the cyclic rotation of the modes and a symmetric tensor stays symmetric.
    public static func random<G: RandomNumberGenerator>(_ dimensions: [Int], elementaryOperations: Int, sameForAllModes: Bool = false,
                                                        using generator: inout G) -> BasisChange {
        var forward: [[Int32]] = [], inverse: [[Int32]] = []
        for d in dimensions {
            if sameForAllModes, let first = forward.first, let firstInverse = inverse.first {
                forward.append(first)
                inverse.append(firstInverse)
                continue
            }
            var x = identityMatrix(d), xInverse = identityMatrix(d)
            // Signed permutation P: x = P, x⁻¹ = Pᵀ.
            let permutation = (0..<d).shuffled(using: &generator)
            for i in 0..<d {
                let sign: Int32 = Bool.random(using: &generator) ? 1 : -1
                for j in 0..<d {
                    x[i * d + j] = j == permutation[i] ? sign : 0
                    xInverse[j * d + i] = j == permutation[i] ? sign : 0
                }
            }
            if d > 1 {
                for _ in 0..<elementaryOperations {
                    let i = Int.random(in: 0..<d, using: &generator)
                    var j = Int.random(in: 0..<(d - 1), using: &generator)
                    if j >= i { j += 1 }
                    let s: Int32 = Bool.random(using: &generator) ? 1 : -1
                    // E = I + s·e_i e_jᵀ: x ← E x (row i += s row j); x⁻¹ ← x⁻¹ E⁻¹ (column j −= s column i).
                    for k in 0..<d { x[i * d + k] += s * x[j * d + k] }
                    for k in 0..<d { xInverse[k * d + j] -= s * xInverse[k * d + i] }
                }
            }
            forward.append(x)
            inverse.append(xInverse)
        }
        return BasisChange(forward: forward, inverse: inverse, dimensions: dimensions)
    }

    /// (X ⊗ Y ⊗ Z) T.
    public func apply(to tensor: ResidualTensor) -> ResidualTensor {
        let (dA, dB, dC) = (tensor.dA, tensor.dB, tensor.dC)
        // Mode by mode: contract each index with its matrix.
        var current = tensor.entries.map { Int64($0) }
        var next = [Int64](repeating: 0, count: current.count)
        for a in 0..<dA { for a2 in 0..<dA where forward[0][a * dA + a2] != 0 {
            let x = Int64(forward[0][a * dA + a2])
            for bc in 0..<(dB * dC) { next[a * dB * dC + bc] += x * current[a2 * dB * dC + bc] }
        } }
        swap(&current, &next); next = [Int64](repeating: 0, count: current.count)
        for a in 0..<dA { for b in 0..<dB { for b2 in 0..<dB where forward[1][b * dB + b2] != 0 {
            let y = Int64(forward[1][b * dB + b2])
            for c in 0..<dC { next[(a * dB + b) * dC + c] += y * current[(a * dB + b2) * dC + c] }
        } } }
        swap(&current, &next); next = [Int64](repeating: 0, count: current.count)
        for ab in 0..<(dA * dB) { for c in 0..<dC { for c2 in 0..<dC where forward[2][c * dC + c2] != 0 {
            next[ab * dC + c] += Int64(forward[2][c * dC + c2]) * current[ab * dC + c2]
        } } }
        return ResidualTensor(dA: dA, dB: dB, dC: dC, entries: next.map { Int32(clamping: $0) })
    }

    /// The move Xu ⊗ Yv ⊗ Zw (`toNewBasis`) or X⁻¹u ⊗ Y⁻¹v ⊗ Z⁻¹w (back to the original).
    public func map(_ move: GameMove, toNewBasis: Bool) -> GameMove {
        let matrices = toNewBasis ? forward : inverse
        return GameMove(u: multiply(matrices[0], move.u), v: multiply(matrices[1], move.v), w: multiply(matrices[2], move.w))
    }

    /// X⁻¹x (mode 0), Y⁻¹x or Z⁻¹x for a rational vector x.
    public func mapBack(_ vector: [Rational], mode: Int) -> [Rational] {
        let d = vector.count, matrix = inverse[mode]
        return (0..<d).map { i in
            var sum = Rational(0)
            for j in 0..<d where matrix[i * d + j] != 0 && !vector[j].isZero { sum = sum + Rational(Int(matrix[i * d + j])) * vector[j] }
            return sum
        }
    }

    private func multiply(_ matrix: [Int32], _ vector: [Int32]) -> [Int32] {
        let d = vector.count
        return (0..<d).map { i in (0..<d).reduce(Int32(0)) { $0 &+ matrix[i * d + $1] &* vector[$1] } }
    }

    private static func identityMatrix(_ d: Int) -> [Int32] {
        (0..<(d * d)).map { $0 / d == $0 % d ? 1 : 0 }
    }
}
