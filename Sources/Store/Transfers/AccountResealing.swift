import Foundation

/// The SQL of key rotation (`ach-worker keys rotate`): find account numbers not sealed with the
/// current key, a batch at a time, and write them back re-sealed — alongside a running daemon.
///
/// Rows are walked in id order and locked with SKIP LOCKED, so a claim or a file assembly holding
/// a row is never waited for (that row is picked up by the next pass), and each batch is its own
/// short transaction.
public enum AccountResealing {
    public struct Row: Sendable {
        public var id: UUID
        /// As stored: sealed with an older key, or readable (a row from before sealing).
        public var stored: String
    }

    /// `'v1:KEYID:'`, the prefix of values sealed with `keyID`.
    static func prefix(_ keyID: String) -> String { "v1:\(keyID):" }

    /// Up to `limit` rows after `after` (in id order) not sealed with `currentKey`, locked until
    /// the caller's transaction ends.
    public static func lockStale(_ session: PGSession, currentKey: String, after: UUID?, limit: Int) throws -> [Row] {
        let rows = try session.query(
            """
            SELECT id, account_number FROM transfers
             WHERE id > coalesce($1::uuid, '00000000-0000-0000-0000-000000000000'::uuid)
               AND left(account_number, length($2)) <> $2
             ORDER BY id
             LIMIT $3
             FOR UPDATE SKIP LOCKED
            """,
            [after?.uuidString, prefix(currentKey), String(limit)])
        return rows.rows.compactMap { row in
            guard let id = row[0].flatMap({ UUID(uuidString: $0) }) else { return nil }
            return Row(id: id, stored: row[1] ?? "")
        }
    }

    /// Writes re-sealed account numbers in one statement. Hash and last four are set only where
    /// missing (rows from before sealing); elsewhere the trigger checks they did not change.
    @discardableResult
    public static func write(_ session: PGSession, _ updates: [(id: UUID, account: StoredAccount)]) throws -> Int {
        guard !updates.isEmpty else { return 0 }
        // Tells the immutability trigger this transaction re-seals (see migration 0011).
        try session.query("SELECT set_config('ach.account_rotation', 'on', true)")
        // A committed transfer from before sealing gets its hash now, and with it the
        // fingerprint rule DUPLICATE_SUSPECTED looks up (written at acceptance for the others).
        return try session.query(
            """
            WITH unhashed AS (
              SELECT id FROM transfers WHERE id = ANY($1::uuid[]) AND account_hash IS NULL
            ), updated AS (
              UPDATE transfers t
                 SET account_number = u.sealed,
                     account_hash = coalesce(t.account_hash, u.hash),
                     account_last4 = coalesce(t.account_last4, u.last4)
                FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS u(id, sealed, hash, last4)
               WHERE t.id = u.id
              RETURNING t.id, t.status, t.originator, t.routing_number, t.account_hash, t.amount_cents,
                        t.direction, t.created_at
            ), fingerprints AS (
              INSERT INTO transfer_fingerprints (fingerprint, created_at, transfer_id)
              SELECT ach_fingerprint(originator, routing_number, account_hash, amount_cents, direction::text),
                     created_at, id
                FROM updated
               WHERE id IN (SELECT id FROM unhashed) AND account_hash IS NOT NULL
                 AND status IN ('accepted', 'batched', 'sent', 'settled')
            )
            SELECT count(*) FROM updated
            """,
            [
                PGArray.literal(updates.map(\.id.uuidString)), PGArray.literal(updates.map(\.account.sealed)),
                PGArray.literal(updates.map(\.account.lookupHash)), PGArray.literal(updates.map(\.account.lastFour)),
            ]
        ).scalar.flatMap { Int($0) } ?? 0
    }

    /// How many rows are not sealed with `currentKey`.
    public static func staleCount(_ session: PGSession, currentKey: String) throws -> Int {
        let rows = try session.query(
            "SELECT count(*) FROM transfers WHERE left(account_number, length($1)) <> $1", [prefix(currentKey)])
        return Int(rows.scalar ?? "0") ?? 0
    }
}
