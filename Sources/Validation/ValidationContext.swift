import ACH

/// Everything the rules need besides the transfer itself, built **once per claimed batch**
/// (SPEC §4) and shared read-only by every concurrent `evaluate` call.
///
/// Construction, per batch:
/// 1. `now`: `BankClock.localTime(at: Date())` in the bank's time zone — one instant for the
///    whole batch, so two transfers of one batch never disagree about "today".
/// 2. `originators` and `settings` from configuration; `schedule` from the destination's
///    same-day cutoffs and the banking calendar.
/// 3. `history`: the database look-ups listed in `TransferHistory`, driven by
///    `TransferHistory.query(for:)`.
public struct ValidationContext: Sendable {
    /// Bank-local date and time the batch is validated at.
    public var now: BankLocalTime
    /// Policies by `OriginatorPolicy.name`.
    public var originators: [String: OriginatorPolicy]
    public var settings: ValidationSettings
    /// Same-day cutoffs plus the banking calendar.
    public var schedule: SameDaySchedule
    public var history: TransferHistory

    public init(
        now: BankLocalTime, originators: [OriginatorPolicy], settings: ValidationSettings = ValidationSettings(),
        schedule: SameDaySchedule = SameDaySchedule(), history: TransferHistory = TransferHistory()
    ) {
        self.now = now
        // Last one wins on a repeated name; configuration loading is where to reject that.
        self.originators = Dictionary(originators.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        self.settings = settings
        self.schedule = schedule
        self.history = history
    }

    /// The bank-local calendar day of `now`.
    public var today: CalendarDate { now.date }

    public var calendar: BankingCalendar { schedule.calendar }
}
