/// Which days money moves: every Monday–Friday except the Federal Reserve holidays (as the Fed
/// observes them) and any extra closures the bank configures.
///
/// ACH settles only on days the Fed is open, so effective entry dates, "next banking day" and
/// Same Day ACH windows all go through this type.
public struct BankingCalendar: Sendable, Hashable {
    /// Extra days the bank treats as closed on top of the Fed holidays (e.g. an unscheduled
    /// closure announced by the Fed). Weekends never need listing.
    public var additionalClosures: Set<CalendarDate>

    public init(additionalClosures: Set<CalendarDate> = []) {
        self.additionalClosures = additionalClosures
    }

    /// The Federal Reserve's own calendar, with no extra closures.
    public static let federalReserve = BankingCalendar()

    /// One day the Fed is closed for a holiday.
    public struct ObservedHoliday: Sendable, Hashable {
        public let date: CalendarDate
        public let holiday: FederalReserveHoliday
    }

    /// The Fed holiday closures in `year`, in date order. Holidays on a Saturday are absent
    /// because the Fed does not close for them.
    public func observedHolidays(in year: Int) -> [ObservedHoliday] {
        FederalReserveHoliday.allCases.compactMap { holiday in
            holiday.observedDate(in: year).map { ObservedHoliday(date: $0, holiday: holiday) }
        }
    }

    /// The Fed holiday that closes `date`, if any.
    public func holiday(on date: CalendarDate) -> FederalReserveHoliday? {
        // The observed day never leaves the holiday's month, so only that month's rules run.
        for holiday in BankingCalendar.holidaysByMonth[date.month] {
            if holiday.observedDate(in: date.year) == date { return holiday }
        }
        return nil
    }

    /// Index 1...12: the holidays of each month (built once; this lookup is on the hot path).
    private static let holidaysByMonth: [[FederalReserveHoliday]] = (0...12).map { month in
        FederalReserveHoliday.allCases.filter { $0.month == month }
    }

    /// True for a weekday on which the Fed is open and the bank has no extra closure.
    public func isBankingDay(_ date: CalendarDate) -> Bool {
        !date.isWeekend && holiday(on: date) == nil && !additionalClosures.contains(date)
    }

    /// `date` itself when it is a banking day, otherwise the next one (the "roll forward" rule).
    public func bankingDay(onOrAfter date: CalendarDate) -> CalendarDate {
        var day = date
        while !isBankingDay(day) { day = day.adding(days: 1) }
        return day
    }

    /// The first banking day strictly after `date`.
    public func nextBankingDay(after date: CalendarDate) -> CalendarDate {
        bankingDay(onOrAfter: date.adding(days: 1))
    }

    /// The last banking day strictly before `date`.
    public func previousBankingDay(before date: CalendarDate) -> CalendarDate {
        var day = date.adding(days: -1)
        while !isBankingDay(day) { day = day.adding(days: -1) }
        return day
    }

    /// Moves `count` banking days from `date`: +1 is the next banking day after `date`, -1 the
    /// previous one, and 0 returns `date` unchanged (even when it is not a banking day).
    public func adding(bankingDays count: Int, to date: CalendarDate) -> CalendarDate {
        var day = date
        if count > 0 {
            for _ in 0..<count { day = nextBankingDay(after: day) }
        } else if count < 0 {
            for _ in 0..<(-count) { day = previousBankingDay(before: day) }
        }
        return day
    }
}
