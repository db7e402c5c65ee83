import Foundation
import SchemeModel

/// A file could not be read as a scheme: where (line, or byte offset for binary files) and what
/// was expected. Its description is one line.
public struct FormatError: Error, CustomStringConvertible, Sendable {
    public enum Location: Sendable {
        case whole
        case line(Int)
        case offset(Int)
        case entry(String)
    }

    public var file: String
    public var location: Location
    public var message: String

    public init(file: String = "", _ location: Location = .whole, _ message: String) {
        (self.file, self.location, self.message) = (file, location, message)
    }

    /// An error about the file as a whole.
    public init(_ message: String) { self.init(file: "", .whole, message) }

    public var description: String {
        let place: String
        switch location {
        case .whole: place = ""
        case .line(let l): place = ":\(l)"
        case .offset(let o): place = " at byte \(o)"
        case .entry(let e): place = " [\(e)]"
        }
        let flat = message.replacingOccurrences(of: "\n", with: " ")
        return file.isEmpty ? "\(place.isEmpty ? "" : String(place.drop(while: { $0 == ":" })) + ": ")\(flat)" : "\(file)\(place): \(flat)"
    }

    /// The same error attributed to `file`.
    public func `in`(_ file: String) -> FormatError {
        var copy = self
        copy.file = file
        return copy
    }

    static func limit(_ error: LimitError, _ location: Location = .whole) -> FormatError {
        FormatError(location, error.description)
    }
}
