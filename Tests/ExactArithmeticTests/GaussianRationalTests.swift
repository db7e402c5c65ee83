import ExactArithmetic
import TestSupport
import Testing

/// Q(i): field operations cross-checked against each other, and the text form read back.
@Suite struct GaussianRationalTests {
    static func random(_ rng: inout SeededGenerator) -> GaussianRational {
        func part() -> Rational {
            let numerator = Int(rng.next() % 41) - 20
            let denominator = Int(rng.next() % 6) + 1
            return rng.next() % 3 == 0 ? .zero : Rational(numerator) / Rational(denominator)
        }
        return GaussianRational(part(), part())
    }

    /// i² = −1; (x·y)/y = x; x·x̄ = |x|²; (x + y) − y = x, on seeded random Gaussian rationals.
    @Test func fieldIdentitiesHold() {
        #expect(GaussianRational.i * .i == GaussianRational(-1))
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<300 {
            let (x, y) = (Self.random(&rng), Self.random(&rng))
            #expect((x + y) - y == x)
            #expect(x * x.conjugate == GaussianRational(x.norm))
            if !y.isZero { #expect((x * y) / y == x) }
        }
    }

    /// `description` is read back by `init(parsing:)`, and the written forms of the field parse.
    @Test func textRoundTrips() throws {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<300 {
            let x = Self.random(&rng)
            #expect(GaussianRational(parsing: x.description) == x, "\(x)")
        }
        let cases: [(String, GaussianRational)] = [
            ("i", .i), ("-i", -.i), ("2i", GaussianRational(.zero, 2)), ("1-i", GaussianRational(1, -1)),
            ("-1/2+3/4i", GaussianRational(Rational(-1) / Rational(2), Rational(3) / Rational(4))), ("3", GaussianRational(3)),
            ("1 + 2*j", GaussianRational(1, 2)), ("-1/2", GaussianRational(Rational(-1) / Rational(2))),
        ]
        for (text, value) in cases { #expect(GaussianRational(parsing: text) == value, "\(text)") }
        for bad in ["", "i2", "1+", "a+bi", "1//2i", "ii"] { #expect(GaussianRational(parsing: bad) == nil, "\(bad)") }
    }
}
