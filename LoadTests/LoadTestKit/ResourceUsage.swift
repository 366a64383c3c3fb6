import Foundation

/// The process's memory, from /proc (Linux): the peak resident set size since start
/// (`VmHWM`) and the current one (`VmRSS`), in MiB.
enum ResourceUsage {
    static var peakResidentMegabytes: Double { field("VmHWM") }
    static var residentMegabytes: Double { field("VmRSS") }

    private static func field(_ name: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kilobytes / 1024
        }
        return 0
    }
}
