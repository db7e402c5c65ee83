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
///   factor b of another orbit (rank + 3); or, unless the start keeps its fixed terms (a cube
///   start), a fixed term f⊗f⊗f is released as the orbit (f, f, f) (rank + 2), so that it can
///   take part in flips.
///
/// Flip partners are found by a scan of the 3k representative words (k orbits): for the sizes
/// this mode serves (k ≤ ~60) that is a few dozen word compares per flip.
public struct CyclicFlipWalk: Sendable {
    public let n: Int
    /// Representatives, three words per orbit; a word index 3o + c is component c of orbit o.
    var orbits: [UInt64]
    var fixed: [UInt64]
    /// No plus transition releases a fixed term (a cube start's cubes stay).
    let keepsFixedTerms: Bool
    var rng: Xoshiro
    /// Whether an orbit was removed since the last `compact`.
    var removedAny = false
    public private(set) var flips: UInt64 = 0
    public private(set) var reductions: UInt64 = 0
    public private(set) var plusTransitions: UInt64 = 0

    public var rank: Int { orbits.count + fixed.count }

    public init(_ scheme: CyclicScheme, seed: UInt64) {
        n = scheme.n
        keepsFixedTerms = scheme.keepsFixedTerms
        orbits = scheme.orbits
        fixed = []
        rng = Xoshiro(seed: seed)
        for f in scheme.fixed { addFixed(f) }
        // A scheme given with reducible orbits is reduced first.
        for o in 0..<(orbits.count / 3) { for c in 0..<3 { reduce(o, changed: c) } }
        compact()
    }

    public var state: CyclicScheme {
        var scheme = CyclicScheme(n: n, orbits: orbits, fixed: fixed)
        scheme.keepsFixedTerms = keepsFixedTerms
        return scheme
    }

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
            let value = orbits[a], base = a - a % 3
            // Partners: equal words in other orbits.
            var count = 0
            for k in 0..<words where orbits[k] == value { count += 1 }
            for k in base..<(base + 3) where orbits[k] == value { count -= 1 }
            guard count > 0 else { continue }
            var pick = rng.below(count)
            var b = -1
            for k in 0..<words where orbits[k] == value && (k < base || k >= base + 3) {
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
            reduce(a1 / 3, changed: a1 % 3)
            reduce(b2 / 3, changed: b2 % 3)
            if removedAny { compact() }
            return true
        }
        return false
    }

    /// Applies the reductions to orbit o after its component `changed` was set, repeatedly:
    /// any reduction the change enables involves that component, so only words equal to it are
    /// visited. Removed orbits are zeroed and dropped by `compact`.
    mutating func reduce(_ o: Int, changed startComponent: Int) {
        var c = startComponent
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
            let value = orbits[3 * o + c]
            let next = orbits[3 * o + (c + 1) % 3], last = orbits[3 * o + (c + 2) % 3]
            // With a fixed term f⊗f⊗f = 3·f⊗f⊗f (mod 2): f⊗f⊗f + orbit of (f, f, c) is the orbit
            // of (f, f, c + f).
            if (next == value || last == value), let i = fixed.firstIndex(of: value) {
                fixed.remove(at: i)
                for k in 3 * o..<3 * o + 3 where orbits[k] != value { orbits[k] ^= value; c = k % 3 }
                reductions &+= 1
                continue
            }
            // Another orbit whose term, aligned on this component, shares one more factor.
            var partner = -1, shift = 0
            for k in 0..<orbits.count where orbits[k] == value && k / 3 != o {
                let l = k / 3, d = (k % 3 + 3 - c) % 3
                if orbits[3 * l + (c + 1 + d) % 3] == next || orbits[3 * l + (c + 2 + d) % 3] == last {
                    (partner, shift) = (l, d)
                    break
                }
            }
            guard partner >= 0 else { return }
            reductions &+= 1
            var differing = -1
            for j in 0..<3 {
                let other = orbits[3 * partner + (j + shift) % 3]
                if other != orbits[3 * o + j] { orbits[3 * o + j] ^= other; differing = j }
            }
            remove(partner)
            guard differing >= 0 else {       // equal orbits: 2 = 0
                remove(o)
                return
            }
            c = differing
        }
    }

    /// Zeroes orbit o (a removed orbit; `compact` drops it).
    mutating func remove(_ o: Int) {
        orbits[3 * o] = 0; orbits[3 * o + 1] = 0; orbits[3 * o + 2] = 0
        removedAny = true
    }

    /// Drops removed (all-zero) orbits.
    mutating func compact() {
        var write = 0
        for o in 0..<(orbits.count / 3) where orbits[3 * o] != 0 || orbits[3 * o + 1] != 0 || orbits[3 * o + 2] != 0 {
            if write != 3 * o { (orbits[write], orbits[write + 1], orbits[write + 2]) = (orbits[3 * o], orbits[3 * o + 1], orbits[3 * o + 2]) }
            write += 3
        }
        orbits.removeLast(orbits.count - write)
        removedAny = false
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
                reduce(o, changed: orbits[3 * o] == f ? 0 : 1)
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
        if !keepsFixedTerms && !fixed.isEmpty && rng.below(k + fixed.count) < fixed.count {
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
