import Foundation

/// A model file could not be read: one line saying why.
public struct ModelFileError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// The checkpoint format of the agent's network: a text header line
/// `fmm-rl-model 1 dims A B C coefficients c1,c2,... hidden H scale S parameters N`, a newline,
/// then N little-endian Float32 parameters.
extension PolicyValueNetwork {
    static let magic = "fmm-rl-model 1"

    public func serialized() -> [UInt8] {
        let c = configuration
        let header = "\(Self.magic) dims \(c.dimensions.map(String.init).joined(separator: " ")) coefficients \(c.coefficients.map(String.init).joined(separator: ",")) hidden \(c.hidden) scale \(c.valueScale) parameters \(parameterCount)\n"
        var bytes = Array(header.utf8)
        bytes.reserveCapacity(bytes.count + 4 * parameterCount)
        for value in parameters { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        return bytes
    }

    /// Reads a model written by `serialized()`.
    public static func load(_ bytes: [UInt8]) throws -> PolicyValueNetwork {
        guard let newline = bytes.prefix(512).firstIndex(of: 10) else { throw ModelFileError("not an fmm model file (no header line)") }
        let words = String(decoding: bytes[..<newline], as: UTF8.self).split(separator: " ").map(String.init)
        guard words.count == 14, words[0...1] == ["fmm-rl-model", "1"], words[2] == "dims", words[6] == "coefficients",
              words[8] == "hidden", words[10] == "scale", words[12] == "parameters",
              let a = Int(words[3]), let b = Int(words[4]), let c = Int(words[5]), [a, b, c].allSatisfy({ (1...4096).contains($0) }),
              let hidden = Int(words[9]), (1...4096).contains(hidden), let scale = Float(words[11]), scale > 0,
              let count = Int(words[13]) else {
            throw ModelFileError("not an fmm model file (bad header)")
        }
        let coefficients = words[7].split(separator: ",").compactMap { Int32($0) }
        guard (1...9).contains(coefficients.count), coefficients.count % 2 == 1 else { throw ModelFileError("bad coefficient set in the model header") }
        let configuration = Configuration(dimensions: [a, b, c], coefficients: coefficients, hidden: hidden, valueScale: scale)
        var generator = SystemRandomNumberGenerator()
        guard Int64(a) * Int64(b) * Int64(c) * 5 * Int64(hidden) <= 1 << 28 else { throw ModelFileError("model too large") }
        let network = PolicyValueNetwork(configuration, using: &generator)
        guard count == network.parameterCount, bytes.count - newline - 1 == 4 * count else {
            throw ModelFileError("model file has \(bytes.count - newline - 1) bytes of parameters, expected \(4 * network.parameterCount)")
        }
        var offset = newline + 1
        for i in 0..<count {
            var bits: UInt32 = 0
            for k in 0..<4 { bits |= UInt32(bytes[offset + k]) << (8 * UInt32(k)) }
            let value = Float(bitPattern: bits)
            guard value.isFinite else { throw ModelFileError("model parameter \(i) is not finite") }
            network.parameters[i] = value
            offset += 4
        }
        return network
    }
}
