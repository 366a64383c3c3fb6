import ACH
import Foundation
import Testing

private func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }
private func at(_ date: String, _ hour: Int, _ minute: Int, _ second: Int = 0) -> BankLocalTime {
    BankLocalTime(date: day(date), secondOfDay: hour * 3600 + minute * 60 + second)
}
private func time(_ text: String) -> TimeOfDay { TimeOfDay(text)! }

@Suite struct CalendarSameDayTests {
    let schedule = SameDaySchedule()

    @Test func defaultCutoffsAreTheFedsWindows() {
        #expect(schedule.cutoffs.map(\.description) == ["10:30", "14:45", "16:45"])
    }

    @Test(arguments: [
        (9, 0, 0, "10:30"),
        (10, 29, 59, "10:30"),
        (10, 30, 0, "14:45"),  // the cutoff itself is already too late
        (14, 44, 59, "14:45"),
        (16, 44, 59, "16:45"),
    ])
    func openWindowIsTheNextCutoffStrictlyAfterNow(hour: Int, minute: Int, second: Int, cutoff: String) {
        let window = schedule.openWindow(at: at("2025-06-03", hour, minute, second))
        #expect(window == SameDayWindow(date: day("2025-06-03"), cutoff: time(cutoff)))
    }

    @Test func noWindowIsOpenAfterTheLastCutoff() {
        #expect(schedule.openWindow(at: at("2025-06-03", 16, 45)) == nil)
        #expect(!schedule.isWindowOpen(at: at("2025-06-03", 23, 59)))
        #expect(schedule.isWindowOpen(at: at("2025-06-03", 0, 0)))
    }

    @Test func noWindowIsOpenOnWeekendsOrHolidays() {
        #expect(schedule.openWindow(at: at("2025-06-07", 9, 0)) == nil)  // Saturday
        #expect(schedule.openWindow(at: at("2025-06-19", 9, 0)) == nil)  // Juneteenth
    }

    @Test func nextWindowRollsToTheNextBankingDaysFirstCutoff() {
        #expect(
            schedule.nextWindow(at: at("2025-06-03", 12, 0))
                == SameDayWindow(date: day("2025-06-03"), cutoff: time("14:45")))
        #expect(
            schedule.nextWindow(at: at("2025-06-06", 17, 0))
                == SameDayWindow(date: day("2025-06-09"), cutoff: time("10:30")))
        #expect(
            schedule.nextWindow(at: at("2025-06-18", 17, 0))
                == SameDayWindow(date: day("2025-06-20"), cutoff: time("10:30")))
        #expect(
            schedule.nextWindow(at: at("2025-06-07", 9, 0))
                == SameDayWindow(date: day("2025-06-09"), cutoff: time("10:30")))
    }

    @Test func configuredCutoffsAreSortedAndDeduplicated() {
        let custom = SameDaySchedule(cutoffs: [time("15:00"), time("09:15"), time("15:00")])
        #expect(custom.cutoffs == [time("09:15"), time("15:00")])
        #expect(SameDaySchedule(cutoffs: []).nextWindow(at: at("2025-06-03", 9, 0)) == nil)
    }

    @Test func timeOfDayParsesOnlyHHMM() {
        #expect(TimeOfDay("16:45")?.minuteOfDay == 16 * 60 + 45)
        #expect(TimeOfDay("24:00") == nil)
        #expect(TimeOfDay("9:30") == nil)
        #expect(TimeOfDay("09:60") == nil)
        #expect(TimeOfDay("0930") == nil)
    }

    @Test func bankLocalTimeCarriesOverflowIntoTheDate() {
        #expect(BankLocalTime(date: day("2025-06-03"), secondOfDay: 86_400 + 60) == at("2025-06-04", 0, 1))
        #expect(BankLocalTime(date: day("2025-06-03"), secondOfDay: -1) == at("2025-06-02", 23, 59, 59))
    }
}

@Suite struct CalendarBankClockTests {
    let clock = BankClock(identifier: "America/New_York")!

    private func instant(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    @Test(arguments: [
        ("2025-06-03T14:29:00Z", "2025-06-03 10:29"),  // EDT, UTC-4
        ("2025-12-02T15:29:00Z", "2025-12-02 10:29"),  // EST, UTC-5
        ("2025-06-04T03:30:00Z", "2025-06-03 23:30"),  // UTC already tomorrow, bank still today
        ("2025-03-09T06:59:00Z", "2025-03-09 01:59"),  // just before clocks spring forward
        ("2025-03-09T07:00:00Z", "2025-03-09 03:00"),
        ("2025-11-02T05:30:00Z", "2025-11-02 01:30"),  // first 01:30 (EDT)
        ("2025-11-02T06:30:00Z", "2025-11-02 01:30"),  // second 01:30 (EST)
    ])
    func localTimeFollowsTheBanksTimeZone(utc: String, local: String) {
        #expect(clock.localTime(at: instant(utc)).description == local)
    }

    @Test func cutoffInstantRoundTrips() {
        for date in ["2025-03-07", "2025-03-10", "2025-06-03", "2025-11-03", "2025-12-02"] {
            let local = BankLocalTime(date: day(date), time: time("16:45"))
            #expect(clock.localTime(at: clock.instant(at: local)) == local, "\(date)")
        }
        #expect(clock.instant(at: at("2025-06-03", 10, 30)) == instant("2025-06-03T14:30:00Z"))
    }

    @Test func unknownTimeZoneIsRejected() {
        #expect(BankClock(identifier: "America/Nowhere") == nil)
    }
}
