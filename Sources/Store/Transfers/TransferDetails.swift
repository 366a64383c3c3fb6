import ACH
import Foundation

/// One transfer with its history, for `ach-worker inspect`. The account number is masked here,
/// before it leaves the store, so no caller can print it by accident.
public struct TransferDetails: Sendable, Codable {
    public struct Event: Sendable, Codable {
        public var at: String
        public var from: String?
        public var to: String
        public var attempt: Int
        public var actor: String
        public var detail: String?
    }

    public var id: String
    public var idempotencyKey: String
    public var originator: String
    public var direction: String
    public var amountCents: Int64
    public var secCode: String
    public var receiverName: String
    public var routingNumber: String
    public var account: String
    public var status: String
    public var attempts: Int
    public var lastError: String?
    public var effectiveDate: String?
    public var resolvedEffectiveDate: String?
    public var entryAmounts: [Int64]
    public var fileID: String?
    public var traceNumbers: [String]
    public var createdAt: String
    public var updatedAt: String
    public var leaseOwner: String?
    public var rejections: [Rejection]
    public var events: [Event]
    /// When a pending transfer is due (a retry waits), and when it was accepted or rejected.
    public var runAt: String? = nil
    public var decidedAt: String? = nil
    /// The file it is in, with that file's delivery state.
    public var file: FileSummary? = nil
    /// Its callbacks' delivery state; absent while there is no callback outbox.
    public var callbacks: [CallbackRedelivery.Delivery]? = nil

    enum CodingKeys: String, CodingKey {
        case id, originator, direction, status, attempts, rejections, events
        case idempotencyKey = "idempotency_key"
        case amountCents = "amount_cents"
        case secCode = "sec_code"
        case receiverName = "receiver_name"
        case routingNumber = "routing_number"
        case account = "account_number_masked"
        case lastError = "last_error"
        case effectiveDate = "effective_date"
        case resolvedEffectiveDate = "resolved_effective_date"
        case entryAmounts = "entry_amounts"
        case fileID = "file_id"
        case traceNumbers = "trace_numbers"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case leaseOwner = "lease_owner"
        case runAt = "run_at"
        case decidedAt = "decided_at"
        case file, callbacks
    }

    /// Finds transfers by id or by idempotency key (a key may exist under several originators,
    /// hence the array).
    public static func load(_ session: PGSession, idOrKey: String) throws -> [TransferDetails] {
        let isUUID = UUID(uuidString: idOrKey) != nil
        let rows = try session.query(
            """
            SELECT id, idempotency_key, originator, direction, amount_cents, sec_code, receiver_name,
                   routing_number,
                   -- Only the last four: the stored account number is sealed (a row from before
                   -- sealing, not yet resealed by `keys rotate`, still shows its own last four).
                   coalesce(account_last4, CASE WHEN account_number LIKE 'v1:%' THEN '' ELSE right(account_number, 4) END),
                   status, attempts, last_error, effective_date,
                   resolved_effective_date, coalesce(entry_amounts, '{}'), file_id, coalesce(trace_numbers, '{}'),
                   to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                   to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                   lease_owner, coalesce(rejection::text, '[]'),
                   to_char(run_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                   to_char(decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
              FROM transfers
             WHERE (\(isUUID ? "id = $1::uuid OR " : "")idempotency_key = $1)
             ORDER BY created_at
             LIMIT 50
            """,
            [idOrKey])
        var result: [TransferDetails] = []
        for row in rows.rows {
            func text(_ i: Int) -> String { row[i] ?? "" }
            let rejections =
                (try? JSONDecoder().decode([Rejection].self, from: Data(text(20).utf8))) ?? []
            let events = try session.query(
                """
                SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                       from_status, to_status, attempt, actor, detail::text
                  FROM transfer_events WHERE transfer_id = $1::uuid ORDER BY id
                """,
                [text(0)])
            var details =
                TransferDetails(
                    id: text(0), idempotencyKey: text(1), originator: text(2), direction: text(3),
                    amountCents: Int64(text(4)) ?? 0, secCode: text(5), receiverName: text(6),
                    routingNumber: text(7), account: "****" + text(8), status: text(9),
                    attempts: Int(text(10)) ?? 0, lastError: row[11], effectiveDate: row[12],
                    resolvedEffectiveDate: row[13], entryAmounts: PGArray.parse(text(14)).compactMap { Int64($0) },
                    fileID: row[15], traceNumbers: PGArray.parse(text(16)), createdAt: text(17),
                    updatedAt: text(18), leaseOwner: row[19], rejections: rejections,
                    events: events.rows.map {
                        Event(
                            at: $0[0] ?? "", from: $0[1], to: $0[2] ?? "", attempt: Int($0[3] ?? "0") ?? 0,
                            actor: $0[4] ?? "", detail: $0[5])
                    })
            details.runAt = row[21]
            details.decidedAt = row[22]
            try details.loadDelivery(session)
            result.append(details)
        }
        return result
    }
}
