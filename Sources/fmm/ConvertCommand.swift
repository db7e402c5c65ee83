import ArgumentParser
import SchemeFormats

/// `fmm convert FILE --to FORMAT --out PATH`: rewrites schemes in another format.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Write the schemes of a file in another format (json, exp, m, npz, perminov-txt or algorithm)."
    )

    @Argument(help: "A scheme file in any supported format.")
    var file: String

    @Option(help: "Output format: json, exp (product lines), m (Mathematica), npz (AlphaTensor), perminov-txt (flip_graph's text) or algorithm (m1 = … / c11 = …).")
    var to: FormatArgument

    @Option(help: "Output path (written atomically); standard output when omitted (text formats).")
    var out: String?

    @Option(help: "For a file holding several schemes (npz), the entry to take, e.g. 4,4,4.")
    var entry: String?

    @OptionGroup var limitOptions: LimitOptions

    func run() throws {
        do {
            var schemes = try SchemeFile.read(path: file, limits: limitOptions.limits)
            if let entry {
                schemes = schemes.filter { $0.entry == entry }
                guard !schemes.isEmpty else { throw FormatError(file: file, .entry(entry), "no such entry") }
            }
            let bytes = try SchemeFile.contents(schemes.map(\.scheme), format: to.value)
            if let out {
                try SchemeFile.writeAtomically(bytes, to: out)
            } else {
                guard to.value != .npz else { throw FormatError("npz output needs --out PATH") }
                print(String(decoding: bytes, as: UTF8.self), terminator: "")
            }
        } catch {
            printError("fmm convert: \(error)")
            throw ExitCode(2)
        }
    }
}

struct FormatArgument: ExpressibleByArgument {
    let value: SchemeFormat
    init?(argument: String) {
        guard let format = SchemeFormat(rawValue: argument), Self.allValueStrings.contains(argument) else { return nil }
        value = format
    }
    static var allValueStrings: [String] { ["json", "exp", "m", "npz", "perminov-txt", "algorithm"] }
}
