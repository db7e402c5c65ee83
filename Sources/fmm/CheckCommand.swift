import ArgumentParser
import Checker
import Foundation
import SchemeFormats
import SchemeModel

/// `fmm check FILE...`: verifies every scheme in every file exactly.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify the Brent equations of every scheme in the given files, exactly.",
        discussion: """
        Formats are recognised by content: JSON full schemes, product lines (.exp), Mathematica \
        lists (.m) and AlphaTensor's .npz archives. Each scheme is judged over the ring it \
        declares (mod 2 for "z2": true and for file names with mod2 or f2), or the one given \
        with --ring. Exit status: 0 all valid, 1 some scheme is wrong, 2 some file could not be read.
        """
    )

    @Argument(help: "Scheme files.")
    var files: [String]

    @Flag(help: "Print a JSON array with one object per scheme.")
    var json = false

    @Option(help: "Judge every scheme over this ring: Q or Z2 (default: the ring each file declares).")
    var ring: RingArgument?

    @Option(help: "Arithmetic over Q: automatic (fastest proof), modular or exact (GMP rationals).")
    var method: MethodArgument = .automatic

    @OptionGroup var limitOptions: LimitOptions

    func run() throws {
        let checker = Checker(method: method.value)
        var unreadable = false, invalid = false
        var reports: [JSONValue] = []
        for file in files {
            let schemes: [NamedScheme]
            do {
                schemes = try SchemeFile.read(path: file, limits: limitOptions.limits, allowingComplex: true)
            } catch {
                unreadable = true
                printError("fmm check: \(error.description)")
                reports.append(.object([("file", .string(file)), ("error", .string(error.description))]))
                continue
            }
            for named in schemes {
                if let gaussian = named.gaussian {
                    let verdict = checker.verify(gaussian)
                    if !verdict.valid { invalid = true }
                    if json { reports.append(VerdictReport.json(named, verdict)) } else { print(VerdictReport.text(named, verdict)) }
                    continue
                }
                let verdict = checker.verify(named.scheme, over: ring?.value)
                if !verdict.valid { invalid = true }
                if json {
                    reports.append(VerdictReport.json(named, verdict))
                } else {
                    print(VerdictReport.text(named, verdict))
                }
            }
        }
        if json { print(JSONValue.array(reports).serialized()) }
        if unreadable { throw ExitCode(2) }
        if invalid { throw ExitCode(1) }
    }
}

/// `Q` or `Z2` on the command line.
struct RingArgument: ExpressibleByArgument {
    let value: IntendedRing
    init?(argument: String) {
        switch argument.uppercased() {
        case "Q", "Z", "QQ": value = .rationals
        case "Z2", "GF2", "F2", "MOD2": value = .gf2
        default: return nil
        }
    }
}

struct MethodArgument: ExpressibleByArgument {
    let value: Checker.Method
    static let automatic = MethodArgument(value: .automatic)
    init(value: Checker.Method) { self.value = value }
    init?(argument: String) {
        guard let method = Checker.Method(rawValue: argument) else { return nil }
        value = method
    }
    static var allValueStrings: [String] { Checker.Method.allCases.map(\.rawValue) }
}

/// Writes `line` and a newline to stderr. A failed write (a full disk or a file size limit on a
/// redirected stderr) is ignored rather than trapping, as `FileHandle.write` would.
func printError(_ line: String) {
    writeToStandardError(line + "\n")
}

/// Writes `text` to stderr as is (for progress lines ending in a carriage return), ignoring
/// write failures.
func writeToStandardError(_ text: String) {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress! + offset, bytes.count - offset) }
        guard written > 0 else { return }
        offset += written
    }
}
