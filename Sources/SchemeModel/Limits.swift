/// Resource limits checked before anything is allocated for untrusted input.
///
/// Every reader and the checker take a `Limits`; the CLI can raise them with flags.
public struct Limits: Sendable {
    /// Largest matrix dimension n, m or p.
    public var maxDimension: Int
    /// Largest number of entries (nm)(mp)(pn) of a tensor we agree to check (2^30 covers ⟨32,32,32⟩).
    public var maxTensorEntries: Int
    /// Largest rank (number of products) of a scheme.
    public var maxRank: Int
    /// Largest number of decimal digits of a coefficient's numerator or denominator.
    public var maxCoefficientDigits: Int
    /// Largest size of an input file in bytes.
    public var maxFileBytes: Int
    /// Deepest nesting of brackets (JSON arrays, parentheses, Mathematica lists).
    public var maxNestingDepth: Int
    /// Most entries (arrays) in an npz archive.
    public var maxArchiveEntries: Int

    public init(maxDimension: Int = 64, maxTensorEntries: Int = 1 << 30, maxRank: Int = 100_000,
                maxCoefficientDigits: Int = 1_000, maxFileBytes: Int = 256 << 20, maxNestingDepth: Int = 64,
                maxArchiveEntries: Int = 10_000) {
        self.maxDimension = maxDimension
        self.maxTensorEntries = maxTensorEntries
        self.maxRank = maxRank
        self.maxCoefficientDigits = maxCoefficientDigits
        self.maxFileBytes = maxFileBytes
        self.maxNestingDepth = maxNestingDepth
        self.maxArchiveEntries = maxArchiveEntries
    }

    /// The defaults.
    public static let standard = Limits()

    /// Throws unless `rank` is within 1...maxRank.
    public func check(rank: Int) throws(LimitError) {
        guard rank >= 1 && rank <= maxRank else {
            throw LimitError("rank \(rank) outside 1...\(maxRank)")
        }
    }
}

/// An input exceeds one of the `Limits`.
public struct LimitError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
