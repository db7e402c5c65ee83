import ExactArithmetic
import Testing

@Suite struct BigIntTests {
    @Test func arithmeticMatchesMachineIntegers() {
        var seed: UInt64 = 12345
        for _ in 0..<500 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let a = Int(truncatingIfNeeded: seed >> 33) - (1 << 30)
            let b = Int(truncatingIfNeeded: seed & 0xFFFFFFF) - (1 << 27)
            #expect(BigInt(a) + BigInt(b) == BigInt(a + b))
            #expect(BigInt(a) - BigInt(b) == BigInt(a - b))
            #expect(BigInt(a) * BigInt(b) == BigInt(a * b))
            #expect((BigInt(a) < BigInt(b)) == (a < b))
        }
    }

    @Test func parsesAndPrintsHugeIntegers() {
        let text = "-123456789012345678901234567890123456789"
        #expect(BigInt(text)?.description == text)
        #expect(BigInt("12a") == nil)
        #expect(BigInt("") == nil)
        #expect(BigInt("-") == nil)
        #expect(BigInt(text)!.intValue == nil)
        #expect(BigInt("9223372036854775807")!.intValue == Int.max)
    }

    @Test func residuesAreNonNegative() {
        #expect(BigInt(-7).residue(modulo: 5) == 3)
        // 10^20 mod 7 = (10 mod 7)^20 = 3^20 mod 7 = 2
        #expect(BigInt("100000000000000000000")!.residue(modulo: 7) == 2)
    }
}

@Suite struct RationalTests {
    @Test func lowestTermsAndSign() {
        let x = Rational(numerator: 6, denominator: -4)!
        #expect(x.description == "-3/2")
        #expect(x.denominator == 2)
        #expect(Rational(numerator: 1, denominator: 0) == nil)
    }

    @Test(arguments: [("2/3", "2/3"), (" -1/8 ", "-1/8"), ("4/2", "2"), ("-0", "0"), ("+5", "5")])
    func parses(_ input: String, _ expected: String) {
        #expect(Rational(input)?.description == expected)
    }

    @Test(arguments: ["1/0", "a", "1//2", "", "1/2/3", "0x10"])
    func rejectsNonRationals(_ input: String) {
        #expect(Rational(input) == nil)
    }

    @Test func fieldAxiomsOnSamples() {
        let values = ["1/2", "-3/7", "5", "22/9", "-1"].map { Rational($0)! }
        for a in values {
            for b in values {
                #expect(a + b - b == a)
                #expect((a * b) / b == a)
                #expect(a * (b + .one) == a * b + a)
            }
        }
    }

    @Test func exactBinaryValuesOfDoubles() {
        #expect(Rational(exactly: 0.125)?.description == "1/8")
        #expect(Rational(exactly: -0.5)?.description == "-1/2")
        #expect(Rational(exactly: .infinity) == nil)
    }

    @Test func residuesAndParity() {
        let p: UInt64 = 1_000_000_007
        let half = Rational("1/2")!
        let r = half.residue(modulo: p)!
        #expect(ModP.Modulus(p).multiply(r, 2) == 1)
        #expect(half.parity == nil)
        #expect(Rational("3/5")!.parity == true)
        #expect(Rational("-4/3")!.parity == false)
        #expect(Rational("1/7")!.residue(modulo: 7) == nil)
    }

    @Test func smallIntegerCacheSharesValues() {
        #expect(Rational(-8) + Rational(8) == .zero)
        #expect(Rational(Int.min).description == "\(Int.min)")
    }
}

@Suite struct ModPTests {
    @Test func primesAreLargeAndPrime() {
        let primes = ModP.largePrimes(4)
        #expect(primes.count == 4)
        for p in primes {
            #expect(p > (1 << 61) && p < (1 << 62))
            #expect(ModP.isPrime(p))
        }
        #expect(!ModP.isPrime(561)) // Carmichael number
        #expect(ModP.isPrime(1_000_000_007))
    }

    @Test func inversesMultiplyToOne() {
        let m = ModP.Modulus(ModP.largePrimes(1)[0])
        var x: UInt64 = 3
        for _ in 0..<200 {
            x = m.multiply(x, 0x9E37_79B9_7F4A_7C15 % m.value) &+ 1
            let inverse = m.inverse(x % m.value)!
            #expect(m.multiply(x % m.value, inverse) == 1)
        }
        #expect(m.inverse(0) == nil)
        #expect(m.reduce(-1) == m.value - 1)
    }
}

@Suite struct GF2VectorTests {
    @Test func xorAndDot() {
        var a = GF2Vector(count: 130), b = GF2Vector(count: 130)
        a[0] = true; a[64] = true; a[129] = true
        b[64] = true; b[129] = true; b[5] = true
        #expect((a + b).support == [0, 5])
        #expect(a.dot(b) == false)
        #expect(a.weight == 3)
        b[129] = false
        #expect(a.dot(b) == true)
    }
}
