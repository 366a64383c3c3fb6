import ACH
import Foundation

/// A transfer as the worker sees it after claiming: the request plus the worker state it needs.
public struct ClaimedTransfer: Sendable {
    public var transfer: Transfer
    /// Attempts including this one.
    public var attempts: Int
    /// When the producer enqueued it (seconds since 1970), for pending → accepted latency.
    public var createdAt: Double

    public init(transfer: Transfer, attempts: Int, createdAt: Double) {
        self.transfer = transfer
        self.attempts = attempts
        self.createdAt = createdAt
    }
}

/// One rule violation as stored in `transfers.rejection` and shown by `inspect`.
public struct Rejection: Sendable, Codable, Hashable {
    public var code: String
    public var message: String
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// What the worker decided for one claimed transfer.
public struct TransferOutcome: Sendable {
    public enum Decision: Sendable {
        /// Passed every rule: settles on `effectiveDate` (as Same Day ACH when `sameDay`) as these
        /// entries (more than one when split).
        case accepted(effectiveDate: CalendarDate, sameDay: Bool = false, entryAmounts: [Int64])
        /// Broke at least one rule.
        case rejected([Rejection])
        /// Could not be processed this time (not a rule failure): retried later, or `failed` once
        /// its attempts are used up.
        case retry(error: String)
    }

    public var id: UUID
    public var decision: Decision

    public init(id: UUID, decision: Decision) {
        self.id = id
        self.decision = decision
    }
}

/// The columns a claim returns, in order; `ClaimedTransfer.init(row:)` reads them by position.
let claimedColumns = """
    t.id, t.idempotency_key, t.originator, t.direction, t.amount_cents, t.currency, t.sec_code,
    t.receiver_name, t.receiver_id, t.routing_number, t.account_number, t.account_type, t.addenda,
    t.effective_date, t.same_day, t.entry_description, t.prenote, t.web_payment_type,
    t.authorization_ref, t.attempts, extract(epoch FROM t.created_at)
    """

extension ClaimedTransfer {
    init(row: [String?]) throws {
        func text(_ i: Int) -> String { row[i] ?? "" }
        guard let id = UUID(uuidString: text(0)), let direction = TransferDirection(rawValue: text(3)),
            let amount = Int64(text(4))
        else {
            throw StoreError(.decodingFailed, "claimed row has an unreadable id, direction or amount")
        }
        let transfer = Transfer(
            id: id, idempotencyKey: text(1), originator: text(2), direction: direction, amountCents: amount,
            currency: text(5), secCode: text(6), receiverName: text(7), receiverID: text(8),
            routingNumber: text(9), accountNumber: text(10), accountType: text(11),
            addenda: PGArray.parse(text(12)), effectiveDate: row[13].flatMap { CalendarDate(iso: $0) },
            sameDay: text(14) == "t", entryDescription: text(15), prenote: text(16) == "t",
            webPaymentType: row[17], authorization: row[18])
        self.init(transfer: transfer, attempts: Int(text(19)) ?? 0, createdAt: Double(text(20)) ?? 0)
    }
}
