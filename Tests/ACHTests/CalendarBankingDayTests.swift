import ACH
import Testing

private func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

@Suite struct CalendarBankingDayTests {
    let calendar = BankingCalendar.federalReserve

    @Test(arguments: [
        ("2025-06-02", "2025-06-03"),  // Monday → Tuesday
        ("2025-06-06", "2025-06-09"),  // Friday → Monday
        ("2025-06-07", "2025-06-09"),  // Saturday → Monday
        ("2025-01-17", "2025-01-21"),  // Friday before MLK Day → Tuesday
        ("2025-12-24", "2025-12-26"),  // skips Christmas
        ("2025-12-31", "2026-01-02"),  // skips New Year's Day
        ("2026-07-02", "2026-07-03"),  // July 4 on Saturday: the Friday is open
        ("2027-07-02", "2027-07-06"),  // July 4 on Sunday: Monday closed
        ("2027-12-30", "2027-12-31"),  // 2028-01-01 Saturday: Dec 31 open
        ("2027-12-31", "2028-01-03"),
        ("2029-11-09", "2029-11-13"),  // Veterans Day Sunday → Monday closed
    ])
    func nextBankingDaySkipsWeekendsAndHolidays(from: String, expected: String) {
        #expect(calendar.nextBankingDay(after: day(from)) == day(expected))
    }

    @Test func bankingDayOnOrAfterKeepsABankingDay() {
        #expect(calendar.bankingDay(onOrAfter: day("2025-06-03")) == day("2025-06-03"))
        #expect(calendar.bankingDay(onOrAfter: day("2025-05-24")) == day("2025-05-27"))  // Sat before Memorial Day
        #expect(calendar.bankingDay(onOrAfter: day("2025-11-27")) == day("2025-11-28"))  // Thanksgiving → Friday
    }

    @Test func previousBankingDaySkipsBackwards() {
        #expect(calendar.previousBankingDay(before: day("2025-01-21")) == day("2025-01-17"))
        #expect(calendar.previousBankingDay(before: day("2026-01-02")) == day("2025-12-31"))
    }

    @Test func addingBankingDaysCountsOnlyBankingDays() {
        #expect(calendar.adding(bankingDays: 0, to: day("2025-06-07")) == day("2025-06-07"))
        #expect(calendar.adding(bankingDays: 1, to: day("2025-12-23")) == day("2025-12-24"))
        #expect(calendar.adding(bankingDays: 2, to: day("2025-12-23")) == day("2025-12-26"))
        #expect(calendar.adding(bankingDays: 5, to: day("2025-12-29")) == day("2026-01-06"))
        #expect(calendar.adding(bankingDays: -2, to: day("2025-12-26")) == day("2025-12-23"))
    }

    @Test func additionalClosuresAreNotBankingDays() {
        let closed = BankingCalendar(additionalClosures: [day("2025-06-04")])
        #expect(!closed.isBankingDay(day("2025-06-04")))
        #expect(closed.nextBankingDay(after: day("2025-06-03")) == day("2025-06-05"))
        #expect(closed.holiday(on: day("2025-06-04")) == nil)
        #expect(calendar.isBankingDay(day("2025-06-04")))
    }

    @Test func weekendsAreNeverBankingDays() {
        #expect(!calendar.isBankingDay(day("2025-06-07")))
        #expect(!calendar.isBankingDay(day("2025-06-08")))
    }
}
