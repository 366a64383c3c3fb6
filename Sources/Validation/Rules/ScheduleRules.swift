import ACH

// Rules 19–21: the effective date and the same-day window. `ResolvedSchedule` does the work;
// these rules turn its problems into messages.
extension TransferRules {
    static let effectiveDateInPast = Rule(
        code: .effectiveDateInPast,
        description:
            "effective date is not in the past (a standard entry settles after today, a same-day entry today)"
    ) { f in
        for case let .inPast(requested, earliest) in f.schedule.problems {
            if f.transfer.sameDay {
                return "effective date \(requested) is in the past (today is \(f.context.today))"
            }
            return "effective date \(requested) is too early: a standard entry settles on \(earliest) at the "
                + "earliest; leave the date empty, choose a later one, or request same-day"
        }
        return nil
    }

    static let effectiveDateTooFar = Rule(
        code: .effectiveDateTooFar,
        description: "effective date is within the scheduling window (default 30 days ahead)"
    ) { f in
        for case let .tooFar(requested, latest) in f.schedule.problems {
            return "effective date \(requested) is more than \(f.context.settings.schedulingWindowDays) days "
                + "ahead; the latest accepted is \(latest)"
        }
        return nil
    }

    static let effectiveDateNotBankingDay = Rule(
        code: .effectiveDateNotBankingDay,
        description: "effective date is a banking day (when weekends and Fed holidays are set to reject, not roll)"
    ) { f in
        for case let .notBankingDay(date) in f.schedule.problems {
            let next = f.context.calendar.bankingDay(onOrAfter: date)
            return "effective date \(date) is \(TextChecks.whyClosed(date, f.context.calendar)), not a banking "
                + "day; the next banking day is \(next)"
        }
        return nil
    }

    static let sameDayCutoffPassed = Rule(
        code: .sameDayCutoffPassed,
        description: "a same-day request for today is made before the last same-day cutoff (when set to reject)"
    ) { f in
        for case let .cutoffPassed(now, lastCutoff) in f.schedule.problems {
            let calendar = f.context.calendar
            guard let lastCutoff else { return "Same Day ACH is not available: no same-day cutoffs are configured" }
            if !calendar.isBankingDay(now.date) {
                return "today (\(now.date)) is \(TextChecks.whyClosed(now.date, calendar)): no same-day window "
                    + "is open; the next banking day is \(calendar.nextBankingDay(after: now.date))"
            }
            return "today's last same-day cutoff (\(lastCutoff) bank time) has passed at \(now); request a "
                + "standard entry or a later date"
        }
        return nil
    }
}

extension TextChecks {
    /// "a Saturday", "Juneteenth National Independence Day", "a bank closure".
    static func whyClosed(_ date: CalendarDate, _ calendar: BankingCalendar) -> String {
        if date.isoWeekday == 6 { return "a Saturday" }
        if date.isoWeekday == 7 { return "a Sunday" }
        if let holiday = calendar.holiday(on: date) { return holiday.name + " (Federal Reserve holiday)" }
        return "a bank closure day"
    }
}
