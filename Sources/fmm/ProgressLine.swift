import Foundation

/// How a live progress line reaches standard error: redrawn with a carriage return on a
/// terminal, or, when standard error goes to a log, as whole lines at most every
/// `logInterval` seconds (a log of `\r` redraws every half second grows without bound).
struct ProgressLine {
    static let logInterval = 10.0
    let terminal = isatty(STDERR_FILENO) != 0
    private var lastLogged = -Double.infinity

    mutating func show(_ text: String, elapsed: Double, final: Bool) {
        if terminal {
            writeToStandardError("\r\(text)   " + (final ? "\n" : ""))
        } else if final || elapsed - lastLogged >= Self.logInterval {
            writeToStandardError(text + "\n")
            lastLogged = elapsed
        }
    }
}
