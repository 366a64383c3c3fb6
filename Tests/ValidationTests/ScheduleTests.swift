import ACH
import Testing
import Validation

/// Effective-date and same-day window resolution (rules 19–21 and what `Evaluation` reports).
@Suite struct ScheduleTests {
    let validator = TransferValidator()

    private func evaluate(
        date: String? = nil, sameDay: Bool = false, now: BankLocalTime = Fixtures.now,
        settings: ValidationSettings = ValidationSettings()
    ) -> Evaluation {
        var transfer = Fixtures.transfer()
        transfer.effectiveDate = date.map(Fixtures.day)
        transfer.sameDay = sameDay
        return validator.evaluate(transfer, in: Fixtures.context(now: now, settings: settings))
    }

    @Test(arguments: [
        ("2025-06-03", "2025-06-04"),  // Tuesday → Wednesday
        ("2025-06-06", "2025-06-09"),  // Friday → Monday
        ("2025-06-07", "2025-06-09"),  // Saturday → Monday
        ("2025-06-18", "2025-06-20"),  // skips Juneteenth
    ])
    func emptyDateIsTheNextBankingDay(today: String, expected: String) {
        let evaluation = evaluate(now: Fixtures.at(today, 9, 0))
        #expect(evaluation.isAccepted)
        #expect(evaluation.effectiveDate == Fixtures.day(expected))
        #expect(evaluation.effectiveDateMovedFrom == nil)
    }

    @Test func weekendAndHolidayDatesRollForwardByDefault() {
        let saturday = evaluate(date: "2025-06-07")
        #expect(saturday.isAccepted && saturday.effectiveDate == Fixtures.day("2025-06-09"))
        #expect(saturday.effectiveDateMovedFrom == Fixtures.day("2025-06-07"))
        #expect(evaluate(date: "2025-06-19").effectiveDate == Fixtures.day("2025-06-20"))
    }

    @Test func schedulingWindowEdgeIsInclusive() {
        #expect(evaluate(date: "2025-07-03").isAccepted)
        var settings = ValidationSettings()
        settings.schedulingWindowDays = 5
        #expect(evaluate(date: "2025-06-09", settings: settings).codes == [.effectiveDateTooFar])
    }

    @Test func sameDayTakesTodaysNextOpenWindow() {
        let morning = evaluate(sameDay: true)
        #expect(morning.effectiveDate == Fixtures.now.date && morning.sameDay)
        #expect(morning.sameDayWindow?.description == "2025-06-03 10:30")
        let afternoon = evaluate(sameDay: true, now: Fixtures.at("2025-06-03", 15, 0))
        #expect(afternoon.sameDayWindow?.description == "2025-06-03 16:45")
    }

    @Test func sameDayPastTheLastCutoffRollsToTheNextWindowByDefault() {
        let late = evaluate(sameDay: true, now: Fixtures.at("2025-06-06", 17, 0))  // Friday
        #expect(late.isAccepted && late.sameDay)
        #expect(late.effectiveDate == Fixtures.day("2025-06-09"))
        #expect(late.sameDayWindow?.description == "2025-06-09 10:30")
        #expect(late.effectiveDateMovedFrom == Fixtures.day("2025-06-06"))
    }

    @Test func sameDayPastCutoffCanBecomeAStandardEntry() {
        var settings = ValidationSettings()
        settings.sameDayCutoffHandling = .convertToStandard
        let late = evaluate(sameDay: true, now: Fixtures.at("2025-06-03", 16, 45), settings: settings)
        #expect(late.isAccepted && !late.sameDay && late.sameDayWindow == nil)
        #expect(late.effectiveDate == Fixtures.tomorrow)
    }

    @Test func sameDayOnAWeekendWaitsForMondaysFirstWindow() {
        let saturday = evaluate(sameDay: true, now: Fixtures.at("2025-06-07", 9, 0))
        #expect(saturday.isAccepted && saturday.sameDayWindow?.description == "2025-06-09 10:30")

        var settings = ValidationSettings()
        settings.sameDayCutoffHandling = .reject
        let rejected = evaluate(sameDay: true, now: Fixtures.at("2025-06-07", 9, 0), settings: settings)
        #expect(rejected.codes == [.sameDayCutoffPassed])
        #expect(rejected.violations[0].message.contains("Saturday"))
        #expect(rejected.effectiveDate == nil)
    }

    @Test func sameDayForAFutureDateUsesThatDaysFirstWindow() {
        let scheduled = evaluate(date: "2025-06-10", sameDay: true)
        #expect(scheduled.isAccepted && scheduled.sameDayWindow?.description == "2025-06-10 10:30")
        let rolled = evaluate(date: "2025-06-08", sameDay: true)  // Sunday → Monday
        #expect(rolled.sameDayWindow?.description == "2025-06-09 10:30")
    }

    @Test func sameDayForTodayIsNotInThePast() {
        #expect(evaluate(date: "2025-06-03", sameDay: true).isAccepted)
        #expect(evaluate(date: "2025-06-02", sameDay: true).codes == [.effectiveDateInPast])
    }

    @Test func noConfiguredCutoffsMeansSameDayCannotBeMet() {
        var transfer = Fixtures.transfer()
        transfer.sameDay = true
        var context = Fixtures.context()
        context.schedule = SameDaySchedule(cutoffs: [])
        #expect(validator.evaluate(transfer, in: context).codes == [.sameDayCutoffPassed])
    }

    @Test func rejectedHolidayMessageNamesTheHoliday() {
        var settings = ValidationSettings()
        settings.nonBankingDayHandling = .reject
        let evaluation = evaluate(date: "2025-06-19", settings: settings)
        #expect(evaluation.violations.first?.message.contains("Juneteenth") == true)
        #expect(evaluation.violations.first?.message.contains("2025-06-20") == true)
    }
}
