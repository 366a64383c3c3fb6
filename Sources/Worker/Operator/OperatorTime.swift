import Foundation

/// The times operators type for `--since` and `--until`.
public enum OperatorTime {
    /// `2026-11-22T09:30:00Z` (any ISO 8601 offset, fractional seconds allowed), the same without
    /// an offset or seconds (UTC, like every time the commands print), `2026-11-22` (midnight UTC),
    /// or an age — `45s`, `90m`, `6h`, `2d`, `1w` — meaning that long before `now`.
    public static func parse(_ text: String, now: Date) -> Date? {
        if let unit = text.last, let count = Double(text.dropLast()), count.isFinite, count >= 0 {
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
