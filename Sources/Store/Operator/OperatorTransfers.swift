import ACH
import Foundation

/// The SQL of `retry transfers` and `cancel`: select, lock, and change transfers with their events
/// in one statement each. Changes are conditional on the status the caller decided on, and the
/// caller holds the rows locked (`lock`), so two operators never both change one transfer.
public enum OperatorTransfers {
    /// The transfers `filter` selects, oldest first, at most `filter.limit + 1` (one more than the
    /// limit tells the caller there is more). No locks: this is the plan and the dry run.
    public static func select(_ session: PGSession, _ filter: TransferFilter) throws -> [OperatorTransfer] {
        // `rejection @> '[{"code": "X"}]'`: the form the partial GIN index answers.
        let codes = try filter.codes.map { code in
            String(decoding: try JSONEncoder().encode([["code": code]]), as: UTF8.self)
        }
        let rows = try session.query(
            """
            SELECT \(OperatorTransfer.columns)
              FROM transfers t
              \(OperatorTransfer.joins)
             WHERE ((cardinality($1::uuid[]) = 0 AND cardinality($2::text[]) = 0)
                    OR t.id = ANY($1::uuid[]) OR t.idempotency_key = ANY($2::text[]))
               AND ($3::transfer_status[] IS NULL OR t.status = ANY($3::transfer_status[]))
               AND ($4::jsonb[] IS NULL OR (t.status = 'rejected' AND t.rejection @> ANY($4::jsonb[])))
               AND ($5::text IS NULL OR t.originator = $5)
               AND ($6::timestamptz IS NULL OR t.updated_at >= $6::timestamptz)
               AND ($7::timestamptz IS NULL OR t.updated_at < $7::timestamptz)
             ORDER BY t.created_at, t.id
             LIMIT $8
            """,
            [
                PGArray.literal(filter.ids.map(\.uuidString)), PGArray.literal(filter.keys),
                filter.statuses.isEmpty ? nil : PGArray.literal(filter.statuses),
                codes.isEmpty ? nil : PGArray.literal(codes), filter.originator, filter.since.map(timestamp),
                filter.until.map(timestamp), String(filter.limit + 1),
            ])
        return try rows.rows.map(OperatorTransfer.init(row:))
    }

    /// Locks `ids` (in id order, so two operators never deadlock) until the transaction ends and
    /// returns them as they are now.
    ///
    /// Two statements on purpose: after waiting for a lock, a locking SELECT sees the new version
    /// of the locked row but joins it with its own, older snapshot, so it would miss the event the
    /// other operator just wrote. The second statement takes a fresh snapshot and sees both.
    public static func lock(_ session: PGSession, ids: [UUID]) throws -> [OperatorTransfer] {
        let list = PGArray.literal(ids.map(\.uuidString))
        try session.query("SELECT id FROM transfers WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE", [list])
        return try session.query(
            """
            SELECT \(OperatorTransfer.columns)
              FROM transfers t
              \(OperatorTransfer.joins)
             WHERE t.id = ANY($1::uuid[])
             ORDER BY t.id
            """,
            [list]
        ).rows.map(OperatorTransfer.init(row:))
    }

    /// `failed` or `rejected` → `pending` with a fresh attempt budget, due now, each with an
    /// event carrying `detail` and what it replaced. Returns the ids that changed.
    ///
    /// The UPDATE re-checks the status itself (`t.status = old.status` is evaluated again on the
    /// newest row version after a lock wait), so even a caller without `lock` cannot change a
    /// transfer twice.
    public static func requeue(_ session: PGSession, ids: [UUID], actor: String, detail: String) throws -> Set<UUID> {
        let rows = try session.query(
            """
            WITH old AS (
              SELECT id, status, attempts, last_error,
                     (SELECT jsonb_agg(r->>'code') FROM jsonb_array_elements(rejection) r) AS codes
                FROM transfers WHERE id = ANY($1::uuid[]) AND status IN ('failed', 'rejected')
            ), updated AS (
              UPDATE transfers t
                 SET status = 'pending', attempts = 0, run_at = now(), last_error = NULL, rejection = NULL,
                     decided_at = NULL, updated_at = now()
                FROM old WHERE t.id = old.id AND t.status = old.status
              RETURNING t.id, old.status AS from_status, old.attempts, old.last_error, old.codes
            ), events AS (
              INSERT INTO transfer_events (transfer_id, from_status, to_status, attempt, actor, detail)
              SELECT id, from_status, 'pending', 0, $2,
                     $3::jsonb || jsonb_strip_nulls(jsonb_build_object(
                       'previous_attempts', attempts, 'previous_error', last_error, 'previous_rejections', codes))
                FROM updated
            )
            SELECT id FROM updated
            """,
            [PGArray.literal(ids.map(\.uuidString)), actor, detail])
        // Idle daemons wake on NOTIFY (sent at COMMIT); others find the transfers by polling.
        try session.query("SELECT pg_notify('ach_transfers', '')")
        return Set(rows.rows.compactMap { $0[0].flatMap(UUID.init(uuidString:)) })
    }

    /// `pending`, `processing`, `accepted` or `failed` → `cancelled`, with an event. An accepted
    /// transfer gives its money back to the originator's daily exposure; a processing one drops
    /// its lease, so its worker's result is discarded (the completer only writes leased rows).
    public static func cancel(_ session: PGSession, ids: [UUID], actor: String, detail: String) throws -> Set<UUID> {
        let rows = try session.query(
            """
            WITH old AS (
              SELECT id, status, attempts, originator, resolved_effective_date, direction, amount_cents, lease_owner
                FROM transfers
               WHERE id = ANY($1::uuid[]) AND status IN ('pending', 'processing', 'accepted', 'failed')
            ), updated AS (
              UPDATE transfers t
                 SET status = 'cancelled', lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
                FROM old WHERE t.id = old.id AND t.status = old.status
              RETURNING old.*
            ), exposure AS (
              UPDATE originator_exposure x SET used_cents = x.used_cents - g.cents
                FROM (SELECT originator, resolved_effective_date AS day, direction, sum(amount_cents) AS cents
                        FROM updated WHERE status = 'accepted' GROUP BY 1, 2, 3) g
               WHERE x.originator = g.originator AND x.effective_date = g.day AND x.direction = g.direction
            ), events AS (
              INSERT INTO transfer_events (transfer_id, from_status, to_status, attempt, actor, detail)
              SELECT id, status, 'cancelled', attempts, $2,
                     $3::jsonb || jsonb_strip_nulls(jsonb_build_object('lease_owner', lease_owner))
                FROM updated
            )
            SELECT id FROM updated
            """,
            [PGArray.literal(ids.map(\.uuidString)), actor, detail])
        return Set(rows.rows.compactMap { $0[0].flatMap(UUID.init(uuidString:)) })
    }

    /// UTC, with milliseconds, in a form PostgreSQL reads as timestamptz.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
