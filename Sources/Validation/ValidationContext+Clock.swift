import ACH
import Foundation

extension ValidationContext {
    /// A context for a batch validated at `instant`, converted once to the bank's local day and
    /// time by `clock` (the bank's IANA time zone).
    public init(
        instant: Date, clock: BankClock, originators: [OriginatorPolicy],
        settings: ValidationSettings = ValidationSettings(), schedule: SameDaySchedule = SameDaySchedule(),
        history: TransferHistory = TransferHistory()
    ) {
        self.init(
            now: clock.localTime(at: instant), originators: originators, settings: settings, schedule: schedule,
            history: history)
    }
}
