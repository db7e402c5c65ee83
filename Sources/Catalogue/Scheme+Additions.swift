import SchemeModel

extension Scheme {
    /// Additions of the straightforward evaluation: forming each product's two linear forms
    /// costs nnz(u_r) − 1 and nnz(v_r) − 1, and each entry of C, a combination of the products
    /// with non-zero w coefficient there, costs their number minus one. Scalings are not counted.
    public var naiveAdditionCount: Int {
        var count = 0
        for term in terms {
            count += max(0, term.u.filter { !$0.isZero }.count - 1)
            count += max(0, term.v.filter { !$0.isZero }.count - 1)
        }
        for z in 0..<shape.wCount {
            count += max(0, terms.filter { !$0.w[z].isZero }.count - 1)
        }
        return count
    }
}
