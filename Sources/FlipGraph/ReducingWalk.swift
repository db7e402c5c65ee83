/// The reduction driver of the plain walks (`FlipWalkOf` over GF(2), `SignedFlipWalkOf` over ZT
/// and GF(3)): after a term's factor changed, every reduction that makes possible, and then those
/// that each reduction makes possible in turn. Each walk supplies the two kinds of reduction in
/// its own arithmetic: a merge of two terms sharing two factors (`mergeSharingTwo`), and, among
/// three or more terms sharing a factor, a linear dependency of their factors in another slot
/// (`eliminateDependency`, skipped when `checksDependencies` is off). Both report the term they
/// changed in `next`; a reduction that changes several terms leaves the others pending.
///
/// Over GF(2): if Σ_{k∈S} x_k = 0 for the terms a⊗x_k⊗y_k, k ∈ S, then for any e ∈ S
///   Σ_{k∈S} a⊗x_k⊗y_k = Σ_{k∈S∖e} a⊗x_k⊗(y_k + y_e),
/// so term e goes and the rank drops by one (Kauers–Moosbauer's reduction; two terms sharing two
/// factors are the case |S| = 2; the signed form is at `SignedFlipWalkOf.eliminateDependency`).
/// Changing t's factor in `slot` can create a dependency among the other slots' factors of the
/// terms sharing t's new factor, which is checked, or among the `slot` factors of the terms
/// sharing one of t's unchanged factors, which is not: checking those groups too cost another
/// 4–9 % of the flip rate and found 23 on ⟨3,3,3⟩ only slightly sooner (median of 9 seeds 0.014 s
/// against 0.019 s).
protocol ReducingWalk {
    associatedtype Key: FactorKey
    var index: [FactorIndex<Key>] { get }
    var checksDependencies: Bool { get }
    var pendingReductions: [Int32] { get set }
    func isAlive(_ t: Int) -> Bool
    mutating func mergeSharingTwo(_ t: Int, _ slot: Int, next: inout (Int, Int)?) -> Bool
    mutating func eliminateDependency(_ t: Int, sharing s: Int, among x: Int, next: inout (Int, Int)?) -> Bool
}

extension ReducingWalk {
    /// Reduces around term t, whose factor in `slot` just changed.
    @inline(__always)
    mutating func reduce(around start: Int, changed startSlot: Int) {
        // Most changed factors are held by no other term: then nothing reduces (checked here,
        // inlined into the flip, before the call).
        guard index[startSlot].recordCount[Int(index[startSlot].termRecord[start])] >= 2 else { return }
        reduceShared(around: start, changed: startSlot)
    }

    /// `reduce` where the changed factor is shared.
    mutating func reduceShared(around start: Int, changed startSlot: Int) {
        var next: (Int, Int)? = (start, startSlot)
        while let (t, slot) = next ?? popPendingReduction() {
            next = nil
            guard isAlive(t) else { continue }
            if mergeSharingTwo(t, slot, next: &next) || !checksDependencies { continue }
            // A dependency of three or more vectors, in a group of three or more terms (in a
            // smaller group a dependency is an equal pair, which the merge has ruled out).
            _ = eliminateDependency(t, sharing: slot, among: (slot + 1) % 3, next: &next)
                || eliminateDependency(t, sharing: slot, among: (slot + 2) % 3, next: &next)
        }
    }

    private mutating func popPendingReduction() -> (Int, Int)? {
        guard let item = pendingReductions.popLast() else { return nil }
        return (Int(item) / 3, Int(item) % 3)
    }
}
