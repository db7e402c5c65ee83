import ExactArithmetic

extension Scheme {
    /// The largest |numerator| or denominator among the coefficients of all factors (1 for a
    /// scheme with coefficients in {-1, 0, 1}, 0 for one without terms; `Int.max` when one does
    /// not fit in 64 bits). Of two schemes of equal rank valid over the same ring, the one of
    /// smaller height is the one a user writes down or compiles.
    public var coefficientHeight: Int {
        var largest = 0
        for term in terms {
            for c in term.u + term.v + term.w where !c.isZero {
                guard let (p, q) = c.smallFraction, p != .min else { return .max }
                largest = max(largest, abs(p), q)
            }
        }
        return largest
    }
}
