import ACH

/// One validation rule: a stable code, a one-line description (what `ach-worker rules` prints),
/// and its check.
public struct Rule: Sendable, Identifiable {
    public let code: RuleCode
    /// One line, stating what a valid transfer satisfies.
    public let description: String
    /// Returns a message when the transfer breaks the rule, nil when it passes. Nil for rules that
    /// only the batch step can decide (they need the batch's other transfers).
    public let check: (@Sendable (TransferFacts) -> String?)?

    public init(code: RuleCode, description: String, check: (@Sendable (TransferFacts) -> String?)?) {
        self.code = code
        self.description = description
        self.check = check
    }

    public var id: RuleCode { code }

    /// True for rules evaluated (only or also) by `TransferValidator.applyBatchLimits`.
    public var runsInBatchStep: Bool { TransferRules.batchCodes.contains(code) }
}

/// What every rule sees: the transfer, the batch context, and what `evaluate` worked out once
/// so that rules do not repeat it (the originator's policy, parsed codes, the schedule, the split).
public struct TransferFacts: Sendable {
    public let transfer: Transfer
    public let context: ValidationContext
    /// Nil when the originator is not configured (`ORIGINATOR_UNKNOWN`); policy rules then skip.
    public let policy: OriginatorPolicy?
    /// Nil when the SEC code is unsupported (`SEC_CODE_UNSUPPORTED`); SEC-dependent rules skip.
    public let secCode: SECCode?
    /// Nil when the account type is unknown (`ACCOUNT_TYPE_INVALID`).
    public let accountType: TransactionCode.Account?
    public let schedule: ResolvedSchedule
    /// Largest entry this transfer may use.
    public let maxEntryAmountCents: Int64
    /// Nil for zero or negative amounts.
    public let split: AmountSplit?
    /// Routing number checks, done once: three rules need them and the `ACH` helpers are
    /// generic, so they are the costliest part of validation when repeated.
    public let routingIsNineDigits: Bool
    /// The ABA check digit the first eight digits call for; nil unless nine digits.
    public let routingExpectedCheckDigit: Int?
    public let routingHasFedSymbol: Bool

    init(transfer: Transfer, context: ValidationContext) {
        self.transfer = transfer
        self.context = context
        self.policy = context.originators[transfer.originator]
        self.secCode = EntryClass.secCode(transfer.secCode)
        self.accountType = EntryClass.account(transfer.accountType)
        self.schedule = ResolvedSchedule.resolve(transfer, in: context)
        self.maxEntryAmountCents = context.settings.maxEntryAmountCents(for: policy, sameDay: schedule.sameDay)
        self.split = AmountSplit(total: transfer.amountCents, maxPart: maxEntryAmountCents)
        let routing = transfer.routingNumber
        self.routingIsNineDigits = RoutingNumber.isNineDigits(routing)
        self.routingExpectedCheckDigit = routingIsNineDigits ? RoutingNumber.checkDigit(for: routing.prefix(8)) : nil
        self.routingHasFedSymbol = routingIsNineDigits && RoutingNumber.hasValidFederalReserveSymbol(routing)
    }

    /// True when the ninth digit is the expected check digit.
    public var routingCheckDigitIsValid: Bool {
        guard let expected = routingExpectedCheckDigit, let last = transfer.routingNumber.utf8.last else {
            return false
        }
        return Int(last) - 48 == expected
    }

    /// The transaction code, when SEC code and account type are known and NACHA defines one.
    public var transactionCode: TransactionCode? {
        guard let secCode, let accountType else { return nil }
        return EntryClass.transactionCode(
            sec: secCode, direction: transfer.direction, account: accountType, prenote: transfer.prenote)
    }

    /// The account number masked to its last four characters: the only form messages may use.
    public var maskedAccount: String { transfer.maskedAccountNumber }
}
