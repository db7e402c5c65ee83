import ExactArithmetic

/// A family of linear forms Σ c_x·x over variables 0..<inputCount, and a program that evaluates
/// them with fewer additions by sharing common subexpressions (addition reduction).
///
/// Greedy pair elimination: while some pair c·(x + λ·y) occurs (with the same ratio λ) in two or
/// more forms, introduce the temporary t = x + λ·y, numbered after the existing variables, and
/// rewrite those forms to use c·t. Each step saves (occurrences − 1) additions. Deterministic:
/// ties go to the smallest (x, y) and then the smallest ratio text. When every coefficient is
/// dyadic (a power-of-two denominator, exact in binary floating point), so must every ratio be:
/// x − (2/3)·y would make an exact integer scheme round in floating point.
public struct LinearProgram: Sendable {
    /// t_j = x + λ·y, for j = 0, 1, ...; the variable index of t_j is `inputCount + j`.
    public struct Temporary: Sendable, Equatable {
        public let x: Int
        public let y: Int
        public let lambda: Rational
    }

    public let inputCount: Int
    public private(set) var temporaries: [Temporary] = []
    /// The forms after rewriting, as (variable, coefficient) pairs sorted by variable.
    public private(set) var forms: [[(variable: Int, coefficient: Rational)]]
    /// The forms as given.
    public let formsBefore: [[(variable: Int, coefficient: Rational)]]

    /// Additions to evaluate `forms` term by term: Σ (terms − 1).
    public static func naiveAdditions(_ forms: [[(variable: Int, coefficient: Rational)]]) -> Int {
        forms.reduce(0) { $0 + max(0, $1.count - 1) }
    }

    /// Additions of the reduced program: one per temporary plus Σ (terms − 1) of the rewritten forms.
    public var additions: Int { temporaries.count + LinearProgram.naiveAdditions(forms) }

    /// Builds the reduced program for `forms` (each a sparse list of non-zero coefficients).
    /// `reduce: false` keeps the forms as they are.
    public init(inputCount: Int, forms: [[(variable: Int, coefficient: Rational)]], reduce: Bool = true) {
        self.inputCount = inputCount
        self.forms = forms.map { $0.sorted { $0.variable < $1.variable } }
        formsBefore = self.forms
        dyadicOnly = forms.allSatisfy { $0.allSatisfy { LinearProgram.isDyadic($0.coefficient) } }
        guard reduce else { return }
        while let (x, y, lambda) = mostFrequentPair() { introduce(x, y, lambda) }
    }

    /// Whether ratios must keep a power-of-two denominator (all given coefficients do).
    let dyadicOnly: Bool

    static func isDyadic(_ c: Rational) -> Bool {
        guard let (_, q) = c.smallFraction else { return false }
        return q & (q - 1) == 0
    }

    private struct PairKey: Hashable, Comparable {
        let x: Int, y: Int, ratio: String
        static func < (a: PairKey, b: PairKey) -> Bool { (a.x, a.y, a.ratio) < (b.x, b.y, b.ratio) }
    }

    private func mostFrequentPair() -> (Int, Int, Rational)? {
        var counts: [PairKey: Int] = [:]
        var ratios: [PairKey: Rational] = [:]
        for form in forms where form.count >= 2 {
            for i in 0..<form.count {
                for j in (i + 1)..<form.count {
                    let lambda = form[j].coefficient / form[i].coefficient
                    if dyadicOnly && !LinearProgram.isDyadic(lambda) { continue }
                    let key = PairKey(x: form[i].variable, y: form[j].variable, ratio: lambda.description)
                    counts[key, default: 0] += 1
                    ratios[key] = lambda
                }
            }
        }
        guard let best = counts.filter({ $0.value >= 2 }).max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) else { return nil }
        return (best.key.x, best.key.y, ratios[best.key]!)
    }

    private mutating func introduce(_ x: Int, _ y: Int, _ lambda: Rational) {
        let t = inputCount + temporaries.count
        temporaries.append(Temporary(x: x, y: y, lambda: lambda))
        for f in forms.indices {
            guard let i = forms[f].firstIndex(where: { $0.variable == x }),
                  let j = forms[f].firstIndex(where: { $0.variable == y }),
                  forms[f][j].coefficient / forms[f][i].coefficient == lambda else { continue }
            let c = forms[f][i].coefficient
            forms[f] = forms[f].filter { $0.variable != x && $0.variable != y } + [(t, c)]
        }
    }
}
