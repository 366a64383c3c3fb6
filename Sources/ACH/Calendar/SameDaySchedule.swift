/// One Same Day ACH submission window: files sent before `cutoff` (bank-local) on `date` settle
/// on `date`.
public struct SameDayWindow: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let date: CalendarDate
    public let cutoff: TimeOfDay

    public init(date: CalendarDate, cutoff: TimeOfDay) {
        self.date = date
        self.cutoff = cutoff
    }

    /// The moment the window closes, in bank-local time.
    public var closes: BankLocalTime { BankLocalTime(date: date, time: cutoff) }

    /// `YYYY-MM-DD HH:MM`.
    public var description: String { date.description + " " + cutoff.description }

    public static func < (a: SameDayWindow, b: SameDayWindow) -> Bool { (a.date, a.cutoff) < (b.date, b.cutoff) }
}

/// The bank's Same Day ACH cutoffs and the calendar they run on.
///
/// A window is open while the bank-local time is strictly before its cutoff on a banking day:
/// at 10:30:00 the 10:30 window has closed. Cutoffs are the bank's own (usually some minutes
/// before the Fed's, to leave time to build and send the file), so they are configuration.
public struct SameDaySchedule: Sendable, Hashable {
    /// The Federal Reserve's FedACH same-day submission deadlines, Eastern time.
    public static let federalReserveCutoffs: [TimeOfDay] = [
        TimeOfDay(hour: 10, minute: 30)!, TimeOfDay(hour: 14, minute: 45)!, TimeOfDay(hour: 16, minute: 45)!,
    ]

    /// Sorted, without duplicates. Empty means Same Day ACH is never available.
    public let cutoffs: [TimeOfDay]
    public let calendar: BankingCalendar

    public init(
        cutoffs: [TimeOfDay] = SameDaySchedule.federalReserveCutoffs, calendar: BankingCalendar = .federalReserve
    ) {
        self.cutoffs = Array(Set(cutoffs)).sorted()
        self.calendar = calendar
    }

    /// Every window on `date`, earliest first; none on a non-banking day.
    public func windows(on date: CalendarDate) -> [SameDayWindow] {
        guard calendar.isBankingDay(date) else { return [] }
        return cutoffs.map { SameDayWindow(date: date, cutoff: $0) }
    }

    /// The first window on `date`, or nil on a non-banking day.
    public func firstWindow(on date: CalendarDate) -> SameDayWindow? {
        windows(on: date).first
    }

    /// The window a same-day entry can still make today at `now`, or nil when today's last
    /// cutoff has passed (or today is not a banking day).
    public func openWindow(at now: BankLocalTime) -> SameDayWindow? {
        windows(on: now.date).first { now.secondOfDay < $0.cutoff.secondOfDay }
    }

    /// True while some same-day window is still open today.
    public func isWindowOpen(at now: BankLocalTime) -> Bool {
        openWindow(at: now) != nil
    }

    /// The next window to close after `now`: today's open one, otherwise the first window of the
    /// next banking day. Nil only when no cutoffs are configured.
    public func nextWindow(at now: BankLocalTime) -> SameDayWindow? {
        if let open = openWindow(at: now) { return open }
        return firstWindow(on: calendar.nextBankingDay(after: now.date))
    }
}
