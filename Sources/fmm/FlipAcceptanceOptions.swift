import ArgumentParser
import FlipGraph
import Foundation
import RLSearch

/// `--sparsity-bias` and `--flip-policy`: which drawn flips the plain walk over GF(2) makes
/// (`FlipAcceptance`), for `fmm search` and `fmm bench flips`.
struct FlipAcceptanceOptions: ParsableArguments {
    @Option(name: .customLong("sparsity-bias"), help: "The plain walk over GF(2): make a flip that adds d non-zero entries to the factors it changes only with probability e^(-βd), for this β within 0...100 (0: uniform flips). Sparse factors merge more often: 0.1 reached 3x4x5 48 from the naive scheme for 9 seeds of 10 within 20 s, the uniform walk for 4.")
    var sparsityBias = 0.0

    @Option(name: .customLong("flip-policy"), help: "The plain walk over GF(2): make a flip with the probability a learned policy file (fmm learn-flips) gives its change in factor weight.")
    var flipPolicy: String?

    var isUniform: Bool { sparsityBias == 0 && flipPolicy == nil }

    /// The rule and a note naming it (empty for uniform flips); a bad value or policy file is a
    /// one-line error prefixed with `command` and exit 2.
    func acceptance(command: String) throws -> (rule: FlipAcceptance, note: String) {
        guard (0...100).contains(sparsityBias) else {
            printError("\(command): --sparsity-bias must be within 0...100")
            throw ExitCode(2)
        }
        guard let path = flipPolicy else {
            return sparsityBias == 0 ? (.uniform, "") : (.sparsityBias(sparsityBias), "sparsity bias \(sparsityBias)")
        }
        guard sparsityBias == 0 else {
            printError("\(command): give --sparsity-bias or --flip-policy, not both")
            throw ExitCode(2)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("\(command): cannot read the flip policy \(path)")
            throw ExitCode(2)
        }
        do {
            let file = try FlipPolicyFile.load(data)
            return (file.acceptance, "flip policy \((path as NSString).lastPathComponent) (learned on \(file.trainedOn), seed \(file.seed))")
        } catch {
            printError("\(command): \(path): \(error)")
            throw ExitCode(2)
        }
    }
}
