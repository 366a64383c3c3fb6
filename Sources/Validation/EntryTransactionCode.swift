import ACH

/// The Standard Entry Class codes this system originates.
///
/// Named `EntrySECCode` (not `SECCode`) so it never clashes with the NACHA record types in `ACH`;
/// Validation stays independent of the file writer.
public enum EntrySECCode: String, Sendable, Hashable, CaseIterable {
    /// Prearranged payment and deposit: consumer accounts.
    case ppd = "PPD"
    /// Corporate credit or debit: business accounts, at most one addenda.
    case ccd = "CCD"
    /// Corporate trade exchange: business accounts, EDI remittance in up to 9,999 addenda.
    case ctx = "CTX"
    /// Internet-initiated consumer entry.
    case web = "WEB"
    /// Telephone-initiated consumer debit.
    case tel = "TEL"

    /// Business receivers (CCD, CTX) as opposed to consumers (PPD, WEB, TEL).
    public var isCorporate: Bool { self == .ccd || self == .ctx }

    /// Addenda records one entry may carry (NACHA: PPD/CCD/WEB one 05 record, TEL none, CTX
    /// up to 9,999).
    public var maxAddenda: Int {
        switch self {
        case .ppd, .ccd, .web: 1
        case .tel: 0
        case .ctx: 9_999
        }
    }
}

/// `checking` or `savings`, as the producer writes it in `account_type`.
public enum ReceiverAccountType: String, Sendable, Hashable, CaseIterable {
    case checking
    case savings
}

/// The two-digit NACHA transaction code of an entry (positions 2–3 of the entry detail record).
///
/// Validation's own small mapping, named so it does not clash with the NACHA writer's type.
public enum EntryTransactionCode: Int, Sendable, Hashable, CaseIterable {
    case checkingCredit = 22
    case checkingCreditPrenote = 23
    case checkingDebit = 27
    case checkingDebitPrenote = 28
    case savingsCredit = 32
    case savingsCreditPrenote = 33
    case savingsDebit = 37
    case savingsDebitPrenote = 38

    /// The code for an entry, or nil when NACHA defines none for the SEC code: TEL entries are
    /// debits only (a consumer's telephone authorization covers only pulling money).
    public static func code(
        sec: EntrySECCode, direction: TransferDirection, accountType: ReceiverAccountType, prenote: Bool
    ) -> EntryTransactionCode? {
        if sec == .tel && direction == .credit { return nil }
        switch (accountType, direction, prenote) {
        case (.checking, .credit, false): return .checkingCredit
        case (.checking, .credit, true): return .checkingCreditPrenote
        case (.checking, .debit, false): return .checkingDebit
        case (.checking, .debit, true): return .checkingDebitPrenote
        case (.savings, .credit, false): return .savingsCredit
        case (.savings, .credit, true): return .savingsCreditPrenote
        case (.savings, .debit, false): return .savingsDebit
        case (.savings, .debit, true): return .savingsDebitPrenote
        }
    }

    public var isCredit: Bool { rawValue % 10 < 5 }
    public var isPrenote: Bool { rawValue % 10 == 3 || rawValue % 10 == 8 }
}
