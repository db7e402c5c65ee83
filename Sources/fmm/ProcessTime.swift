import Foundation

/// CPU seconds (user and system) this process has used so far. A campaign's slice records it
/// beside its wall-clock seconds, so that a slice starved of CPU by other work is not counted as
/// a full try (`CampaignAttempt.effort`).
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
