import SchemeModel

/// Upper bounds on the rank of every shape with dimensions 1...`maxDimension`, from given
/// schemes and the rules R(⟨n,m,p⟩) = R(any permutation), R(⟨n,m,p₁+p₂⟩) ≤ R(⟨n,m,p₁⟩) +
/// R(⟨n,m,p₂⟩) (likewise in n and m) and R(⟨n₁n₂,m₁m₂,p₁p₂⟩) ≤ R(⟨n₁,m₁,p₁⟩)·R(⟨n₂,m₂,p₂⟩),
/// found by dynamic programming over sorted shapes in order of increasing volume n·m·p (every
/// rule refers to strictly smaller volumes). Each bound comes with its recipe, so an explicit
/// scheme can be built for it (`scheme(for:)`).
public struct DerivationTable: Sendable {
    /// How a bound was obtained, in terms of ordered shapes.
    public indirect enum Recipe: Sendable, Equatable {
        /// A given scheme (index into `base`).
        case base(Int)
        /// The naive algorithm.
        case naive
        /// Direct sum along `axis` (0: n, 1: m, 2: p) of the two ordered shapes.
        case sum(axis: Int, Shape, Shape)
        /// Tensor product of the two ordered shapes.
        case product(Shape, Shape)
    }

    public let maxDimension: Int
    let base: [Scheme]
    /// Indexed by `index(a, b, c)` of the sorted shape.
    var ranks: [Int]
    var recipes: [Recipe]

    /// Precondition: 1 ≤ maxDimension ≤ 64 and every base scheme is valid over Q (callers pass
    /// verified catalogue entries).
    public init(maxDimension: Int, base: [Scheme]) {
        precondition((1...64).contains(maxDimension))
        self.maxDimension = maxDimension
        self.base = base
        var given: [Shape: (rank: Int, base: Int)] = [:]
        for (i, scheme) in base.enumerated() {
            let s = scheme.shape.normalized
            guard s.p <= maxDimension else { continue }
            if given[s].map({ $0.rank > scheme.rank }) ?? true { given[s] = (scheme.rank, i) }
        }
        (ranks, recipes) = Self.solve(maxDimension: maxDimension, given: given)
    }

    /// The derivable rank of every sorted shape with dimensions 1...`maxDimension` when the
    /// shapes in `given` (sorted) have those ranks: the table's bounds without its schemes, for
    /// asking what a rank not yet reached would bring.
    public static func ranks(maxDimension: Int, given: [Shape: Int]) -> [Shape: Int] {
        precondition((1...64).contains(maxDimension))
        let (ranks, _) = solve(maxDimension: maxDimension, given: given.mapValues { ($0, -1) })
        var result: [Shape: Int] = [:]
        for a in 1...maxDimension { for b in a...maxDimension { for c in b...maxDimension {
            result[Shape(a, b, c)] = ranks[index(a, b, c, maxDimension: maxDimension)]
        } } }
        return result
    }

    /// The dynamic programme: every sorted shape in order of volume, its bound the least of the
    /// given rank, the naive rank, the splits along each axis and the tensor factorisations.
    static func solve(maxDimension: Int, given: [Shape: (rank: Int, base: Int)]) -> (ranks: [Int], recipes: [Recipe]) {
        let size = (maxDimension + 1) * (maxDimension + 1) * (maxDimension + 1)
        var ranks = [Int](repeating: Int.max, count: size)
        var recipes = [Recipe](repeating: .naive, count: size)
        func index(_ a: Int, _ b: Int, _ c: Int) -> Int { Self.index(a, b, c, maxDimension: maxDimension) }
        func rank(_ dims: [Int]) -> Int {
            let s = dims.sorted()
            return ranks[index(s[0], s[1], s[2])]
        }
        func divisors(_ x: Int) -> [Int] { (1...x).filter { x % $0 == 0 } }
        var shapes: [(Int, Int, Int)] = []
        for a in 1...maxDimension { for b in a...maxDimension { for c in b...maxDimension { shapes.append((a, b, c)) } } }
        shapes.sort { $0.0 * $0.1 * $0.2 < $1.0 * $1.1 * $1.2 }
        for (a, b, c) in shapes {
            var best = a * b * c, recipe = Recipe.naive
            if let known = given[Shape(a, b, c)], known.rank < best { (best, recipe) = (known.rank, .base(known.base)) }
            let dims = [a, b, c]
            for axis in 0..<3 where dims[axis] > 1 {
                for d1 in 1...(dims[axis] / 2) {
                    var first = dims, second = dims
                    first[axis] = d1
                    second[axis] = dims[axis] - d1
                    let r = rank(first) + rank(second)
                    if r < best { (best, recipe) = (r, .sum(axis: axis, Shape(first[0], first[1], first[2]), Shape(second[0], second[1], second[2]))) }
                }
            }
            for a1 in divisors(a) { for b1 in divisors(b) { for c1 in divisors(c) {
                let outer = [a1, b1, c1], inner = [a / a1, b / b1, c / c1]
                guard outer.reduce(1, *) > 1, inner.reduce(1, *) > 1 else { continue }
                let r = rank(outer) * rank(inner)
                if r < best { (best, recipe) = (r, .product(Shape(a1, b1, c1), Shape(a / a1, b / b1, c / c1))) }
            } } }
            ranks[index(a, b, c)] = best
            recipes[index(a, b, c)] = recipe
        }
        return (ranks, recipes)
    }

    /// Position of the sorted shape (a, b, c) in `ranks` and `recipes`.
    static func index(_ a: Int, _ b: Int, _ c: Int, maxDimension: Int) -> Int { (a * (maxDimension + 1) + b) * (maxDimension + 1) + c }

    func index(_ a: Int, _ b: Int, _ c: Int) -> Int { Self.index(a, b, c, maxDimension: maxDimension) }

    func rank(_ dims: [Int]) -> Int {
        let s = dims.sorted()
        return ranks[index(s[0], s[1], s[2])]
    }

    /// The best derivable rank of `shape` (any ordering); `nil` beyond `maxDimension`.
    public func rank(_ shape: Shape) -> Int? {
        guard max(shape.n, shape.m, shape.p) <= maxDimension else { return nil }
        return rank([shape.n, shape.m, shape.p])
    }

    /// How the bound for `shape` (sorted) was obtained.
    public func recipe(_ shape: Shape) -> Recipe? {
        guard max(shape.n, shape.m, shape.p) <= maxDimension else { return nil }
        let s = shape.normalized
        return recipes[index(s.n, s.m, s.p)]
    }

    /// An explicit scheme for `shape` in exactly this ordering, of rank `rank(shape)`.
    public func scheme(for shape: Shape) -> Scheme? {
        guard let recipe = recipe(shape) else { return nil }
        let sorted = shape.normalized
        let built: Scheme
        switch recipe {
        case .base(let i): built = base[i].permuted(to: sorted)!
        case .naive: built = Scheme.naive(sorted)
        case .sum(let axis, let first, let second):
            built = Scheme.directSum(scheme(for: first)!, scheme(for: second)!, axis: axis)
        case .product(let outer, let inner):
            built = Scheme.tensorProduct(scheme(for: outer)!, scheme(for: inner)!)
        }
        var result = built.permuted(to: shape)!
        result.intendedRing = .rationals
        return result
    }

    /// Indices into the base schemes that the recipe for `shape` uses (its parents).
    public func baseSchemes(usedFor shape: Shape) -> [Int] {
        switch recipe(shape) {
        case .base(let i): [i]
        case .sum(_, let x, let y), .product(let x, let y): Array(Set(baseSchemes(usedFor: x) + baseSchemes(usedFor: y))).sorted()
        case .naive, nil: []
        }
    }

    /// A one-line account of the recipe, e.g. `⟨2,2,2⟩ ⊗ ⟨2,2,2⟩` or `stored`.
    public func describe(_ shape: Shape) -> String? {
        guard let recipe = recipe(shape) else { return nil }
        func name(_ s: Shape) -> String { "⟨\(s.n),\(s.m),\(s.p)⟩" }
        return switch recipe {
        case .base: "stored scheme"
        case .naive: "naive"
        case .sum(let axis, let x, let y): "\(name(x)) ⊕ \(name(y)) along \(["n", "m", "p"][axis])"
        case .product(let x, let y): "\(name(x)) ⊗ \(name(y))"
        }
    }
}
