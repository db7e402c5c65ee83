/// A random walk in the flip graph of cyclic-symmetric schemes of ⟨n,n,n⟩ over GF(2)
/// (Moosbauer–Poole 2025). Each move is made on orbit representatives and so is repeated under
/// the rotation ρ on all three terms of an orbit; the scheme stays ρ-invariant and valid.
///
/// - *Flip*: terms of two different orbits sharing a factor, a⊗b⊗c + a⊗b'⊗c' →
///   a⊗(b+b')⊗c + a⊗b'⊗(c'+c). The rotated copies of the flip touch the rotated terms, which
///   are distinct because the orbits are. Fixed terms take no part in flips.
/// - *Reductions*: two orbits with terms sharing two factors merge (rank − 3); two equal orbits
///   cancel (2 = 0, rank − 6); an orbit with a zero factor vanishes (− 3); an orbit x⊗x⊗x is
///   three copies of one fixed term, which mod 2 is one copy (− 2); two equal fixed terms
///   cancel (− 2); a fixed term f⊗f⊗f, read as its three copies, merges into an orbit of
///   (f, f, c), giving the orbit of (f, f, c + f) (− 1).
/// - *Plus transition*: an orbit's term a'⊗b'⊗c' is split as a'⊗b⊗c' + a'⊗(b'+b)⊗c' with a
///   factor b of another orbit (rank + 3); or a fixed term f⊗f⊗f is released as the orbit
///   (f, f, f) (rank + 2), so that it can take part in flips.
///
/// Flip partners are found by a scan of the 3k representative words (k orbits): for the sizes
/// this mode serves (k ≤ ~60) that is a few dozen word compares per flip.
public struct CyclicFlipWalk: Sendable {
    public let n: Int
    /// Representatives, three words per orbit; a word index 3o + c is component c of orbit o.
    var orbits: [UInt64]
    var fixed: [UInt64]
    var rng: Xoshiro
    public private(set) var flips: UInt64 = 0
    public private(set) var reductions: UInt64 = 0
    public private(set) var plusTransitions: UInt64 = 0

    public var rank: Int { orbits.count + fixed.count }

    public init(_ scheme: CyclicScheme, seed: UInt64) {
        n = scheme.n
        orbits = scheme.orbits
        fixed = []
        rng = Xoshiro(seed: seed)
        for f in scheme.fixed { addFixed(f) }
        // A scheme given with reducible orbits is reduced first.
        var o = 0
        while o < orbits.count / 3 {
            reduce(o)
            compact()
            o += 1
        }
    }

    public var state: CyclicScheme { CyclicScheme(n: n, orbits: orbits, fixed: fixed) }

    /// The word index of component c + shift (mod 3) of the orbit holding word `word`.
    @inline(__always) func rotated(_ word: Int, _ shift: Int) -> Int {
        let base = word - word % 3
        return base + (word - base + shift) % 3
    }

    /// Performs one random flip; false when no two orbits share a factor (none was found).
    @discardableResult
    public mutating func flip() -> Bool {
        let words = orbits.count
        guard words >= 6 else { return false }
        for _ in 0..<(2 * words) {
            let a = rng.below(words)
            let value = orbits[a], orbitA = a / 3
            var count = 0
            for k in 0..<words where orbits[k] == value { count += 1 }
            // Matches in orbit A itself (at least the word a) are not partners.
            var own = 0
            for k in (3 * orbitA)..<(3 * orbitA + 3) where orbits[k] == value { own += 1 }
            guard count > own else { continue }
            var pick = rng.below(count - own)
            var b = -1
            for k in 0..<words where orbits[k] == value && k / 3 != orbitA {
                if pick == 0 { b = k; break }
                pick -= 1
            }
            // Align both terms so the shared factor is first: (a, b₁, c₁) and (a, b₂, c₂).
            let swap = rng.next() & 1 == 0
            let (a1, a2) = swap ? (rotated(a, 1), rotated(a, 2)) : (rotated(a, 2), rotated(a, 1))
            let (b1, b2) = swap ? (rotated(b, 1), rotated(b, 2)) : (rotated(b, 2), rotated(b, 1))
            orbits[a1] ^= orbits[b1]
            orbits[b2] ^= orbits[a2]
            flips &+= 1
            let orbitB = b / 3
            reduce(orbitA)
            reduce(orbitB)
            compact()
            return true
        }
        return false
    }

    /// Applies the reductions to orbit o, repeatedly; removed orbits are zeroed and dropped by
    /// `compact`.
    mutating func reduce(_ start: Int) {
        var o = start
        while true {
            let (x, y, z) = (orbits[3 * o], orbits[3 * o + 1], orbits[3 * o + 2])
            if x == 0 && y == 0 && z == 0 { return }     // already removed
            if x == 0 || y == 0 || z == 0 {
                remove(o)
                reductions &+= 1
                return
            }
            if x == y && y == z {
                remove(o)
                addFixed(x)
                reductions &+= 1
                return
            }
            // With a fixed term f⊗f⊗f = 3·f⊗f⊗f (mod 2): f⊗f⊗f + orbit of (f, f, c) is the orbit
            // of (f, f, c + f).
            if let i = fixed.firstIndex(where: { f in (x == f ? 1 : 0) + (y == f ? 1 : 0) + (z == f ? 1 : 0) >= 2 }) {
                let f = fixed.remove(at: i)
                for c in 3 * o..<3 * o + 3 where orbits[c] != f { orbits[c] ^= f }
                reductions &+= 1
                continue
            }
            var partner = -1, shift = 0, matches = 0
            search: for l in 0..<(orbits.count / 3) where l != o && orbits[3 * l] != 0 {
                for d in 0..<3 {
                    let p = (orbits[3 * l + d], orbits[3 * l + (d + 1) % 3], orbits[3 * l + (d + 2) % 3])
                    let m = (p.0 == x ? 1 : 0) + (p.1 == y ? 1 : 0) + (p.2 == z ? 1 : 0)
                    if m >= 2 { (partner, shift, matches) = (l, d, m); break search }
                }
            }
            guard partner >= 0 else { return }
            reductions &+= 1
            if matches == 3 {
                remove(o)
                remove(partner)
                return
            }
            for c in 0..<3 {
                let other = orbits[3 * partner + (c + shift) % 3]
                if other != orbits[3 * o + c] { orbits[3 * o + c] ^= other }
            }
            remove(partner)
        }
    }

    /// Zeroes orbit o (a removed orbit; `compact` drops it).
    mutating func remove(_ o: Int) {
        orbits[3 * o] = 0; orbits[3 * o + 1] = 0; orbits[3 * o + 2] = 0
    }

    /// Drops removed (all-zero) orbits.
    mutating func compact() {
        var write = 0
        for o in 0..<(orbits.count / 3) where orbits[3 * o] != 0 || orbits[3 * o + 1] != 0 || orbits[3 * o + 2] != 0 {
            if write != 3 * o { (orbits[write], orbits[write + 1], orbits[write + 2]) = (orbits[3 * o], orbits[3 * o + 1], orbits[3 * o + 2]) }
            write += 3
        }
        orbits.removeLast(orbits.count - write)
    }

    /// Adds the fixed term f⊗f⊗f: an equal one already present cancels it; an orbit with two
    /// factors f absorbs it (see `reduce`).
    mutating func addFixed(_ f: UInt64) {
        if let i = fixed.firstIndex(of: f) {
            fixed.remove(at: i)
            return
        }
        fixed.append(f)
        for o in 0..<(orbits.count / 3) {
            let equal = (orbits[3 * o] == f ? 1 : 0) + (orbits[3 * o + 1] == f ? 1 : 0) + (orbits[3 * o + 2] == f ? 1 : 0)
            if equal >= 2 {
                reduce(o)
                return
            }
        }
    }

    /// Leaves a plateau: splits an orbit's term against another orbit's factor (rank + 3), or,
    /// with probability s/(k + s) for k orbits and s fixed terms, releases a fixed term as an
    /// orbit (rank + 2). False when the drawn move is trivial.
    @discardableResult
    public mutating func plusTransition() -> Bool {
        let k = orbits.count / 3
        if !fixed.isEmpty && rng.below(k + fixed.count) < fixed.count {
            let f = fixed.remove(at: rng.below(fixed.count))
            orbits += [f, f, f]
            plusTransitions &+= 1
            return true
        }
        guard k >= 2 else { return false }
        let a = rng.below(orbits.count)
        let b = rng.below(orbits.count)
        guard a / 3 != b / 3, orbits[a] != orbits[b] else { return false }
        // a'⊗b'⊗c' = a'⊗b⊗c' + a'⊗(b'+b)⊗c', in the representative of b's orbit.
        let base = b - b % 3
        var added = Array(orbits[base..<(base + 3)])
        added[b % 3] ^= orbits[a]
        orbits[b] = orbits[a]
        orbits += added
        plusTransitions &+= 1
        return true
    }
}
