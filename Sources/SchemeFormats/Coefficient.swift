import ExactArithmetic
import SchemeModel

/// Reading a coefficient from text, within `Limits`.
enum Coefficient {
    /// Parses `7`, `-3`, `2/3`, `-1/8`, and decimals such as `0.5` or `1.25e-1` (exactly, as the
    /// decimal they denote); `nil` when the text is none of these. Throws when a numerator or
    /// denominator would exceed `limits.maxCoefficientDigits` digits.
    static func parse(_ text: Substring, limits: Limits) throws(LimitError) -> Rational? {
        // Fast path: the short plain integers that make up almost every scheme file.
        if text.utf8.count <= 18, let small = Int(text) { return Rational(small) }
        let t = text.trimmingCharacters()
        guard !t.isEmpty, t.utf8.count <= 2 * limits.maxCoefficientDigits + 8 else {
            if t.utf8.count > 2 * limits.maxCoefficientDigits + 8 {
                throw LimitError("coefficient with more than \(limits.maxCoefficientDigits) digits")
            }
            return nil
        }
        if t.contains(where: { $0 == "/" }) || !t.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
            for part in t.split(separator: "/") where part.filter(\.isNumber).count > limits.maxCoefficientDigits {
                throw LimitError("coefficient with more than \(limits.maxCoefficientDigits) digits")
            }
            return Rational(t)
        }
        // Decimal: mantissa digits with a point, optional exponent.
        var mantissa = t, exponent = 0
        if let e = t.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let x = Int(t[t.index(after: e)...]), abs(x) <= limits.maxCoefficientDigits else {
                if Int(t[t.index(after: e)...]) != nil { throw LimitError("decimal exponent beyond \(limits.maxCoefficientDigits)") }
                return nil
            }
            exponent = x
            mantissa = t[..<e]
        }
        var digits = mantissa
        if let dot = mantissa.firstIndex(of: ".") {
            let fraction = mantissa[mantissa.index(after: dot)...]
            exponent -= fraction.count
            digits = mantissa[..<dot] + fraction
        }
        guard let integer = BigInt(digits) else { return nil }
        let power = Rational(Coefficient.tenToThe(abs(exponent)))
        return exponent >= 0 ? Rational(integer) * power : Rational(integer) / power
    }

    static func tenToThe(_ k: Int) -> BigInt {
        var result = BigInt(1)
        for _ in 0..<k { result *= 10 }
        return result
    }
}

extension StringProtocol {
    func trimmingCharacters() -> Substring {
        let s = Substring(self)
        guard let start = s.firstIndex(where: { !$0.isWhitespace }), let end = s.lastIndex(where: { !$0.isWhitespace }) else {
            return s[s.endIndex...]
        }
        return s[start...end]
    }
}
