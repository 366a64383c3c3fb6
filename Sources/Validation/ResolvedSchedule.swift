import ACH

/// When a transfer settles: its effective date and, for Same Day ACH, the window it goes in.
///
/// Resolution (rules 19–21), with `today` the bank-local date of the batch:
/// - No requested date: a standard entry settles the next banking day after today; a same-day
///   entry today.
/// - A requested date must not be in the past — for a standard entry today already is, since it
///   can only settle on a later banking day (a today-dated standard entry would be settled
///   same-day by the operator, with same-day fees and limits) — and at most
///   `schedulingWindowDays` ahead. A weekend or holiday is rolled to the next banking day or
///   rejected, per `nonBankingDayHandling`.
/// - A same-day entry for today takes today's next open window; past the last cutoff it rolls to
///   the next banking day's first window, becomes a standard entry, or is rejected, per
///   `sameDayCutoffHandling`. A same-day entry for a later date takes that day's first window.
public struct ResolvedSchedule: Sendable, Hashable {
    /// The settlement date, or nil when a schedule rule rejected the request.
    public var effectiveDate: CalendarDate?
    /// Whether the entry goes out as Same Day ACH (false after `convertToStandard`).
    public var sameDay: Bool
    /// The same-day window the entry is planned for.
    public var window: SameDayWindow?
    /// The requested date when resolution moved it (for the operator and the status event).
    public var movedFrom: CalendarDate?
    var problems: [Problem]

    enum Problem: Sendable, Hashable {
        case inPast(requested: CalendarDate, earliest: CalendarDate)
        case tooFar(requested: CalendarDate, latest: CalendarDate)
        case notBankingDay(CalendarDate)
        case cutoffPassed(now: BankLocalTime, lastCutoff: TimeOfDay?)
    }

    static func resolve(_ transfer: Transfer, in context: ValidationContext) -> ResolvedSchedule {
        let today = context.today
        let calendar = context.calendar
        let settings = context.settings
        var result = ResolvedSchedule(effectiveDate: nil, sameDay: transfer.sameDay, problems: [])

        if let requested = transfer.effectiveDate {
            let earliest = transfer.sameDay ? today : today.adding(days: 1)
            let latest = today.adding(days: settings.schedulingWindowDays)
            if requested < earliest {
                result.problems.append(.inPast(requested: requested, earliest: earliest))
            } else if requested > latest {
                result.problems.append(.tooFar(requested: requested, latest: latest))
            } else if calendar.isBankingDay(requested) {
                result.effectiveDate = requested
            } else if settings.nonBankingDayHandling == .rollForward {
                result.effectiveDate = calendar.bankingDay(onOrAfter: requested)
                result.movedFrom = requested
            } else {
                result.problems.append(.notBankingDay(requested))
            }
        } else {
            result.effectiveDate = transfer.sameDay ? today : calendar.nextBankingDay(after: today)
        }

        guard transfer.sameDay, let date = result.effectiveDate else { return result }
        let schedule = context.schedule
        if date != today {
            result.window = schedule.firstWindow(on: date)
        } else if let open = schedule.openWindow(at: context.now) {
            result.window = open
        } else {
            result.resolveCutoffPassed(context: context)
        }
        return result
    }

    /// Today's last same-day window has gone (or today is not a banking day).
    private mutating func resolveCutoffPassed(context: ValidationContext) {
        let today = context.today
        let passed = Problem.cutoffPassed(now: context.now, lastCutoff: context.schedule.cutoffs.last)
        switch context.settings.sameDayCutoffHandling {
        case .rollToNextWindow:
            guard let next = context.schedule.nextWindow(at: context.now) else {
                // No cutoffs configured: same-day can never be met, so there is nothing to roll to.
                effectiveDate = nil
                problems.append(passed)
                return
            }
            effectiveDate = next.date
            window = next
            movedFrom = today
        case .convertToStandard:
            sameDay = false
            effectiveDate = context.calendar.nextBankingDay(after: today)
            movedFrom = today
        case .reject:
            effectiveDate = nil
            problems.append(passed)
        }
    }
}
