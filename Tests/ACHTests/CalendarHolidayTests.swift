import ACH
import Testing

/// The Federal Reserve's published holiday schedules, written out by hand (not computed) so the
/// rules are checked against the dates the Fed actually closes. A holiday on a Saturday is absent:
/// the Fed stays open the Friday before. A Sunday holiday closes the Fed on Monday.
private let publishedClosures: [Int: [String]] = [
    2025: [
        "2025-01-01", "2025-01-20", "2025-02-17", "2025-05-26", "2025-06-19", "2025-07-04", "2025-09-01",
        "2025-10-13", "2025-11-11", "2025-11-27", "2025-12-25",
    ],
    // Independence Day 2026-07-04 is a Saturday: not observed.
    2026: [
        "2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-09-07", "2026-10-12",
        "2026-11-11", "2026-11-26", "2026-12-25",
    ],
    // Juneteenth and Christmas fall on Saturdays (not observed); July 4 is a Sunday → Monday 5th.
    2027: [
        "2027-01-01", "2027-01-18", "2027-02-15", "2027-05-31", "2027-07-05", "2027-09-06", "2027-10-11",
        "2027-11-11", "2027-11-25",
    ],
    // New Year's Day and Veterans Day fall on Saturdays (not observed).
    2028: [
        "2028-01-17", "2028-02-21", "2028-05-29", "2028-06-19", "2028-07-04", "2028-09-04", "2028-10-09",
        "2028-11-23", "2028-12-25",
    ],
    // Veterans Day is a Sunday → Monday 12th.
    2029: [
        "2029-01-01", "2029-01-15", "2029-02-19", "2029-05-28", "2029-06-19", "2029-07-04", "2029-09-03",
        "2029-10-08", "2029-11-12", "2029-11-22", "2029-12-25",
    ],
    2030: [
        "2030-01-01", "2030-01-21", "2030-02-18", "2030-05-27", "2030-06-19", "2030-07-04", "2030-09-02",
        "2030-10-14", "2030-11-11", "2030-11-28", "2030-12-25",
    ],
]

private func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

@Suite struct CalendarHolidayTests {
    @Test(arguments: 2025...2030)
    func observedHolidaysMatchTheFedsPublishedSchedule(year: Int) {
        let computed = BankingCalendar.federalReserve.observedHolidays(in: year).map(\.date.description)
        #expect(computed == publishedClosures[year])
    }

    @Test(arguments: 2025...2030)
    func everyObservedHolidayIsAClosedWeekday(year: Int) {
        let calendar = BankingCalendar.federalReserve
        for text in publishedClosures[year]! {
            #expect(!day(text).isWeekend, "\(text)")
            #expect(!calendar.isBankingDay(day(text)), "\(text)")
        }
    }

    @Test(arguments: ["2026-07-03", "2027-06-18", "2027-12-24", "2027-12-31", "2028-11-10"])
    func fridayBeforeASaturdayHolidayIsABankingDay(friday: String) {
        #expect(day(friday).isoWeekday == 5)
        #expect(BankingCalendar.federalReserve.isBankingDay(day(friday)))
    }

    @Test func sundayHolidaysCloseTheFollowingMonday() {
        let calendar = BankingCalendar.federalReserve
        #expect(calendar.holiday(on: day("2027-07-05")) == .independenceDay)
        #expect(calendar.holiday(on: day("2029-11-12")) == .veteransDay)
        #expect(calendar.holiday(on: day("2023-01-02")) == .newYearsDay)
        #expect(calendar.holiday(on: day("2022-12-26")) == .christmasDay)
        #expect(calendar.holiday(on: day("2022-06-20")) == .juneteenth)
    }

    @Test func juneteenthIsObservedFrom2022Only() {
        #expect(FederalReserveHoliday.juneteenth.observedDate(in: 2021) == nil)
        #expect(BankingCalendar.federalReserve.isBankingDay(day("2021-06-18")))
        #expect(FederalReserveHoliday.juneteenth.observedDate(in: 2022) == day("2022-06-20"))
        #expect(FederalReserveHoliday.juneteenth.observedDate(in: 2023) == day("2023-06-19"))
    }

    @Test func floatingHolidaysFollowTheirWeekdayRule() {
        // Memorial Day in a May with five Mondays, Thanksgiving in a November starting on Thursday.
        #expect(FederalReserveHoliday.memorialDay.date(in: 2027) == day("2027-05-31"))
        #expect(FederalReserveHoliday.thanksgivingDay.date(in: 2029) == day("2029-11-22"))
        #expect(FederalReserveHoliday.laborDay.date(in: 2031) == day("2031-09-01"))
        #expect(FederalReserveHoliday.columbusDay.date(in: 2032) == day("2032-10-11"))
        #expect(FederalReserveHoliday.martinLutherKingJrDay.date(in: 1985) == nil)
    }

    @Test func observedDayStaysInTheHolidaysMonth() {
        for year in 1990...2100 {
            for holiday in FederalReserveHoliday.allCases {
                if let observed = holiday.observedDate(in: year) {
                    #expect(observed.month == holiday.month && observed.year == year, "\(holiday) \(year)")
                }
            }
        }
    }
}
