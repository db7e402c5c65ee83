import Foundation

/// Locates the real scheme files of `../shared/data` (beside the repository, as on CI).
///
/// Tests that need them call `SharedData.directory`; when it is absent (a user's clone without
/// them) they are skipped and a notice is printed, never silently passed.
public enum SharedData {
    /// `$FMM_SHARED_DATA`, or `<repository>/../shared/data`; `nil` when missing.
    public static var directory: URL? {
        let candidates = [ProcessInfo.processInfo.environment["FMM_SHARED_DATA"].map { URL(fileURLWithPath: $0) },
                          repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data")]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("README.md").path) }
    }

    /// True when the data exist; otherwise prints the skip notice for `test`.
    public static func available(for test: String) -> Bool {
        if directory != nil { return true }
        print("NOTICE: skipping \(test): ../shared/data not found (set FMM_SHARED_DATA)")
        return false
    }

    /// All files under the data directory with one of `extensions`, sorted by path.
    public static func files(withExtensions extensions: Set<String>) -> [URL] {
        guard let directory, let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
        return enumerator.compactMap { $0 as? URL }
            .filter { extensions.contains($0.pathExtension) }
            .sorted { $0.path < $1.path }
    }

    /// The repository root (two levels above this file's folder).
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
