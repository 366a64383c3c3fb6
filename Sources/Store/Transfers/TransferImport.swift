import ACH
import Foundation

/// Bulk enqueue through COPY: the producer path of `ach-worker import` and the load-test seeder.
public enum TransferImport {
    public struct Result: Sendable, Equatable {
        /// Rows that became new pending transfers.
        public var inserted: Int
        /// Rows whose (originator, idempotency key) was already enqueued: not a second payment.
        public var alreadyPresent: Int
    }

    /// Copies `transfers` into a temporary table, then moves the new ones into `transfers` in one
    /// INSERT … ON CONFLICT DO NOTHING with their `pending` events, all in one transaction: either
    /// the whole file is enqueued or nothing is. `protect` gives each transfer's account number as
    /// stored (sealed, hashed); the readable one is never written.
    public static func enqueue(
        _ session: PGSession, _ transfers: [Transfer], actor: String, protect: (Transfer) -> StoredAccount
    ) throws -> Result {
        try session.transaction {
            try session.execute(
                """
                CREATE TEMPORARY TABLE import_staging (
                  line bigint, id uuid, idempotency_key text, originator text, direction transfer_direction,
                  amount_cents bigint, currency text, sec_code text, receiver_name text, receiver_id text,
                  routing_number text, account_number text, account_hash text, account_last4 text,
                  account_type text, addenda text[],
                  effective_date date, same_day boolean, entry_description text, prenote boolean,
                  web_payment_type text, authorization_ref text
                ) ON COMMIT DROP
                """)
            let copied = try session.copyIn(
                "COPY import_staging FROM STDIN", data: copyText(transfers, protect: protect))
            let inserted = try session.query(
                """
                WITH inserted AS (
                  INSERT INTO transfers (id, idempotency_key, originator, direction, amount_cents, currency,
                      sec_code, receiver_name, receiver_id, routing_number, account_number, account_hash,
                      account_last4, account_type, addenda, effective_date, same_day, entry_description, prenote,
                      web_payment_type, authorization_ref)
                  SELECT id, idempotency_key, originator, direction, amount_cents, currency, sec_code,
                         receiver_name, receiver_id, routing_number, account_number, account_hash, account_last4,
                         account_type, addenda,
                         effective_date, same_day, entry_description, prenote, web_payment_type,
                         authorization_ref
                    FROM import_staging ORDER BY line
                  ON CONFLICT (originator, idempotency_key) DO NOTHING
                  RETURNING id
                )
                INSERT INTO transfer_events (transfer_id, from_status, to_status, actor)
                SELECT id, NULL, 'pending', $1 FROM inserted
                """,
                [actor]
            ).affected
            return Result(inserted: inserted, alreadyPresent: copied - inserted)
        }
    }

    /// PostgreSQL's COPY text format: tab-separated, `\N` for NULL, backslash escapes.
    static func copyText(_ transfers: [Transfer], protect: (Transfer) -> StoredAccount) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(transfers.count * 300)
        for (line, t) in transfers.enumerated() {
            let account = protect(t)
            let fields: [String?] = [
                String(line), t.id.uuidString, t.idempotencyKey, t.originator, t.direction.rawValue,
                String(t.amountCents), t.currency, t.secCode, t.receiverName, t.receiverID, t.routingNumber,
                account.sealed, account.lookupHash, account.lastFour, t.accountType, PGArray.literal(t.addenda),
                t.effectiveDate?.description,
                t.sameDay ? "t" : "f", t.entryDescription, t.prenote ? "t" : "f", t.webPaymentType,
                t.authorization,
            ]
            for (i, field) in fields.enumerated() {
                if i > 0 { out.append(UInt8(ascii: "\t")) }
                guard let field else {
                    out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
                    continue
                }
                for byte in field.utf8 {
                    switch byte {
                    case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
                    case UInt8(ascii: "\t"): out.append(contentsOf: [92, UInt8(ascii: "t")])
                    case UInt8(ascii: "\n"): out.append(contentsOf: [92, UInt8(ascii: "n")])
                    case UInt8(ascii: "\r"): out.append(contentsOf: [92, UInt8(ascii: "r")])
                    default: out.append(byte)
                    }
                }
            }
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }
}
