import Foundation

/// SIGINT and SIGTERM turned into a request a polling loop can read, instead of the default of
/// ending the process at once. `fmm grow` uses it to stop its running searches (child
/// processes, which would otherwise go on writing to the store) and journal them before it
/// exits.
final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var received: Int32?
    private var sources: [DispatchSourceSignal] = []

    /// The first of SIGINT or SIGTERM received since `install()`, if any.
    var signal: Int32? { lock.withLock { received } }

    static func install() -> StopSignal {
        let stop = StopSignal()
        for number in [SIGINT, SIGTERM] {
            Foundation.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.lock.withLock { if stop.received == nil { stop.received = number } } }
            source.resume()
            stop.sources.append(source)
        }
        return stop
    }
}
