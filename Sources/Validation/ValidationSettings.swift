/// Bank-wide validation settings, from configuration. Defaults are what a US ODFI would expect.
public struct ValidationSettings: Sendable, Hashable {
    /// What to do with an effective date on a weekend or Fed holiday.
    public enum NonBankingDayHandling: String, Sendable, Hashable, CaseIterable {
        /// Settle on the next banking day (what most ACH front-ends do).
        case rollForward
        /// Reject with `EFFECTIVE_DATE_NOT_BANKING_DAY`.
        case reject
    }

    /// What to do with a same-day request for today after today's last cutoff.
    public enum SameDayCutoffHandling: String, Sendable, Hashable, CaseIterable {
        /// Keep it same-day, in the first window of the next banking day.
        case rollToNextWindow
        /// Send it as a standard entry settling the next banking day (no same-day fee).
        case convertToStandard
        /// Reject with `SAME_DAY_CUTOFF_PASSED`.
        case reject
    }

    /// What to do with a same-day request above `sameDayPaymentLimitCents`.
    public enum SameDayOverLimitHandling: String, Sendable, Hashable, CaseIterable {
        /// Reject with `SAME_DAY_LIMIT`. The default: Nacha's limit is per *payment*, and its
        /// guidance says a payment may not be divided into several same-day entries to evade it.
        case reject
        /// Split into entries of at most the same-day limit — only for banks whose agreement
        /// with Nacha/their ODFI allows it.
        case split
    }

    /// NACHA's entry amount field: ten digits of cents, $99,999,999.99.
    public static let nachaAmountFieldMaxCents: Int64 = 9_999_999_999

    /// Latest effective date accepted, in calendar days after today (rule 19).
    public var schedulingWindowDays: Int
    public var nonBankingDayHandling: NonBankingDayHandling
    public var sameDayCutoffHandling: SameDayCutoffHandling
    public var sameDayOverLimitHandling: SameDayOverLimitHandling
    /// How far back (calendar days, by creation time) the database look-up for probable
    /// duplicates reaches (rule 24). 0 switches the rule off.
    public var duplicateWindowDays: Int
    /// Receivers we must not pay or debit (rule 27).
    public var blockedParties: BlockedParties
    /// Same Day ACH per-payment limit (Nacha: $1,000,000 since 2022-03-18).
    public var sameDayPaymentLimitCents: Int64
    /// Largest amount in one entry; never more than the NACHA field allows.
    public var entryAmountFieldMaxCents: Int64
    /// Most entries one transfer may be split into (rule 2); beyond it the amount is rejected
    /// rather than flooding a file.
    public var maxEntriesPerTransfer: Int

    public init(
        schedulingWindowDays: Int = 30, nonBankingDayHandling: NonBankingDayHandling = .rollForward,
        sameDayCutoffHandling: SameDayCutoffHandling = .rollToNextWindow,
        sameDayOverLimitHandling: SameDayOverLimitHandling = .reject, duplicateWindowDays: Int = 7,
        blockedParties: BlockedParties = BlockedParties(), sameDayPaymentLimitCents: Int64 = 100_000_000,
        entryAmountFieldMaxCents: Int64 = ValidationSettings.nachaAmountFieldMaxCents,
        maxEntriesPerTransfer: Int = 1_000
    ) {
        self.schedulingWindowDays = schedulingWindowDays
        self.nonBankingDayHandling = nonBankingDayHandling
        self.sameDayCutoffHandling = sameDayCutoffHandling
        self.sameDayOverLimitHandling = sameDayOverLimitHandling
        self.duplicateWindowDays = duplicateWindowDays
        self.blockedParties = blockedParties
        self.sameDayPaymentLimitCents = sameDayPaymentLimitCents
        self.entryAmountFieldMaxCents = entryAmountFieldMaxCents
        self.maxEntriesPerTransfer = maxEntriesPerTransfer
    }

    /// The largest entry for a transfer of `policy`: the smallest of the originator's entry
    /// limit, the NACHA field, and — for same-day entries when splitting is allowed — the
    /// same-day limit. Always at least 1 cent.
    public func maxEntryAmountCents(for policy: OriginatorPolicy?, sameDay: Bool) -> Int64 {
        var limit = min(entryAmountFieldMaxCents, ValidationSettings.nachaAmountFieldMaxCents)
        if let own = policy?.maxEntryAmountCents { limit = min(limit, own) }
        if sameDay && sameDayOverLimitHandling == .split { limit = min(limit, sameDayPaymentLimitCents) }
        return max(limit, 1)
    }
}
