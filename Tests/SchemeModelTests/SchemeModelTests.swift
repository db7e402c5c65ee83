import ExactArithmetic
import SchemeModel
import TestSupport
import Testing

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownDigests(_ message: String, _ digest: String) {
        #expect(SHA256.hex(Array(message.utf8)) == digest)
    }

    @Test func longMessageSpansBlocks() {
        // One million 'a' (FIPS 180-2 appendix B.3).
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

@Suite struct ShapeTests {
    @Test func parsesAndLimits() throws {
        #expect(try Shape(parsing: "2x3x4") == Shape(2, 3, 4))
        #expect(throws: LimitError.self) { try Shape(parsing: "65x2x2") }
        #expect(throws: LimitError.self) { try Shape(parsing: "0x2x2") }
        #expect(throws: LimitError.self) { try Shape(parsing: "64x64x64") } // tensor too large
        #expect(throws: LimitError.self) { try Shape(parsing: "2x3") }
    }

    @Test func symmetryShapes() {
        let s = Shape(2, 3, 4)
        #expect(s.cycled == Shape(3, 4, 2))
        #expect(s.transposed == Shape(4, 3, 2))
        #expect(Shape(4, 2, 3).normalized == Shape(2, 3, 4))
    }
}

@Suite struct ContentHashTests {
    @Test func invariantUnderTermOrderAndScaling() {
        var rng = SeededGenerator(seed: 7)
        let naive = Scheme.naive(Shape(2, 2, 3))
        var shuffled = naive
        shuffled.terms.shuffle(using: &rng)
        #expect(shuffled.contentHash == naive.contentHash)
        let rescaled = SchemeMutations.rescaled(naive, using: &rng)
        #expect(rescaled.contentHash == naive.contentHash)
        #expect(naive.contentHash.count == 64)
    }

    @Test func distinguishesDifferentSchemes() {
        let naive = Scheme.naive(Shape(2, 2, 2))
        let changed = SchemeMutations.perturbed(naive, term: 0, factor: 2, index: 1, by: .one)
        #expect(changed.contentHash != naive.contentHash)
        var modTwo = naive
        modTwo.intendedRing = .gf2
        #expect(modTwo.contentHash != naive.contentHash)
    }
}

@Suite struct SymmetryTests {
    @Test func cyclingThreeTimesIsIdentity() {
        var rng = SeededGenerator(seed: 3)
        let scheme = SchemeMutations.rescaled(Scheme.naive(Shape(2, 3, 4)), using: &rng)
        #expect(scheme.cycled().cycled().cycled() == scheme)
        #expect(scheme.transposed().transposed() == scheme)
    }

    @Test(arguments: [Shape(2, 3, 4), Shape(4, 3, 2), Shape(3, 2, 4), Shape(2, 4, 3), Shape(3, 4, 2), Shape(4, 2, 3)])
    func permutedReachesEveryOrdering(_ target: Shape) {
        let scheme = Scheme.naive(Shape(2, 3, 4))
        #expect(scheme.permuted(to: target)?.shape == target)
        #expect(scheme.permuted(to: Shape(2, 2, 2)) == nil)
    }
}
