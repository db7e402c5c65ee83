import Foundation

/// Runs the built `fmm` executable, as a user would, and captures its output.
public struct FMMProcess {
    public struct Result {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The `fmm` binary beside the test bundle (SwiftPM builds both into the same folder).
    public static var executable: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("fmm")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return SharedData.repositoryRoot.appendingPathComponent(".build/debug/fmm")
    }

    /// Runs `fmm arguments...` in `directory` and waits for it. A non-empty `launcher` (such
    /// as `["prlimit", "--fsize=100"]`) runs `launcher... fmm arguments...` through the PATH.
    public static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], launcher: [String] = []) throws -> Result {
        let process = Process()
        if launcher.isEmpty {
            process.executableURL = executable
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = launcher + [executable.path] + arguments
        }
        if let directory { process.currentDirectoryURL = directory }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Drain both pipes before waiting so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh temporary directory inside this test process's own folder, which is removed
    /// with everything in it when the process exits.
    public static func temporaryDirectory() throws -> URL {
        let url = processFolder.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `fmm-test-PID` in the system's temporary folder; the first use registers its removal at exit.
    private static let processFolder: URL = {
        atexit { try? FileManager.default.removeItem(at: FMMProcess.processFolder) }
        return FileManager.default.temporaryDirectory.appendingPathComponent("fmm-test-\(getpid())")
    }()
}
