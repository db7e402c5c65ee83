import ArgumentParser
import Catalogue

/// `fmm verify`: re-checks every catalogue entry against its certificate.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-check every catalogue entry and its certificate; exit 1 on any mismatch."
    )

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = storeOptions.forReading
        let count = store.entryPaths().count
        let problems = store.verify()
        for problem in problems { print("FAIL \(problem)") }
        print("\(count - problems.count) of \(count) catalogue entries verified")
        if !problems.isEmpty { throw ExitCode(1) }
    }
}
