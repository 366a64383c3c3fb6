import ACH

/// What one originator (a company that sends payments through us) is allowed to do, from
/// configuration. Limits are integer cents; nil means "no limit of our own".
public struct OriginatorPolicy: Sendable, Hashable {
    /// The key transfers use in their `originator` column.
    public var name: String
    /// An inactive originator's transfers are rejected (offboarding, suspected fraud).
    public var active: Bool
    /// Company name for the batch header (NACHA: 16 characters).
    public var companyName: String
    /// Company identification for the batch header (NACHA: 10 characters, often `1` + EIN).
    public var companyID: String
    /// SEC codes (`PPD`, `CCD`, …) the originator's agreement covers.
    public var allowedSECCodes: Set<SECCode>
    public var allowedDirections: Set<TransferDirection>
    /// Largest single entry; a larger transfer is split into several entries (SPEC §5).
    /// Nil: only the NACHA amount field limits the entry size.
    public var maxEntryAmountCents: Int64?
    /// Largest transfer accepted at all, before splitting (rule 26).
    public var maxTransferAmountCents: Int64?
    /// Total debits per effective date (rule 25): the money we collect and could see returned.
    public var dailyDebitLimitCents: Int64?
    /// Total credits per effective date (rule 25): the money we pay out before being funded.
    public var dailyCreditLimitCents: Int64?
    /// Whether the originator may request Same Day ACH (it costs a fee and shortens return time).
    public var sameDayAllowed: Bool

    public init(
        name: String, active: Bool = true, companyName: String = "", companyID: String = "",
        allowedSECCodes: Set<SECCode> = Set(SECCode.originated),
        allowedDirections: Set<TransferDirection> = Set(TransferDirection.allCases),
        maxEntryAmountCents: Int64? = nil, maxTransferAmountCents: Int64? = nil,
        dailyDebitLimitCents: Int64? = nil, dailyCreditLimitCents: Int64? = nil, sameDayAllowed: Bool = true
    ) {
        self.name = name
        self.active = active
        self.companyName = companyName
        self.companyID = companyID
        self.allowedSECCodes = allowedSECCodes
        self.allowedDirections = allowedDirections
        self.maxEntryAmountCents = maxEntryAmountCents
        self.maxTransferAmountCents = maxTransferAmountCents
        self.dailyDebitLimitCents = dailyDebitLimitCents
        self.dailyCreditLimitCents = dailyCreditLimitCents
        self.sameDayAllowed = sameDayAllowed
    }

    /// The daily exposure limit for one direction.
    public func dailyLimitCents(for direction: TransferDirection) -> Int64? {
        direction == .debit ? dailyDebitLimitCents : dailyCreditLimitCents
    }
}
