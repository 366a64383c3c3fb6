import ACH
import Foundation

/// The SQL the load-test runner needs besides the pool's own: the database clock, how much work
/// is left, synthetic history, and the run's status counts and latencies.
///
/// A run's transfers are those of `originator` created at or after the run's start (database
/// time), so a run can share a database with older runs and with history rows.
public enum LoadTestStore {
    /// The database's clock, in seconds since 1970 (latencies are measured on this clock only).
    public static func now(_ session: PGSession) throws -> Double {
        guard let value = try session.query("SELECT extract(epoch FROM clock_timestamp())").scalar.flatMap(Double.init)
        else { throw StoreError(.decodingFailed, "no clock value returned") }
        return value
    }

    /// Transfers still due for the pool (pending and due, or processing), of any originator —
    /// the same condition as `run --drain`.
    public static func unfinished(_ session: PGSession) throws -> Int {
        try session.query(
            """
            SELECT (SELECT count(*) FROM transfers WHERE status = 'pending' AND run_at <= now())
                 + (SELECT count(*) FROM transfers WHERE status = 'processing')
            """
        ).scalar.flatMap { Int($0) } ?? 0
    }

    /// Entries of accepted transfers of `originators` settling on or before `horizon`: what a
    /// file assembled now would hold.
    public static func dueAcceptedEntries(_ session: PGSession, originators: [String], horizon: CalendarDate) throws
        -> Int
    {
        try session.query(
            """
            SELECT coalesce(sum(cardinality(entry_amounts)), 0) FROM transfers
             WHERE status = 'accepted' AND originator = ANY($1::text[]) AND resolved_effective_date <= $2::date
            """,
            [PGArray.literal(originators), horizon.description]
        ).scalar.flatMap { Int($0) } ?? 0
    }

    /// The earliest settlement day among accepted transfers of `originators` (scheduled ones
    /// waiting for a later window), or nil when none is waiting.
    public static func earliestWaiting(_ session: PGSession, originators: [String]) throws -> CalendarDate? {
        try session.query(
            "SELECT min(resolved_effective_date) FROM transfers WHERE status = 'accepted' AND originator = ANY($1::text[])",
            [PGArray.literal(originators)]
        ).scalar.flatMap { CalendarDate(iso: $0) }
    }

    /// Transfers of the run by status.
    public static func statusCounts(_ session: PGSession, originator: String, since: Double) throws -> [String: Int] {
        let rows = try session.query(
            """
            SELECT status::text, count(*) FROM transfers
             WHERE originator = $1 AND created_at >= to_timestamp($2::double precision)
             GROUP BY 1
            """,
            [originator, String(since)])
        var counts: [String: Int] = [:]
        for row in rows.rows { counts[row[0] ?? ""] = row[1].flatMap { Int($0) } ?? 0 }
        return counts
    }

    public struct Latency: Sendable, Equatable {
        public var p50: Double
        public var p99: Double
        public var max: Double
        public var count: Int
    }

    /// pending → accepted (the completer's commit) and pending → sent (the file's delivery) of
    /// the run's accepted transfers, in milliseconds, exact percentiles over every transfer.
    public static func latencies(_ session: PGSession, originator: String, since: Double) throws
        -> (accepted: Latency, sent: Latency)
    {
        let row =
            try session.query(
                """
                WITH run AS (
                  SELECT extract(epoch FROM t.decided_at - t.created_at) * 1000 AS decided_ms,
                         extract(epoch FROM f.sent_at - t.created_at) * 1000 AS sent_ms
                    FROM transfers t LEFT JOIN ach_files f ON f.id = t.file_id
                   WHERE t.originator = $1 AND t.created_at >= to_timestamp($2::double precision)
                     AND t.status IN ('accepted', 'batched', 'sent')
                )
                SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY decided_ms),
                       percentile_disc(0.99) WITHIN GROUP (ORDER BY decided_ms), max(decided_ms), count(decided_ms),
                       percentile_disc(0.5) WITHIN GROUP (ORDER BY sent_ms),
                       percentile_disc(0.99) WITHIN GROUP (ORDER BY sent_ms), max(sent_ms), count(sent_ms)
                  FROM run
                """,
                [originator, String(since)]
            ).rows.first ?? []
        func value(_ i: Int) -> Double { i < row.count ? row[i].flatMap(Double.init) ?? 0 : 0 }
        return (
            Latency(p50: value(0), p99: value(1), max: value(2), count: Int(value(3))),
            Latency(p50: value(4), p99: value(5), max: value(6), count: Int(value(7)))
        )
    }

    /// Old finished payments, as a long-lived database holds them: `count` transfers already
    /// `sent`, created `ageDays` ago, inserted in one statement. They exist only to make the
    /// table (and its indexes) large; the claim query must not slow down because of them. Their
    /// account number is a placeholder in the sealed format (`v1:history:N`) that no key opens,
    /// with a distinct lookup hash each. Returns how many rows were inserted.
    @discardableResult
    public static func insertHistory(
        _ session: PGSession, originator: String, count: Int, offset: Int, ageDays: Int = 40
    ) throws -> Int {
        // With their fingerprints (migration 0023), as accepted transfers get them.
        try session.query(
            """
            WITH inserted AS (
            INSERT INTO transfers (idempotency_key, originator, direction, amount_cents, sec_code, receiver_name,
                routing_number, account_number, account_hash, account_last4, entry_description, status, attempts,
                created_at, updated_at, decided_at, resolved_effective_date, entry_amounts)
            SELECT 'history-' || g, $1, CASE WHEN g % 2 = 0 THEN 'credit' ELSE 'debit' END::transfer_direction,
                   1000 + g % 100000, 'PPD', 'HISTORY ' || g % 1000, '091000019', 'v1:history:' || g,
                   md5('h' || g) || md5('history' || g), right(g::text, 4), 'PAYROLL', 'sent', 1, now() - make_interval(days => $4::int), now() - make_interval(days => $4::int),
                   now() - make_interval(days => $4::int), current_date - $4::int, ARRAY[1000 + g % 100000]::bigint[]
              FROM generate_series($2::bigint + 1, $2::bigint + $3::bigint) g
            ON CONFLICT (originator, idempotency_key) DO NOTHING
            RETURNING id, originator, routing_number, account_hash, amount_cents, direction, created_at
            )
            INSERT INTO transfer_fingerprints (fingerprint, created_at, transfer_id)
            SELECT ach_fingerprint(originator, routing_number, account_hash, amount_cents, direction::text),
                   created_at, id
              FROM inserted
            """,
            [originator, String(offset), String(count), String(ageDays)]
        ).affected
    }

    /// Rows of `originator` already in the table whose status is `sent` and that are history.
    public static func historyCount(_ session: PGSession, originator: String) throws -> Int {
        try session.query(
            """
            SELECT count(*) FROM transfers
             WHERE originator = $1 AND status = 'sent' AND created_at < now() - interval '30 days'
            """,
            [originator]
        ).scalar.flatMap { Int($0) } ?? 0
    }

    /// Refreshes planner statistics and the visibility map after a bulk load.
    public static func vacuumAnalyze(_ session: PGSession) throws {
        try session.execute("VACUUM (ANALYZE) transfers")
    }
}
