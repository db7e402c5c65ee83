import SchemeModel

extension Scheme {
    /// The extension along `axis` by one (Kauers–Wood's extension edge of the meta flip graph):
    /// 0 adds a row of A and C (⟨n+1,m,p⟩), 1 an inner index (⟨n,m+1,p⟩), 2 a column of B and C
    /// (⟨n,m,p+1⟩). The terms are this scheme's, embedded, followed by the naive terms of the new
    /// slice (`directSum` with the naive ⟨1,m,p⟩, ⟨n,1,p⟩ or ⟨n,m,1⟩), so the rank grows by m·p,
    /// n·p or n·m. Correct over every ring this scheme is.
    ///
    /// The naive terms share factors with one another and with the old terms, which gives a flip
    /// walk reductions to take: from ⟨4,5,6⟩ 90 extended to ⟨4,5,7⟩ (rank 110) the GF(2) walk
    /// reached 104 in 60 s, where from the direct sum ⟨4,5,2⟩ ⊕ ⟨4,5,5⟩ (109) it found none in 80 s.
    public func extended(axis: Int) -> Scheme {
        precondition((0..<3).contains(axis), "an extension's axis is 0, 1 or 2")
        let slice = switch axis {
        case 0: Shape(1, shape.m, shape.p)
        case 1: Shape(shape.n, 1, shape.p)
        default: Shape(shape.n, shape.m, 1)
        }
        return .directSum(self, .naive(slice), axis: axis)
    }
}
