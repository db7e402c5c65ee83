import Foundation
import SchemeFormats
import SchemeModel

/// The digest format of the online fmm catalogue (`fmm_sota.json`): `{"entries": [{"format":
/// [a, b, c], "rank": R, ...}, ...]}` with formats sorted ascending. Read so users can compare
/// against the latest online table.
public enum RankDigest {
    /// Best known rank per sorted shape.
    public static func read(path: String) throws(FormatError) -> [Shape: Int] {
        guard let data = FileManager.default.contents(atPath: path) else { throw FormatError(file: path, .whole, "cannot read the file") }
        do { return try parse([UInt8](data)) } catch { throw error.in(path) }
    }

    /// Best known rank per sorted shape from the digest's bytes.
    public static func parse(_ bytes: [UInt8]) throws(FormatError) -> [Shape: Int] {
        let document = try JSONValue.parse(bytes)
        guard case .array(let entries)? = document["entries"] else {
            throw FormatError("not a rank digest: expected an object with an \"entries\" array")
        }
        var ranks: [Shape: Int] = [:]
        for (i, entry) in entries.enumerated() {
            guard case .array(let format)? = entry["format"], format.count == 3, case .number(let rankText)? = entry["rank"],
                  let rank = Int(rankText), rank > 0 else {
                throw FormatError(.entry("entry \(i + 1)"), "expected {\"format\": [a, b, c], \"rank\": R}")
            }
            var dims: [Int] = []
            for value in format {
                guard case .number(let t) = value, let d = Int(t), (1...1024).contains(d) else {
                    throw FormatError(.entry("entry \(i + 1)"), "format must hold three integers from 1 to 1024")
                }
                dims.append(d)
            }
            dims.sort()
            ranks[Shape(dims[0], dims[1], dims[2])] = rank
        }
        return ranks
    }
}
