import FMM
import Foundation

/// Checks every scheme in the files named on the command line: exit 0 when all are valid, 1
/// when one is not, 2 when a file cannot be read.
var status: Int32 = 0
let files = CommandLine.arguments.dropFirst()
if files.isEmpty {
    FileHandle.standardError.write(Data("usage: check-scheme FILE...\n".utf8))
    exit(2)
}
for file in files {
    do {
        for named in try SchemeFile.read(path: file, allowingComplex: true) {
            if let gaussian = named.gaussian {
                let verdict = Checker().verify(gaussian)
                print("\(named.label): \(gaussian.shape) rank \(gaussian.rank): \(verdict.valid ? "valid" : "INVALID") over Q(i)")
                if !verdict.valid { status = max(status, 1) }
                continue
            }
            let verdict = Checker().verify(named.scheme)
            let rings = verdict.rings.map(\.rawValue).joined(separator: ", ")
            print("\(named.label): \(verdict.shape) rank \(verdict.rank): \(verdict.valid ? "valid over \(rings)" : "INVALID over \(verdict.ring.rawValue), \(verdict.primary.wrongCount) wrong Brent equations")")
            if !verdict.valid { status = max(status, 1) }
        }
    } catch {
        FileHandle.standardError.write(Data("check-scheme: \(error)\n".utf8))
        status = 2
    }
}
exit(status)
