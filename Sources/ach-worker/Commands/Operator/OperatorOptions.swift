import ArgumentParser
import Foundation

/// Flags every operator command shares (`retry …`, `cancel`).
struct OperatorOptions: ParsableArguments {
    @Option(help: "Why (required): recorded with your name in the audit trail and on every event written.")
    var reason: String

    @Option(name: .customLong("operator"), help: "Who you are (default: your OS account).")
    var operatorName: String?

    @Flag(help: "Print exactly what would change, and change nothing.")
    var dryRun = false

    @Flag(help: "Do not ask before changing a large selection.")
    var yes = false

    @Option(help: "Ask before changing more than this many records (refused without a terminal unless --yes).")
    var confirmOver = 100

    @Option(help: "Select at most this many records per run (oldest first).")
    var limit = 10_000

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("--reason must say why (it is recorded in the audit trail)")
        }
        guard reason.count <= 2000 else { throw ValidationError("--reason is longer than 2,000 characters") }
        if let operatorName, operatorName.trimmingCharacters(in: .whitespaces).isEmpty || operatorName.count > 128 {
            throw ValidationError("--operator must be a name of 1 to 128 characters")
        }
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
        guard confirmOver >= 0 else { throw ValidationError("--confirm-over cannot be negative") }
    }

    /// The flags as the audit row records them, next to each command's own selection.
    var recorded: [String: String] {
        ["dry_run": String(dryRun), "yes": String(yes), "confirm_over": String(confirmOver), "limit": String(limit)]
    }
}

/// `--since` / `--until`: `2026-11-22T09:30:00Z` (any ISO 8601 offset), `2026-11-22` (midnight
/// UTC), or an age such as `90m`, `6h`, `2d`, `1w` (that long before now).
struct TimeBound: ExpressibleByArgument, Sendable {
    let date: Date
    let text: String

    init?(argument: String) {
        guard let date = Self.parse(argument, now: Date()) else { return nil }
        self.date = date
        self.text = argument
    }

    static func parse(_ text: String, now: Date) -> Date? {
        if let unit = text.last, let count = Double(text.dropLast()), count >= 0 {
            let seconds: Double? =
                switch unit {
                case "s": 1
                case "m": 60
                case "h": 3600
                case "d": 86_400
                case "w": 604_800
                default: nil
                }
            if let seconds { return now.addingTimeInterval(-count * seconds) }
        }
        let zoned = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime],
        ] {
            zoned.formatOptions = options
            if let date = zoned.date(from: text) { return date }
        }
        // Without an offset the time is UTC, like the timestamps every command prints.
        let utc = DateFormatter()
        utc.locale = Locale(identifier: "en_US_POSIX")
        utc.timeZone = TimeZone(identifier: "UTC")
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"] {
            utc.dateFormat = format
            if let date = utc.date(from: text) { return date }
        }
        return nil
    }
}
