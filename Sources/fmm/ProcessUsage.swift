import Foundation

/// What this process has used so far (`getrusage`).
struct ProcessUsage {
    private let usage: rusage

    init() {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        self.usage = usage
    }

    /// CPU seconds, user and system. A campaign's slice records it beside its wall-clock
    /// seconds, so that a slice starved of CPU by other work is not counted as a full try
    /// (`CampaignAttempt.effort`).
    var cpuSeconds: Double {
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Peak resident memory in MiB (Linux reports `ru_maxrss` in KiB).
    var peakMegabytes: Double { Double(usage.ru_maxrss) / 1024 }
}
