import ExactArithmetic

extension GaussianScheme {
    /// Term r's factors as Gaussian rationals: (u + iu', v + iv', w + iw').
    public func gaussianTerm(_ r: Int) -> (u: [GaussianRational], v: [GaussianRational], w: [GaussianRational]) {
        let (a, b) = (real.terms[r], imaginary.terms[r])
        return (zip(a.u, b.u).map { GaussianRational($0, $1) }, zip(a.v, b.v).map { GaussianRational($0, $1) },
                zip(a.w, b.w).map { GaussianRational($0, $1) })
    }

    /// A SHA-256 content hash identifying the scheme up to the order of its terms and the
    /// rescaling (λu, μv, w/(λμ)) of each term by non-zero λ, μ in Q(i): the normal form of
    /// `Scheme.contentHash` with Gaussian coefficients (u and v divided by their first non-zero
    /// coefficient, w multiplied by both; coefficients written as `GaussianRational` describes
    /// them) after the header `n,m,p;QI;`. A scheme whose imaginary parts all vanish has its
    /// real part's hash.
    public var contentHash: String {
        isReal ? real.contentHash : SHA256.hex(Array(normalFormText.utf8))
    }

    /// The text the content hash digests for a scheme with an imaginary part.
    public var normalFormText: String {
        let normalized = (0..<rank).map { r -> String in
            let (u, v, w) = gaussianTerm(r)
            return normalTermText(u, v, w)
        }
        return "\(shape.n),\(shape.m),\(shape.p);QI;" + normalized.sorted().joined(separator: ";")
    }
}
