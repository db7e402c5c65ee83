import ExactArithmetic
import SchemeModel

/// AlphaTensor's factorization files: a NumPy `.npz` whose keys are `"n,m,p"`, each value either
/// a numeric array of shape (3, n², R) (square shapes) or an object array of three 2-D arrays
/// u (n·m × R), v (m·p × R), w (p·n × R). The factors are the **columns**. Float entries (1/2,
/// 1/8 in `factorizations_r`) are taken at their exact binary value.
public enum AlphaTensorFormat {
    /// Every scheme in the archive, in the archive's order, named by key.
    public static func read(_ bytes: [UInt8], ring: IntendedRing, limits: Limits = .standard) throws(FormatError) -> [(name: String, scheme: Scheme)] {
        let archive = try ZipArchive(bytes, maxEntries: limits.maxArchiveEntries)
        var result: [(name: String, scheme: Scheme)] = []
        for entry in archive.entries where entry.name.hasSuffix(".npy") {
            let key = String(entry.name.dropLast(4))
            let data = try archive.contents(of: entry, maxBytes: limits.maxFileBytes)
            let array = try NumPyArray.parse(data, name: key, maxElements: limits.maxTensorEntries)
            result.append((key, try scheme(key: key, array, ring: ring, limits: limits)))
        }
        guard !result.isEmpty else { throw FormatError("the archive holds no .npy arrays") }
        return result
    }

    /// A single `.npy` array, with the shape taken from `key` ("n,m,p") when given, else from
    /// the array (square (3, n², R) arrays only).
    public static func readArray(_ bytes: [UInt8], key: String?, ring: IntendedRing, limits: Limits = .standard) throws(FormatError) -> Scheme {
        let array = try NumPyArray.parse(bytes, name: key ?? "array", maxElements: limits.maxTensorEntries)
        return try scheme(key: key, array, ring: ring, limits: limits)
    }

    static func scheme(key: String?, _ array: NumPyArray, ring: IntendedRing, limits: Limits) throws(FormatError) -> Scheme {
        let name = key ?? "array"
        // The three factor matrices, each (length × R), row-major.
        var factors: [NumPyArray]
        switch array.elements {
        case .objects(let parts):
            guard parts.count == 3, parts.allSatisfy({ $0.shape.count == 2 }) else {
                throw FormatError(.entry(name), "expected three 2-D factor arrays u, v, w")
            }
            factors = parts
        default:
            guard array.shape.count == 3, array.shape[0] == 3 else {
                throw FormatError(.entry(name), "expected an array of shape (3, n², R), found \(array.shape)")
            }
            let (length, rank) = (array.shape[1], array.shape[2])
            factors = (0..<3).map { f in
                let slice = f * length * rank..<(f + 1) * length * rank
                switch array.elements {
                case .integers(let v): return NumPyArray(shape: [length, rank], elements: .integers(Array(v[slice])))
                case .floats(let v): return NumPyArray(shape: [length, rank], elements: .floats(Array(v[slice])))
                case .objects: fatalError("unreachable: handled above")
                }
            }
        }
        let shape = try resolveShape(key: key, lengths: factors.map { $0.shape[0] }, name: name, limits: limits)
        let rank = factors[0].shape[1]
        guard factors.allSatisfy({ $0.shape[1] == rank }) else {
            throw FormatError(.entry(name), "factors have different numbers of columns \(factors.map { $0.shape[1] })")
        }
        guard factors[0].shape[0] == shape.uCount, factors[1].shape[0] == shape.vCount, factors[2].shape[0] == shape.wCount else {
            throw FormatError(.entry(name), "factor lengths \(factors.map { $0.shape[0] }) do not match \(shape) (expected \(shape.uCount), \(shape.vCount), \(shape.wCount))")
        }
        do { try limits.check(rank: rank) } catch { throw FormatError(.entry(name), error.description) }
        var columns: [[[Rational]]] = []
        for factor in factors {
            let length = factor.shape[0]
            var perTerm = [[Rational]](repeating: [], count: rank)
            for r in 0..<rank {
                var vector: [Rational] = []
                vector.reserveCapacity(length)
                for i in 0..<length {
                    if case .integers(let values) = factor.elements {
                        vector.append(Rational(values[i * rank + r]))
                        continue
                    }
                    guard let x = factor.number(at: i * rank + r), let c = exactCoefficient(x) else {
                        throw FormatError(.entry(name), "entry (\(i), \(r)) is not a finite number")
                    }
                    vector.append(c)
                }
                perTerm[r] = vector
            }
            columns.append(perTerm)
        }
        let terms = (0..<rank).map { Term(u: columns[0][$0], v: columns[1][$0], w: columns[2][$0]) }
        return Scheme(shape: shape, terms: terms, intendedRing: ring)
    }

    /// Integers (the common case) without going through GMP's double conversion.
    static func exactCoefficient(_ x: Double) -> Rational? {
        if let integer = Int(exactly: x) { return Rational(integer) }
        return Rational(exactly: x)
    }

    static func resolveShape(key: String?, lengths: [Int], name: String, limits: Limits) throws(FormatError) -> Shape {
        if let key {
            let parts = key.split(separator: ",").compactMap { Int($0.trimmingCharacters()) }
            guard parts.count == 3 else { throw FormatError(.entry(name), "key '\(key)' is not 'n,m,p'") }
            do { return try Shape.validated(parts[0], parts[1], parts[2], limits: limits) } catch { throw FormatError(.entry(name), error.description) }
        }
        let side = Int(Double(lengths[0]).squareRoot().rounded())
        guard lengths.allSatisfy({ $0 == side * side }) else {
            throw FormatError(.entry(name), "cannot tell the shape of a non-square array without its key")
        }
        do { return try Shape.validated(side, side, side, limits: limits) } catch { throw FormatError(.entry(name), error.description) }
    }
}
