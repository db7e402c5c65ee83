import ExactArithmetic

extension Scheme {
    /// A SHA-256 content hash that identifies the scheme up to the order of its terms and the
    /// rescaling (λu, μv, w/(λμ)) of each term.
    ///
    /// Normal form: in each term, u and v are divided by their first non-zero coefficient and w
    /// is multiplied by both; each term is written `u|v|w` (coefficients as `p/q`, comma
    /// separated); the terms are sorted and joined by `;` after the header `n,m,p;Q|Z2;`.
    /// The digest is of that UTF-8 text, so it is stable across platforms and versions.
    public var contentHash: String {
        SHA256.hex(Array(normalFormText.utf8))
    }

    /// The text the content hash digests (see `contentHash`).
    public var normalFormText: String {
        let normalized = terms.map { normalTermText($0.u, $0.v, $0.w) }
        return "\(shape.n),\(shape.m),\(shape.p);\(intendedRing.rawValue);" + normalized.sorted().joined(separator: ";")
    }
}

/// A coefficient field the content hash normalises in: Q or Q(i).
protocol HashedCoefficient: Equatable, CustomStringConvertible {
    static var one: Self { get }
    var isZero: Bool { get }
    static func * (a: Self, b: Self) -> Self
    static func / (a: Self, b: Self) -> Self
}

extension Rational: HashedCoefficient {}
extension GaussianRational: HashedCoefficient {}

/// One term of a content hash's normal form: u and v divided by their first non-zero
/// coefficient, w multiplied by both, written `u|v|w` with comma-separated coefficients.
func normalTermText<F: HashedCoefficient>(_ u: [F], _ v: [F], _ w: [F]) -> String {
    var (u, v, w) = (u, v, w)
    if let lead = u.first(where: { !$0.isZero }), lead != .one {
        u = u.map { $0 / lead }
        w = w.map { $0 * lead }
    }
    if let lead = v.first(where: { !$0.isZero }), lead != .one {
        v = v.map { $0 / lead }
        w = w.map { $0 * lead }
    }
    return [u, v, w].map { $0.map(\.description).joined(separator: ",") }.joined(separator: "|")
}
