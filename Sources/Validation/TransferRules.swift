/// The catalogue of validation rules, in SPEC §4 order. `ach-worker rules` prints `code` and
/// `description` of each; `TransferValidator` runs them all on every transfer.
///
/// The rules themselves live in `Rules/`, grouped by what they look at.
public enum TransferRules {
    public static let all: [Rule] = [
        amountNotPositive,  // 1
        amountFieldLimit,  // 2
        sameDayLimit,  // 3
        routingFormat,  // 4
        routingCheckDigit,  // 5
        routingFedSymbol,  // 6
        accountNumberInvalid,  // 7
        accountTypeInvalid,  // 8
        transactionCodeInvalid,  // 9, and TEL is debit only (12)
        secCodeUnsupported,  // 10
        secCodeReceiverMismatch,  // 11
        webPaymentType,  // 12
        authorizationMissing,  // 13
        receiverNameInvalid,  // 14
        receiverIDInvalid,  // 15
        entryDescriptionInvalid,  // 16
        addendaCount,  // 17
        addendaTextInvalid,  // 18
        effectiveDateInPast,  // 19
        effectiveDateTooFar,  // 19
        effectiveDateNotBankingDay,  // 20
        sameDayCutoffPassed,  // 21
        originatorUnknown,  // 22
        originatorInactive,  // 22
        originatorSECCodeNotAllowed,  // 22
        originatorDirectionNotAllowed,  // 22
        originatorSameDayNotAllowed,  // 22
        idempotencyKeyMissing,  // 23
        idempotencyKeyReused,  // 23
        probableDuplicate,  // 24
        dailyExposureLimit,  // 25
        transferAmountLimit,  // 26
        blockedParty,  // 27
        prenoteInvalid,  // 28
        currencyNotUSD,  // 29
    ]

    /// The rule with `code`, if it exists.
    public static func rule(_ code: RuleCode) -> Rule? {
        all.first { $0.code == code }
    }

    /// Rules whose outcome also depends on the other transfers of the same batch.
    static let batchCodes: Set<RuleCode> = [.idempotencyKeyReused, .probableDuplicate, .dailyExposureLimit]
}
