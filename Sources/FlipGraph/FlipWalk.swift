import SchemeModel

/// A random walk in the flip graph of ⟨n,m,p⟩ over GF(2) (Kauers–Moosbauer 2023).
///
/// A *flip* takes two terms sharing a factor, a⊗b⊗c + a⊗b'⊗c' → a⊗(b+b')⊗c + a⊗b'⊗(c'+c); a
/// *reduction* merges two terms that share two factors (a⊗b⊗c + a⊗b⊗c' = a⊗b⊗(c+c')) and
/// drops zero terms, lowering the rank; a *plus transition* (Arai–Ichikawa–Hukushima 2024)
/// splits a term, a'⊗b'⊗c' = a'⊗b⊗c' + a'⊗(b'+b)⊗c', raising the rank by one to leave a plateau.
/// Every move keeps Σ u⊗v⊗w unchanged, so a valid scheme stays valid.
///
/// Factors are stored three per term (`f[3r + slot]`); picking a flip is a random term and slot
/// plus an O(R) scan for partners, applying one is O(1), and checking for reductions is O(R).
public struct FlipWalk: Sendable {
    public let shape: Shape
    /// Three factors per term; entries beyond 3·rank are unused.
    var f: [UInt64]
    public private(set) var rank: Int
    var rng: Xoshiro
    /// Flips performed (attempts that found no partner are not counted).
    public private(set) var flips: UInt64 = 0
    public private(set) var reductions: UInt64 = 0
    public private(set) var plusTransitions: UInt64 = 0

    public init(_ scheme: GF2Scheme, seed: UInt64) {
        shape = scheme.shape
        rank = scheme.rank
        f = []
        f.reserveCapacity(3 * (scheme.rank + 64))
        for r in 0..<scheme.rank { f += [scheme.u[r], scheme.v[r], scheme.w[r]] }
        rng = Xoshiro(seed: seed)
    }

    /// The current scheme.
    public var scheme: GF2Scheme {
        GF2Scheme(shape: shape, u: (0..<rank).map { f[3 * $0] }, v: (0..<rank).map { f[3 * $0 + 1] }, w: (0..<rank).map { f[3 * $0 + 2] })
    }

    /// Attempts one random flip (then reductions); returns false when the chosen term had no
    /// partner sharing the chosen factor.
    @discardableResult
    public mutating func flip() -> Bool {
        guard rank >= 2 else { return false }
        var i = rng.below(rank)
        let s = rng.below(3)
        let a = f[3 * i + s]
        var j = -1, matches = 0
        var k = s
        for t in 0..<rank {
            if f[k] == a && t != i {
                matches += 1
                if rng.below(matches) == 0 { j = t }
            }
            k += 3
        }
        guard j >= 0 else { return false }
        let swap = rng.next() & 1 == 0
        let s1 = swap ? (s + 1) % 3 : (s + 2) % 3
        let s2 = swap ? (s + 2) % 3 : (s + 1) % 3
        f[3 * i + s1] ^= f[3 * j + s1]
        f[3 * j + s2] ^= f[3 * i + s2]
        flips &+= 1
        if f[3 * i + s1] == 0 { remove(i, tracking: &j, &i) }
        if j >= 0 && f[3 * j + s2] == 0 { remove(j, tracking: &i, &j) }
        if i >= 0 { reduce(from: i, tracking: &j) }
        if j >= 0 { var none = -1; reduce(from: j, tracking: &none) }
        return true
    }

    /// Splits a random term against another one (rank + 1); false if the split would be trivial.
    @discardableResult
    public mutating func plusTransition() -> Bool {
        guard rank >= 2 else { return false }
        let i = rng.below(rank)
        var j = rng.below(rank - 1)
        if j >= i { j += 1 }
        let s1 = rng.below(3)
        let b = f[3 * i + s1], old = f[3 * j + s1]
        guard b != old else { return false }
        // a'⊗b'⊗c' = a'⊗b⊗c' + a'⊗(b'+b)⊗c'
        f[3 * j + s1] = b
        // Storage beyond 3·rank is scratch left by removals; grow it when full.
        if f.count < 3 * (rank + 1) { f += [0, 0, 0] }
        for slot in 0..<3 { f[3 * rank + slot] = slot == s1 ? old ^ b : f[3 * j + slot] }
        rank += 1
        plusTransitions &+= 1
        return true
    }

    /// Removes term t (the last term moves into its place); `a` and `b` follow the moved term,
    /// and become -1 if they were t.
    @inline(__always)
    mutating func remove(_ t: Int, tracking a: inout Int, _ b: inout Int) {
        let last = rank - 1
        if a == t { a = -1 }
        if b == t { b = -1 }
        if t != last {
            f[3 * t] = f[3 * last]
            f[3 * t + 1] = f[3 * last + 1]
            f[3 * t + 2] = f[3 * last + 2]
            if a == last { a = t }
            if b == last { b = t }
        }
        rank -= 1
    }

    /// Merges term t with any term sharing two of its factors, repeatedly; `other` follows moves.
    mutating func reduce(from start: Int, tracking other: inout Int) {
        var t = start
        while t >= 0 {
            let (x, y, z) = (f[3 * t], f[3 * t + 1], f[3 * t + 2])
            var merged = -1
            for k in 0..<rank where k != t {
                let e0 = f[3 * k] == x, e1 = f[3 * k + 1] == y, e2 = f[3 * k + 2] == z
                let slot = e0 && e1 ? 2 : e0 && e2 ? 1 : e1 && e2 ? 0 : -1
                guard slot >= 0 else { continue }
                f[3 * k + slot] ^= f[3 * t + slot]
                var kk = k
                remove(t, tracking: &other, &kk)
                reductions &+= 1
                if f[3 * kk + slot] == 0 {
                    remove(kk, tracking: &other, &kk)
                    merged = -1
                } else {
                    merged = kk
                }
                break
            }
            if merged < 0 { return }
            t = merged
        }
    }
}
