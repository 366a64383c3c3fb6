/// The two-digit transaction code of an entry detail record (positions 2–3).
///
/// The first digit names the account (2 checking, 3 savings, 4 general ledger, 5 loan, 8 ADV
/// accounting), the second what happens to it. Unknown codes are representable so that the reader
/// can load a bad file and the validator can say which code is wrong.
public struct TransactionCode: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: Int

    public init(rawValue: Int) { self.rawValue = rawValue }
    public init(_ rawValue: Int) { self.rawValue = rawValue }

    public enum Account: String, Sendable, Hashable, Codable, CaseIterable {
        case checking, savings, generalLedger, loan, accounting
    }

    public enum Kind: String, Sendable, Hashable, Codable {
        /// Moves money.
        case live
        /// Zero-dollar pre-notification of a future live entry.
        case prenote
        /// Zero-dollar entry that only carries remittance addenda (CCD/CTX).
        case zeroDollar
        /// Automated return or notification of change sent back by the RDFI.
        case returnOrNotification
    }

    public static let checkingReturnOrNOCCredit = TransactionCode(21)
    public static let checkingCredit = TransactionCode(22)
    public static let checkingCreditPrenote = TransactionCode(23)
    public static let checkingZeroDollarCredit = TransactionCode(24)
    public static let checkingReturnOrNOCDebit = TransactionCode(26)
    public static let checkingDebit = TransactionCode(27)
    public static let checkingDebitPrenote = TransactionCode(28)
    public static let checkingZeroDollarDebit = TransactionCode(29)
    public static let savingsReturnOrNOCCredit = TransactionCode(31)
    public static let savingsCredit = TransactionCode(32)
    public static let savingsCreditPrenote = TransactionCode(33)
    public static let savingsZeroDollarCredit = TransactionCode(34)
    public static let savingsReturnOrNOCDebit = TransactionCode(36)
    public static let savingsDebit = TransactionCode(37)
    public static let savingsDebitPrenote = TransactionCode(38)
    public static let savingsZeroDollarDebit = TransactionCode(39)
    public static let generalLedgerCredit = TransactionCode(42)
    public static let generalLedgerDebit = TransactionCode(47)
    public static let loanCredit = TransactionCode(52)
    public static let loanDebit = TransactionCode(55)

    /// Every code the NACHA rules define.
    public var isDefined: Bool {
        switch rawValue {
        case 21...24, 26...29, 31...34, 36...39, 41...44, 46...49, 51...56, 81...88: return true
        default: return false
        }
    }

    public var account: Account? {
        guard isDefined else { return nil }
        switch rawValue / 10 {
        case 2: return .checking
        case 3: return .savings
        case 4: return .generalLedger
        case 5: return .loan
        default: return .accounting
        }
    }

    public var kind: Kind? {
        guard isDefined else { return nil }
        if rawValue / 10 == 8 { return .live }
        switch (rawValue, rawValue % 10) {
        case (55, _): return .live  // loan debit (reversals only)
        case (_, 1), (_, 6): return .returnOrNotification
        case (_, 2), (_, 7): return .live
        case (_, 3), (_, 8): return .prenote
        default: return .zeroDollar
        }
    }

    /// Money (or a zero-dollar notice) to the receiver's account.
    public var isCredit: Bool {
        guard isDefined else { return false }
        if rawValue / 10 == 8 { return rawValue % 2 == 1 }
        if rawValue == 55 || rawValue == 56 { return false }
        return (1...4).contains(rawValue % 10)
    }

    /// Money (or a zero-dollar notice) from the receiver's account.
    public var isDebit: Bool { isDefined && !isCredit }

    public var isPrenote: Bool { kind == .prenote }

    /// Prenotes and zero-dollar remittance entries must carry a zero amount.
    public var requiresZeroAmount: Bool { kind == .prenote || kind == .zeroDollar }

    /// The code an originator uses for a payment in `direction` to an account of `account` type.
    /// Nil for combinations that do not exist (accounting records, prenote loan debits).
    public static func origination(direction: TransferDirection, account: Account, prenote: Bool = false)
        -> TransactionCode?
    {
        let tens: Int
        switch account {
        case .checking: tens = 20
        case .savings: tens = 30
        case .generalLedger: tens = 40
        case .loan: tens = 50
        case .accounting: return nil
        }
        switch (direction, prenote) {
        case (.credit, false): return TransactionCode(tens + 2)
        case (.credit, true): return TransactionCode(tens + 3)
        case (.debit, false): return TransactionCode(tens == 50 ? 55 : tens + 7)
        case (.debit, true): return tens == 50 ? nil : TransactionCode(tens + 8)
        }
    }

    /// Whether a batch of `sec` entries may use this code. Returns and notifications of change
    /// may appear in any batch but ADV; TEL is debit only; COR carries only return/NOC codes.
    public func isAllowed(in sec: SECCode) -> Bool {
        guard isDefined else { return false }
        if sec == .adv { return rawValue / 10 == 8 }
        if rawValue / 10 == 8 { return false }
        if kind == .returnOrNotification { return true }
        switch sec {
        case .cor: return false
        case .tel: return [27, 28, 37, 38].contains(rawValue)
        case .web: return [22, 23, 27, 28, 32, 33, 37, 38].contains(rawValue)
        case .ppd: return kind != .zeroDollar
        default: return true
        }
    }

    public var description: String { rawValue < 10 ? "0\(rawValue)" : String(rawValue) }
}
