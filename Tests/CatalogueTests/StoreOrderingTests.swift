import Catalogue
import Derivation
import Foundation
import SchemeModel
import TestSupport
import Testing

/// A scheme given for an unsorted ordering of its shape is stored for the sorted shape, so it is
/// judged against that shape's entries (before, ⟨3,2,3⟩ went to its own folder beside ⟨2,3,3⟩,
/// where no entry dominated it).
@Suite struct StoreOrderingTests {
    static let provenance = Provenance(method: "test", date: "2026-12-02T00:00:00Z", fmmVersion: "test")

    @Test func anUnsortedShapeIsStoredSortedAndJudgedAgainstItsEntries() throws {
        let store = Store(root: try FMMProcess.temporaryDirectory())
        let naive = Scheme.naive(Shape(2, 3, 3))
        guard case .added = try store.add(naive, provenance: Self.provenance) else { Issue.record("the naive 2x3x3 was not added"); return }
        // The same scheme rearranged for ⟨3,2,3⟩ (and ⟨3,3,2⟩) is the stored one, not a new entry.
        for ordering in [Shape(3, 2, 3), Shape(3, 3, 2)] {
            let rearranged = try #require(naive.permuted(to: ordering))
            let outcome = try store.add(rearranged, provenance: Self.provenance)
            switch outcome {
            case .duplicate, .notBetter: break
            default: Issue.record("\(ordering): expected a duplicate or not better, got \(outcome)")
            }
        }
        // A better scheme for ⟨3,3,2⟩ replaces the ⟨2,3,3⟩ entry, in the sorted folder.
        let better = try #require(Scheme.directSum(Scheme.strassen, Scheme.naive(Shape(2, 2, 1)), axis: 2).permuted(to: Shape(3, 2, 2)))
        guard case .added(let entry) = try store.add(better, provenance: Self.provenance) else { Issue.record("the rank-11 scheme was not added"); return }
        #expect(entry.path.hasPrefix("catalogue/2x2x3/"))
        #expect(entry.scheme.shape == Shape(2, 2, 3))
        let folders = try FileManager.default.contentsOfDirectory(atPath: store.root.appendingPathComponent("catalogue").path).sorted()
        #expect(folders == ["2x2x3", "2x3x3"])
        #expect(store.verify().isEmpty)
    }
}
