import Foundation

extension LoadReport {
    /// The human-readable report: one measure per line, the verdict last.
    public func table() -> String {
        var lines: [(String, String)] = [
            (
                "transfers",
                "\(number(transfers)) (\(profile)\(settings.rate.map { ", offered at \(number($0))/s" } ?? ""))"
            ),
            ("elapsed", String(format: "%.1f s (seeding before it: %.1f s)", elapsedSeconds, seedSeconds)),
            ("throughput", "\(number(Int(transfersPerSecond.rounded())))/s pending → sent or rejected"),
            ("ceiling", ceilingPerSecond.map { "\(number(Int($0)))/s (ceiling.sh)" } ?? "not measured"),
            ("ratio to ceiling", ratioToCeiling.map { String(format: "%.2f", $0) } ?? "-"),
            ("lifecycle floor", floorPerSecond.map { "\(number(Int($0)))/s (floor.sh)" } ?? "not measured"),
            ("ratio to floor", ratioToFloor.map { String(format: "%.2f", $0) } ?? "-"),
            ("accepted / rejected", "\(number(accepted)) / \(number(rejected))"),
            ("files / entries", "\(number(files)) / \(number(entries))"),
            ("pending → accepted", latency(latencyMs.pendingToAccepted)),
            ("pending → sent", latency(latencyMs.pendingToSent)),
            ("max in flight", "\(number(maxInFlight.observed)) (cap \(number(maxInFlight.cap)))"),
            ("peak RSS", String(format: "%.0f MB", peakRssMb)),
            ("lost / duplicated", "\(lost) / \(duplicated)"),
            (
                "files checked",
                "\(invalidFiles) invalid, \(fileTotalMismatches) with totals ≠ database, \(filesNotSent) not sent"
            ),
            (
                "pool",
                "\(settings.connections) connections, claim \(settings.claimBatchSize), flush \(settings.flushBatchSize)"
                    + " / \(settings.flushIntervalMs) ms, \(number(settings.maxEntriesPerFile)) entries per file"
                    + (settings.historyRows > 0 ? ", \(number(settings.historyRows)) history rows" : "")
            ),
        ]
        lines.append(("verdict", passed ? "PASS: every transfer exactly once" : "FAIL"))
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
            .joined(separator: "\n")
    }

    private func latency(_ l: Latency) -> String {
        String(format: "p50 %.0f ms, p99 %.0f ms, max %.0f ms", l.p50, l.p99, l.max)
    }
}

/// 1234567 → "1,234,567".
func number(_ value: Int) -> String {
    let digits = String(abs(value))
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return (value < 0 ? "-" : "") + out
}
