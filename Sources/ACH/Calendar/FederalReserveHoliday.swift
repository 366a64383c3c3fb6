/// The eleven holidays on which the Federal Reserve Banks are closed, computed by rule so the
/// calendar works for any year without a table to keep up to date.
///
/// Observance follows the Fed, not the federal government: a holiday on a Sunday closes the Fed
/// the following Monday, but a holiday on a Saturday is **not** moved — the Fed is open the
/// Friday before (the Office of Personnel Management would close on that Friday; the Fed does not).
/// Years before a holiday existed are not modelled historically beyond `firstYear`.
public enum FederalReserveHoliday: String, Sendable, Hashable, CaseIterable {
    case newYearsDay
    case martinLutherKingJrDay
    case washingtonsBirthday
    case memorialDay
    case juneteenth
    case independenceDay
    case laborDay
    case columbusDay
    case veteransDay
    case thanksgivingDay
    case christmasDay

    /// The name the Fed's holiday schedule uses.
    public var name: String {
        switch self {
        case .newYearsDay: "New Year's Day"
        case .martinLutherKingJrDay: "Birthday of Martin Luther King, Jr."
        case .washingtonsBirthday: "Washington's Birthday"
        case .memorialDay: "Memorial Day"
        case .juneteenth: "Juneteenth National Independence Day"
        case .independenceDay: "Independence Day"
        case .laborDay: "Labor Day"
        case .columbusDay: "Columbus Day"
        case .veteransDay: "Veterans Day"
        case .thanksgivingDay: "Thanksgiving Day"
        case .christmasDay: "Christmas Day"
        }
    }

    /// The first year the Fed closed for it: MLK Day became a federal holiday in 1986; Juneteenth
    /// was signed into law on 2021-06-17, too late for 2021, so the Fed first closed in 2022.
    public var firstYear: Int? {
        switch self {
        case .martinLutherKingJrDay: 1986
        case .juneteenth: 2022
        default: nil
        }
    }

    /// The month the holiday (and its observed day: Sunday → Monday never leaves it) falls in.
    public var month: Int {
        switch self {
        case .newYearsDay, .martinLutherKingJrDay: 1
        case .washingtonsBirthday: 2
        case .memorialDay: 5
        case .juneteenth: 6
        case .independenceDay: 7
        case .laborDay: 9
        case .columbusDay: 10
        case .veteransDay, .thanksgivingDay: 11
        case .christmasDay: 12
        }
    }

    /// The holiday itself in `year` (possibly a weekend day), or nil before `firstYear`.
    public func date(in year: Int) -> CalendarDate? {
        if let first = firstYear, year < first { return nil }
        let monday = 1
        let thursday = 4
        switch self {
        case .newYearsDay: return CalendarDate(year: year, month: 1, day: 1)
        case .martinLutherKingJrDay: return CalendarDate.nthWeekday(3, monday, month: 1, year: year)
        case .washingtonsBirthday: return CalendarDate.nthWeekday(3, monday, month: 2, year: year)
        case .memorialDay: return CalendarDate.lastWeekday(monday, month: 5, year: year)
        case .juneteenth: return CalendarDate(year: year, month: 6, day: 19)
        case .independenceDay: return CalendarDate(year: year, month: 7, day: 4)
        case .laborDay: return CalendarDate.nthWeekday(1, monday, month: 9, year: year)
        case .columbusDay: return CalendarDate.nthWeekday(2, monday, month: 10, year: year)
        case .veteransDay: return CalendarDate(year: year, month: 11, day: 11)
        case .thanksgivingDay: return CalendarDate.nthWeekday(4, thursday, month: 11, year: year)
        case .christmasDay: return CalendarDate(year: year, month: 12, day: 25)
        }
    }

    /// The day the Fed is closed for this holiday in `year`: the holiday itself on a weekday, the
    /// Monday after when it falls on a Sunday, and nil when it falls on a Saturday (not moved).
    public func observedDate(in year: Int) -> CalendarDate? {
        guard let date = date(in: year) else { return nil }
        switch date.isoWeekday {
        case 6: return nil
        case 7: return date.adding(days: 1)
        default: return date
        }
    }
}

extension CalendarDate {
    /// The `n`-th (1-based) day with ISO weekday `weekday` (1 = Monday) in a month.
    static func nthWeekday(_ n: Int, _ weekday: Int, month: Int, year: Int) -> CalendarDate? {
        guard let first = CalendarDate(year: year, month: month, day: 1) else { return nil }
        let offset = (weekday - first.isoWeekday + 7) % 7
        return CalendarDate(year: year, month: month, day: 1 + offset + 7 * (n - 1))
    }

    /// The last day with ISO weekday `weekday` in a month.
    static func lastWeekday(_ weekday: Int, month: Int, year: Int) -> CalendarDate? {
        let days = CalendarDate.daysInMonth(year: year, month: month)
        guard let last = CalendarDate(year: year, month: month, day: days) else { return nil }
        return last.adding(days: -((last.isoWeekday - weekday + 7) % 7))
    }
}
