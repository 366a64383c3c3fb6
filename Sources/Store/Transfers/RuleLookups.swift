import ACH
import Foundation

/// The database facts the transfer rules need for one claimed batch, loaded in three queries
/// whatever the batch size. Plain data: the Worker turns it into the rules' own types.
///
/// Every look-up excludes the batch's own transfers; collisions inside the batch are the rules'
/// batch step's business.
public struct RuleLookups: Sendable {
    public struct KeyUse: Sendable, Hashable {
        public var originator: String
        public var normalizedKey: String
    }

    public struct Exposure: Sendable, Hashable {
        public var originator: String
        public var effectiveDate: CalendarDate
        public var direction: TransferDirection
    }

    /// Normalized keys held by an *earlier* transfer (another row) of the same originator.
    public var keysInUse: Set<KeyUse> = []
    /// For each batch transfer (by id), the committed transfers with the same originator,
    /// receiving account, direction and amount, per resolved effective date, created within the
    /// window. Accounts are compared by their keyed hash: the database cannot read them.
    public var duplicates: [UUID: [CalendarDate: Int]] = [:]
    /// Money already committed per originator, day and direction.
    public var exposure: [Exposure: Int64] = [:]

    public init() {}

    /// - Parameters:
    ///   - normalizedKeys: for each batch transfer, its key as the rules normalize it (trimmed, lower-cased).
    ///   - duplicateWindowDays: how far back a committed transfer counts as a probable duplicate.
    public static func load(
        _ session: PGSession, batch: [Transfer], normalizedKeys: [String], duplicateWindowDays: Int
    ) throws -> RuleLookups {
        guard !batch.isEmpty else { return RuleLookups() }
        // Every look-up is an index probe per transfer, also while the statistics of a table
        // that grew from nothing in the last minute say it is tiny: sequential scans are off for
        // these statements only. So is JIT compilation: 500 probes add up to an estimated cost
        // above jit_above_cost, and compiling the plan took 35–45 ms of a 45 ms look-up
        // (measured; the probes themselves take 4 ms per batch).
        return try session.transaction {
            try session.execute("SET LOCAL enable_seqscan = off; SET LOCAL jit = off")
            return try loadLookups(
                session, batch: batch, normalizedKeys: normalizedKeys, duplicateWindowDays: duplicateWindowDays)
        }
    }

    private static func loadLookups(
        _ session: PGSession, batch: [Transfer], normalizedKeys: [String], duplicateWindowDays: Int
    ) throws -> RuleLookups {
        var lookups = RuleLookups()
        let ids = PGArray.literal(batch.map(\.id.uuidString))
        let originators = PGArray.literal(batch.map(\.originator))

        // One index probe of transfer_keys per batch transfer (LIMIT 1 keeps the subquery from
        // being flattened): as a semi-join, the planner hashed the whole table once per batch
        // while its statistics lagged a fresh backlog (60 ms per batch at 100,000 transfers).
        let keys = try session.query(
            """
            SELECT DISTINCT u.originator, u.nkey
              FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, originator, nkey)
              JOIN transfers b ON b.id = u.id
             CROSS JOIN LATERAL (
                SELECT FROM transfer_keys k
                 WHERE k.originator = u.originator AND k.normalized_key = u.nkey
                   AND k.transfer_id <> ALL($1::uuid[]) AND (k.created_at, k.transfer_id) < (b.created_at, b.id)
                 LIMIT 1) earlier
            """,
            [ids, originators, PGArray.literal(normalizedKeys)])
        for row in keys.rows {
            lookups.keysInUse.insert(KeyUse(originator: row[0] ?? "", normalizedKey: row[1] ?? ""))
        }

        // One index probe of transfer_fingerprints per batch transfer (migration 0023), and the
        // transfer behind each match checked for status and the columns themselves. A LATERAL
        // subquery with GROUP BY cannot be flattened into a join, so the planner cannot trade the
        // probes for a scan of every fingerprint plus a sort and merge — which it did when its
        // statistics lagged a fresh backlog (O(committed rows) per batch: 68–125 ms at 100,000).
        let duplicates = try session.query(
            """
            SELECT b.id, d.resolved_effective_date, d.n
              FROM transfers b
             CROSS JOIN LATERAL (
                SELECT t.resolved_effective_date, count(*) AS n
                  FROM transfer_fingerprints f
                 CROSS JOIN LATERAL (
                    -- LIMIT 1: a primary-key probe per match, never a join the planner could
                    -- turn into a scan of the table.
                    SELECT t.resolved_effective_date FROM transfers t
                     WHERE t.id = f.transfer_id
                       AND t.originator = b.originator AND t.routing_number = b.routing_number
                       AND t.account_hash = b.account_hash AND t.amount_cents = b.amount_cents
                       AND t.direction = b.direction
                       AND t.status IN ('accepted', 'batched', 'sent', 'settled')
                       AND t.id <> ALL($1::uuid[]) AND t.resolved_effective_date IS NOT NULL
                     LIMIT 1) t
                 WHERE f.fingerprint = ach_fingerprint(b.originator, b.routing_number, b.account_hash,
                                                       b.amount_cents, b.direction::text)
                   AND f.created_at > now() - make_interval(days => $2::int)
                 GROUP BY t.resolved_effective_date) d
             WHERE b.id = ANY($1::uuid[])
            """,
            [ids, String(duplicateWindowDays)])
        for row in duplicates.rows {
            guard let id = row[0].flatMap({ UUID(uuidString: $0) }),
                let date = row[1].flatMap({ CalendarDate(iso: $0) }), let count = row[2].flatMap({ Int($0) })
            else { continue }
            lookups.duplicates[id, default: [:]][date] = count
        }

        let exposure = try session.query(
            """
            SELECT originator, effective_date, direction, used_cents FROM originator_exposure
             WHERE originator = ANY($1::text[]) AND effective_date >= current_date - 1
            """,
            [originators])
        for row in exposure.rows {
            guard let date = row[1].flatMap({ CalendarDate(iso: $0) }),
                let direction = row[2].flatMap({ TransferDirection(rawValue: $0) }),
                let cents = row[3].flatMap({ Int64($0) })
            else { continue }
            lookups.exposure[Exposure(originator: row[0] ?? "", effectiveDate: date, direction: direction)] = cents
        }
        return lookups
    }
}
