import Foundation

/// A file could not be written (disk full, file size limit, read-only folder, …). Its
/// description is one line naming the path and the system's reason.
public struct FileWriteError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String

    public init(path: String, errno code: Int32) {
        self.path = path
        reason = String(cString: strerror(code))
    }

    public var description: String { "cannot write \(path): \(reason)" }
}

/// Atomic file replacement: the bytes go to a temporary file in the target's folder, are
/// flushed to disk with `fsync`, and only then renamed over the target. A reader, a crash or a
/// failed write (ENOSPC, EFBIG, EACCES, EROFS) therefore never sees a partial file, and a failure
/// removes the temporary file so the folder is left as it was.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        try createDirectories(directory)
        let temporary = directory + "/.\(url.lastPathComponent).\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileWriteError(path: path, errno: errno) }
        var failure: Int32?
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0, failure == nil { failure = errno }
        if failure == nil, rename(temporary, path) != 0 { failure = errno }
        if let failure {
            unlink(temporary)
            throw FileWriteError(path: path, errno: failure)
        }
    }

    /// Creates `directory` and its missing parents (like `mkdir -p`).
    public static func createDirectories(_ directory: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue { return }
        let parent = (directory as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != directory { try createDirectories(parent) }
        if mkdir(directory, 0o755) != 0, errno != EEXIST { throw FileWriteError(path: directory, errno: errno) }
    }
}
