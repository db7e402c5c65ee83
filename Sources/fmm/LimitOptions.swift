import ArgumentParser
import SchemeModel

/// Flags that raise the resource limits applied to untrusted input (see `Limits`).
struct LimitOptions: ParsableArguments {
    @Option(help: "Largest matrix dimension accepted.")
    var maxDimension = Limits.standard.maxDimension
    @Option(help: "Largest tensor size (nm)(mp)(pn) accepted.")
    var maxTensorEntries = Limits.standard.maxTensorEntries
    @Option(help: "Largest rank accepted.")
    var maxRank = Limits.standard.maxRank
    @Option(help: "Largest number of digits in a coefficient.")
    var maxCoefficientDigits = Limits.standard.maxCoefficientDigits
    @Option(help: "Largest input file in bytes.")
    var maxFileBytes = Limits.standard.maxFileBytes
    @Option(help: "Deepest nesting of brackets in an input.")
    var maxNestingDepth = Limits.standard.maxNestingDepth
    @Option(help: "Most arrays in an npz archive.")
    var maxArchiveEntries = Limits.standard.maxArchiveEntries

    var limits: Limits {
        Limits(maxDimension: maxDimension, maxTensorEntries: maxTensorEntries, maxRank: maxRank,
               maxCoefficientDigits: maxCoefficientDigits, maxFileBytes: maxFileBytes,
               maxNestingDepth: maxNestingDepth, maxArchiveEntries: maxArchiveEntries)
    }
}
