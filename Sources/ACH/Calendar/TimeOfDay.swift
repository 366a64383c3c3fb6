/// A wall-clock time in the bank's time zone, to the minute: what a cutoff is.
public struct TimeOfDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let hour: Int
    public let minute: Int

    /// Returns nil unless 0 ≤ hour ≤ 23 and 0 ≤ minute ≤ 59.
    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// Parses `HH:MM` (24-hour, two digits each), as configuration files write cutoffs.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.utf8.count == 2 }),
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return nil }
        self.init(hour: hour, minute: minute)
    }

    /// Minutes since local midnight.
    public var minuteOfDay: Int { hour * 60 + minute }

    /// Seconds since local midnight.
    public var secondOfDay: Int { minuteOfDay * 60 }

    /// `HH:MM`.
    public var description: String {
        (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }

    public static func < (a: TimeOfDay, b: TimeOfDay) -> Bool { a.minuteOfDay < b.minuteOfDay }
}

/// An instant expressed as the bank sees it: the local calendar day and the second within it.
///
/// Produced by `BankClock` from a `Date`; everything downstream (today's date, whether a window
/// is open) works on this value, so it can be tested without time zones.
public struct BankLocalTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let date: CalendarDate
    /// Seconds since local midnight, 0..<86_400.
    public let secondOfDay: Int

    /// `secondOfDay` outside 0..<86_400 is carried into the date, so the value is always normal.
    public init(date: CalendarDate, secondOfDay: Int) {
        let carry = secondOfDay >= 0 ? secondOfDay / 86_400 : (secondOfDay - 86_399) / 86_400
        self.date = date.adding(days: carry)
        self.secondOfDay = secondOfDay - carry * 86_400
    }

    public init(date: CalendarDate, time: TimeOfDay) {
        self.init(date: date, secondOfDay: time.secondOfDay)
    }

    public var hour: Int { secondOfDay / 3600 }
    public var minute: Int { secondOfDay / 60 % 60 }

    /// `YYYY-MM-DD HH:MM` (bank-local).
    public var description: String {
        date.description + " " + (TimeOfDay(hour: hour, minute: minute)?.description ?? "")
    }

    public static func < (a: BankLocalTime, b: BankLocalTime) -> Bool {
        (a.date, a.secondOfDay) < (b.date, b.secondOfDay)
    }
}
