/// The stable machine code of a validation rule, e.g. `ROUTING_CHECK_DIGIT`.
///
/// Codes are stored with rejected transfers, counted in metrics and read by originators, so an
/// existing code never changes meaning. It is an open struct rather than an enum (as
/// postgres-nio's error codes are) so a code read back from the database that this build does
/// not know still round-trips.
public struct RuleCode: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static func < (a: RuleCode, b: RuleCode) -> Bool { a.rawValue < b.rawValue }
}

// One constant per rule, in SPEC §4 order. The comment is the SPEC item it implements.
extension RuleCode {
    public static let amountNotPositive: RuleCode = "AMOUNT_NOT_POSITIVE"  // 1
    public static let amountFieldLimit: RuleCode = "AMOUNT_FIELD_LIMIT"  // 2
    public static let sameDayLimit: RuleCode = "SAME_DAY_LIMIT"  // 3
    public static let routingFormat: RuleCode = "ROUTING_FORMAT"  // 4
    public static let routingCheckDigit: RuleCode = "ROUTING_CHECK_DIGIT"  // 5
    public static let routingFedSymbol: RuleCode = "ROUTING_FED_SYMBOL"  // 6
    public static let accountNumberInvalid: RuleCode = "ACCOUNT_NUMBER_INVALID"  // 7
    public static let accountTypeInvalid: RuleCode = "ACCOUNT_TYPE_INVALID"  // 8
    public static let transactionCodeInvalid: RuleCode = "TRANSACTION_CODE_INVALID"  // 9 (+ TEL debit only)
    public static let secCodeUnsupported: RuleCode = "SEC_CODE_UNSUPPORTED"  // 10
    public static let secCodeReceiverMismatch: RuleCode = "SEC_CODE_RECEIVER_MISMATCH"  // 11
    public static let webPaymentType: RuleCode = "WEB_PAYMENT_TYPE"  // 12
    public static let authorizationMissing: RuleCode = "AUTHORIZATION_MISSING"  // 13
    public static let receiverNameInvalid: RuleCode = "RECEIVER_NAME_INVALID"  // 14
    public static let receiverIDInvalid: RuleCode = "RECEIVER_ID_INVALID"  // 15
    public static let entryDescriptionInvalid: RuleCode = "ENTRY_DESCRIPTION_INVALID"  // 16
    public static let addendaCount: RuleCode = "ADDENDA_COUNT"  // 17
    public static let addendaTextInvalid: RuleCode = "ADDENDA_TEXT_INVALID"  // 18
    public static let effectiveDateInPast: RuleCode = "EFFECTIVE_DATE_IN_PAST"  // 19
    public static let effectiveDateTooFar: RuleCode = "EFFECTIVE_DATE_TOO_FAR"  // 19
    public static let effectiveDateNotBankingDay: RuleCode = "EFFECTIVE_DATE_NOT_BANKING_DAY"  // 20
    public static let sameDayCutoffPassed: RuleCode = "SAME_DAY_CUTOFF_PASSED"  // 21
    public static let originatorUnknown: RuleCode = "ORIGINATOR_UNKNOWN"  // 22
    public static let originatorInactive: RuleCode = "ORIGINATOR_INACTIVE"  // 22
    public static let originatorSECCodeNotAllowed: RuleCode = "ORIGINATOR_SEC_CODE_NOT_ALLOWED"  // 22
    public static let originatorDirectionNotAllowed: RuleCode = "ORIGINATOR_DIRECTION_NOT_ALLOWED"  // 22
    public static let originatorSameDayNotAllowed: RuleCode = "ORIGINATOR_SAME_DAY_NOT_ALLOWED"  // 22
    public static let idempotencyKeyMissing: RuleCode = "IDEMPOTENCY_KEY_MISSING"  // 23
    public static let idempotencyKeyReused: RuleCode = "IDEMPOTENCY_KEY_REUSED"  // 23
    public static let probableDuplicate: RuleCode = "PROBABLE_DUPLICATE"  // 24
    public static let dailyExposureLimit: RuleCode = "DAILY_EXPOSURE_LIMIT"  // 25
    public static let transferAmountLimit: RuleCode = "TRANSFER_AMOUNT_LIMIT"  // 26
    public static let blockedParty: RuleCode = "BLOCKED_PARTY"  // 27
    public static let prenoteInvalid: RuleCode = "PRENOTE_INVALID"  // 28
    public static let currencyNotUSD: RuleCode = "CURRENCY_NOT_USD"  // 29
}

/// One failed rule on one transfer: what is stored in the transfer's `rejection` list.
///
/// `message` is written for an operator and never contains a full account number.
public struct RuleViolation: Sendable, Hashable, CustomStringConvertible {
    public let code: RuleCode
    public let message: String

    public init(code: RuleCode, message: String) {
        self.code = code
        self.message = message
    }

    /// `CODE: message`.
    public var description: String { code.rawValue + ": " + message }
}
