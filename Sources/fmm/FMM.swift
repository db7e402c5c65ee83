import ArgumentParser
import Foundation

/// The `fmm` command: a verified catalogue of fast matrix multiplication schemes.
@main
struct FMM: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmm",
        abstract: "Check, catalogue, export and search fast matrix multiplication schemes.",
        version: FMMVersion.string,
        subcommands: [CheckCommand.self, ConvertCommand.self, ImportCommand.self, VerifyCommand.self, SeedCommand.self, RanksCommand.self, ShowCommand.self, ExportCommand.self, SearchCommand.self, LearnFlipsCommand.self, GrowCommand.self, MergeCommand.self, SiteCommand.self, TuneCommand.self, BenchCommand.self]
    )

    /// A file size limit (`ulimit -f`) must surface as a write error (EFBIG) with a clear
    /// message, not as the default SIGXFSZ that kills the process.
    static func main() {
        signal(SIGXFSZ, SIG_IGN)
        main(nil)
    }
}

enum FMMVersion {
    static let string = "0.2.0"
}
