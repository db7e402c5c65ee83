import Catalogue
import Checker
import SchemeFormats
import SchemeModel

/// libFuzzer entry points for every reader and for `check` end to end. Built only by
/// `tools/fuzz.sh` (with `-sanitize=fuzzer,address -DFUZZING`); the target is chosen by
/// `FMM_FUZZ_TARGET`: json, exp, m, npz, digest, perminov (flip_graph text), algorithm
/// (`m1 = …` / `c11 = …`, flip-cpd's .txt), flipcpd (flip-cpd's .npy), notebook (.ipynb and
/// Python decompositions) or check. Errors are expected outcomes; a crash,
/// trap, leak or hang is a finding.
enum FuzzTarget: String {
    case json, exp, m, npz, digest, perminov, algorithm, flipcpd, notebook, check

    /// Small limits keep each input's work bounded, as a user's flags would.
    static let limits = Limits(maxDimension: 12, maxTensorEntries: 1 << 18, maxRank: 2_000,
                               maxCoefficientDigits: 200, maxFileBytes: 1 << 20, maxNestingDepth: 64)

    func run(_ bytes: [UInt8]) {
        switch self {
        case .json:
            if let document = try? JSONValue.parse(bytes, maxDepth: FuzzTarget.limits.maxNestingDepth) {
                _ = try? JSONSchemeFormat.scheme(from: document, limits: FuzzTarget.limits)
            }
        case .exp:
            _ = try? ProductLineFormat.read(String(decoding: bytes, as: UTF8.self), limits: FuzzTarget.limits)
        case .m:
            _ = try? MathematicaFormat.read(String(decoding: bytes, as: UTF8.self), limits: FuzzTarget.limits)
        case .npz:
            _ = try? SchemeFile.read(bytes: bytes, name: "input.npz", limits: FuzzTarget.limits)
        case .digest:
            _ = try? RankDigest.parse(bytes)
        case .perminov:
            _ = try? PerminovTextFormat.read(String(decoding: bytes, as: UTF8.self), limits: FuzzTarget.limits)
        case .algorithm:
            _ = try? AlgorithmFormat.read(String(decoding: bytes, as: UTF8.self), limits: FuzzTarget.limits)
        case .flipcpd:
            _ = try? SchemeFile.read(bytes: bytes, name: "gg-333-rank23-fuzz.npy", limits: FuzzTarget.limits)
        case .notebook:
            _ = try? SchemeFile.read(bytes: bytes, name: "input.ipynb", limits: FuzzTarget.limits)
        case .check:
            guard let schemes = try? SchemeFile.read(bytes: bytes, name: "input", limits: FuzzTarget.limits) else { return }
            for named in schemes { _ = Checker().verify(named.scheme) }
        }
    }
}

#if FUZZING
import Foundation

nonisolated(unsafe) let selectedTarget = FuzzTarget(rawValue: ProcessInfo.processInfo.environment["FMM_FUZZ_TARGET"] ?? "check") ?? .check

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM links an executable's entry point as `<module>_main`; it hands control to libFuzzer.
@_cdecl("fmm_fuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        guard let data else { return 0 }
        selectedTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
}
#else
@main
struct FuzzTargetHelp {
    static func main() {
        print("fmm-fuzz is a libFuzzer target; build and run it with tools/fuzz.sh")
    }
}
#endif
