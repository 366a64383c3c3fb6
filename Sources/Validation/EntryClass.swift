import ACH

/// How a transfer's SEC code, account type and direction map onto NACHA's codes — the one place
/// both the rules and file assembly ask, so they can never disagree.
public enum EntryClass {
    /// The SEC code when it is one this system originates (PPD, CCD, CTX, WEB, TEL), else nil.
    public static func secCode(_ text: String) -> SECCode? {
        let code = SECCode(rawValue: text)
        return SECCode.originated.contains(code) ? code : nil
    }

    /// `checking` or `savings`, as the producer writes it in `account_type`; else nil.
    public static func account(_ text: String) -> TransactionCode.Account? {
        switch text {
        case "checking": .checking
        case "savings": .savings
        default: nil
        }
    }

    /// The entry's transaction code, or nil when NACHA defines none for the SEC code (TEL entries
    /// are debits only: a consumer's telephone authorization covers only pulling money).
    public static func transactionCode(
        sec: SECCode, direction: TransferDirection, account: TransactionCode.Account, prenote: Bool
    ) -> TransactionCode? {
        guard let code = TransactionCode.origination(direction: direction, account: account, prenote: prenote),
            code.isAllowed(in: sec)
        else { return nil }
        return code
    }

    /// The transaction code of a transfer's entries, when its SEC code and account type are valid.
    public static func transactionCode(of transfer: Transfer) -> TransactionCode? {
        guard let sec = secCode(transfer.secCode), let account = account(transfer.accountType) else { return nil }
        return transactionCode(sec: sec, direction: transfer.direction, account: account, prenote: transfer.prenote)
    }
}
