import ACH

/// What the database knows about transfers **outside the batch being validated**, loaded once
/// per claimed batch (SPEC §4) and handed to the rules as plain data.
///
/// Every look-up must exclude the batch's own transfers (`id <> ALL($batchIDs)`): collisions
/// inside the batch are found by `TransferValidator.applyBatchLimits`, in batch order, and
/// counting them twice would reject both sides. "Committed" statuses below means `accepted`,
/// `batched`, `sent` and `settled` — transfers that move (or moved) money.
public struct TransferHistory: Sendable, Hashable {
    /// Rule 23. Keys held by other transfers of the same originator, in any status (a rejected
    /// request still used its key), created before the batch transfer that holds the same key.
    /// SQL: `originator` and the normalised key — see `IdempotencyKey.normalize`.
    public var idempotencyKeysInUse: Set<IdempotencyKey>
    /// Rule 24. Number of committed transfers per duplicate key, created within the last
    /// `ValidationSettings.duplicateWindowDays` days, keyed by their resolved effective date.
    public var duplicateCounts: [DuplicateKey: Int]
    /// Rule 25. Sum of `amount_cents` of committed transfers per (originator, resolved
    /// effective date, direction).
    public var exposureUsedCents: [ExposureKey: Int64]

    public init(
        idempotencyKeysInUse: Set<IdempotencyKey> = [], duplicateCounts: [DuplicateKey: Int] = [:],
        exposureUsedCents: [ExposureKey: Int64] = [:]
    ) {
        self.idempotencyKeysInUse = idempotencyKeysInUse
        self.duplicateCounts = duplicateCounts
        self.exposureUsedCents = exposureUsedCents
    }
}

/// An idempotency key as the uniqueness rule sees it: per originator, trimmed and case-folded,
/// so `" Order-17"` and `"order-17"` are the same request.
public struct IdempotencyKey: Sendable, Hashable {
    public let originator: String
    /// Already normalised.
    public let key: String

    /// `normalizedKey` must come from `normalize` or its SQL equivalent.
    public init(originator: String, normalizedKey: String) {
        self.originator = originator
        self.key = normalizedKey
    }

    public init(originator: String, rawKey: String) {
        self.init(originator: originator, normalizedKey: IdempotencyKey.normalize(rawKey))
    }

    /// Trims spaces, tabs, CR and LF at both ends and lower-cases ASCII letters — nothing else, so
    /// PostgreSQL computes exactly the same value with
    /// `lower(btrim(idempotency_key, E' \t\r\n') COLLATE "C")` (the "C" collation keeps `lower`
    /// to ASCII). `transfer_keys` stores that expression per originator, so the database agrees with
    /// this rule.
    public static func normalize(_ raw: String) -> String {
        func isTrimmed(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
        let bytes = raw.utf8
        guard let first = bytes.firstIndex(where: { !isTrimmed($0) }),
            let last = bytes.lastIndex(where: { !isTrimmed($0) })
        else { return "" }
        let core = bytes[first...last]
        let isUpper = { (b: UInt8) in b >= 0x41 && b <= 0x5A }
        // Keys are usually already normal: return them without building a new string.
        if core.count == bytes.count && !core.contains(where: isUpper) { return raw }
        return String(decoding: core.map { isUpper($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}

/// The fields that make two transfers a probable duplicate (rule 24): same originator, same
/// receiving account, same direction and amount, same resolved effective date. (A debit and a
/// credit of the same amount are a payment and its refund, not a duplicate.)
///
/// SQL: `originator, routing_number, account_number, direction, amount_cents, effective_date`
/// with the effective date as resolved by validation (store `Evaluation.effectiveDate`).
public struct DuplicateKey: Sendable, Hashable {
    public let originator: String
    public let routingNumber: String
    public let accountNumber: String
    public let direction: TransferDirection
    public let amountCents: Int64
    public let effectiveDate: CalendarDate

    public init(
        originator: String, routingNumber: String, accountNumber: String, direction: TransferDirection,
        amountCents: Int64, effectiveDate: CalendarDate
    ) {
        self.originator = originator
        self.routingNumber = routingNumber
        self.accountNumber = accountNumber
        self.direction = direction
        self.amountCents = amountCents
        self.effectiveDate = effectiveDate
    }
}

/// One originator's exposure bucket (rule 25): money moving in one direction on one settlement
/// day. SQL: `originator, effective_date` (resolved), `direction`.
public struct ExposureKey: Sendable, Hashable {
    public let originator: String
    public let effectiveDate: CalendarDate
    public let direction: TransferDirection

    public init(originator: String, effectiveDate: CalendarDate, direction: TransferDirection) {
        self.originator = originator
        self.effectiveDate = effectiveDate
        self.direction = direction
    }
}
