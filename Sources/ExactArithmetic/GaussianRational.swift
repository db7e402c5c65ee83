/// An element a + b·i of Q(i), the Gaussian rationals, exact (both parts are GMP rationals).
public struct GaussianRational: Sendable, Hashable, CustomStringConvertible {
    public let real: Rational
    public let imaginary: Rational

    public init(_ real: Rational, _ imaginary: Rational = .zero) {
        (self.real, self.imaginary) = (real, imaginary)
    }

    public static let zero = GaussianRational(.zero)
    public static let one = GaussianRational(.one)
    /// The imaginary unit i, with i² = −1.
    public static let i = GaussianRational(.zero, .one)

    public var isZero: Bool { real.isZero && imaginary.isZero }
    public var isReal: Bool { imaginary.isZero }

    /// a − b·i.
    public var conjugate: GaussianRational { GaussianRational(real, -imaginary) }

    /// The norm a² + b², zero only for zero.
    public var norm: Rational { real * real + imaginary * imaginary }

    public static func + (x: GaussianRational, y: GaussianRational) -> GaussianRational {
        GaussianRational(x.real + y.real, x.imaginary + y.imaginary)
    }

    public static func - (x: GaussianRational, y: GaussianRational) -> GaussianRational {
        GaussianRational(x.real - y.real, x.imaginary - y.imaginary)
    }

    public static prefix func - (x: GaussianRational) -> GaussianRational { GaussianRational(-x.real, -x.imaginary) }

    /// (a + bi)(c + di) = (ac − bd) + (ad + bc)i.
    public static func * (x: GaussianRational, y: GaussianRational) -> GaussianRational {
        GaussianRational(x.real * y.real - x.imaginary * y.imaginary, x.real * y.imaginary + x.imaginary * y.real)
    }

    /// x / y = x·ȳ / |y|². Precondition: y ≠ 0.
    public static func / (x: GaussianRational, y: GaussianRational) -> GaussianRational {
        let numerator = x * y.conjugate
        let norm = y.norm
        return GaussianRational(numerator.real / norm, numerator.imaginary / norm)
    }

    /// `a`, `b*i`… written as `3`, `-1/2`, `i`, `-i`, `2i`, `1/2+3/4i`, `1-i`: the real part (if
    /// non-zero), then the imaginary part with its sign and `i` (the coefficient 1 omitted).
    /// `GaussianRational(parsing:)` reads it back.
    public var description: String {
        guard !imaginary.isZero else { return real.description }
        let magnitude = imaginary.magnitude
        let imaginaryText = (magnitude == .one ? "" : magnitude.description) + "i"
        let sign = imaginary.signum < 0 ? "-" : "+"
        if real.isZero { return (sign == "-" ? "-" : "") + imaginaryText }
        return real.description + sign + imaginaryText
    }

    /// Parses `description`'s forms (spaces allowed around the sign, `j` for `i`, `*` before
    /// it): `a`, `bi`, `a+bi`, `a-bi`, `i`, `-i`, with a and b rationals `p/q` or integers.
    public init?(parsing text: some StringProtocol) {
        var t = String(text).filter { !$0.isWhitespace && $0 != "*" }
        guard let last = t.last else { return nil }
        guard last == "i" || last == "j" else {
            guard let real = Rational(t) else { return nil }
            self.init(real)
            return
        }
        t.removeLast()
        // The imaginary part starts at the last sign that is not the first character.
        let characters = Array(t)
        var split = 0
        for index in stride(from: characters.count - 1, to: 0, by: -1) where characters[index] == "+" || characters[index] == "-" {
            split = index
            break
        }
        let realText = String(characters[..<split])
        var imaginaryText = String(characters[split...])
        if imaginaryText.isEmpty || imaginaryText == "+" { imaginaryText = "1" }
        if imaginaryText == "-" { imaginaryText = "-1" }
        if imaginaryText.hasPrefix("+") { imaginaryText.removeFirst() }
        guard let imaginary = Rational(imaginaryText) else { return nil }
        if realText.isEmpty {
            self.init(.zero, imaginary)
        } else {
            guard let real = Rational(realText) else { return nil }
            self.init(real, imaginary)
        }
    }
}
