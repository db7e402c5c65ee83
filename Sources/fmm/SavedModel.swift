import ArgumentParser
import Foundation
import RLSearch
import SchemeModel

/// A policy/value network saved with `--model`, as `fmm search` and `fmm bench rl` read it.
struct SavedModel {
    let path: String
    let bytes: [UInt8]

    /// Reads the file and checks that it loads; an unreadable or damaged file is a one-line
    /// error (prefixed with `command`) and exit 2.
    init(path: String, command: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("\(command): cannot read the model \(path)")
            throw ExitCode(2)
        }
        do { _ = try PolicyValueNetwork.load(Array(data)) } catch {
            printError("\(command): \(path): \(error)")
            throw ExitCode(2)
        }
        (self.path, bytes) = (path, Array(data))
    }

    /// An agent that starts from this model (its own copy of the weights, pretraining skipped);
    /// a model for another shape or network size is a one-line error and exit 2.
    func agent(shape: Shape, settings: RLAgent.Settings, seed: UInt64, command: String) throws -> RLAgent {
        let network = try PolicyValueNetwork.load(bytes)
        let agent = RLAgent(shape: shape, settings: settings, seed: seed, network: network)
        guard agent.network === network else {
            printError("\(command): the model \(path) was trained for another shape or network size")
            throw ExitCode(2)
        }
        return agent
    }
}
