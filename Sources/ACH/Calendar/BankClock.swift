import Foundation

/// Converts instants to the bank's local day and time, and back.
///
/// This is the calendar's only use of Foundation: `TimeZone` knows the IANA rules (daylight
/// saving changes), everything else is whole-day arithmetic on `CalendarDate`.
public struct BankClock: Sendable, Hashable {
    /// The Fed's windows are stated in Eastern time.
    public static let defaultTimeZoneIdentifier = "America/New_York"

    public let timeZone: TimeZone

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// Returns nil when `identifier` is not an IANA time zone the system knows, so a typo in
    /// configuration fails at start-up instead of silently using UTC.
    public init?(identifier: String = BankClock.defaultTimeZoneIdentifier) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.init(timeZone: zone)
    }

    /// The bank-local calendar day and time of day at `instant`.
    public func localTime(at instant: Date) -> BankLocalTime {
        let utcSeconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let local = utcSeconds + timeZone.secondsFromGMT(for: instant)
        let day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return BankLocalTime(date: CalendarDate(dayNumber: day), secondOfDay: local - day * 86_400)
    }

    /// The instant at which the bank's wall clock shows `local` (e.g. when a cutoff passes).
    ///
    /// In the hour skipped when clocks spring forward there is no such instant; the result is
    /// then one hour later on the wall clock, which is harmless for cutoffs (they are never
    /// placed between 02:00 and 03:00).
    public func instant(at local: BankLocalTime) -> Date {
        let localSeconds = local.date.dayNumber * 86_400 + local.secondOfDay
        // The offset depends on the instant we are looking for; one correction step settles it.
        let guess = Date(
            timeIntervalSince1970: TimeInterval(
                localSeconds
                    - timeZone.secondsFromGMT(
                        for: Date(timeIntervalSince1970: TimeInterval(localSeconds)))))
        let offset = timeZone.secondsFromGMT(for: guess)
        return Date(timeIntervalSince1970: TimeInterval(localSeconds - offset))
    }
}
