import Foundation

/// Exactly-once accounting of a load-test run: what the delivered files hold (read back by the
/// caller and staged here) against what the database recorded.
///
/// Use one connection: `prepare`, then `stage` once per file, then `result`. The staged entries
/// live in a temporary table of that connection.
public enum LoadTestAccounting {
    /// One entry detail record as read back from a delivered file.
    public struct ReadbackEntry: Sendable {
        public var traceNumber: String
        public var amountCents: Int64
        public var isCredit: Bool
        public init(traceNumber: String, amountCents: Int64, isCredit: Bool) {
            self.traceNumber = traceNumber
            self.amountCents = amountCents
            self.isCredit = isCredit
        }
    }

    public struct Result: Sendable, Equatable {
        /// Transfers of the run found in the table.
        public var found = 0
        public var sent = 0
        public var rejected = 0
        /// Not in a terminal state (pending, processing, accepted, batched, failed, …).
        public var unfinished = 0
        /// Sent transfers with an entry missing from the files (or the wrong amount).
        public var entriesMissing = 0
        /// Sent transfers with an entry read in more than one place.
        public var entriesRepeated = 0
        /// Entries in the files that belong to no transfer of the run.
        public var entriesUnknown = 0
        /// Transfers whose terminal event (or accepted/batched event of a sent one) is missing.
        public var eventsMissing = 0
        /// Transfers with a terminal, accepted or batched event written more than once.
        public var eventsRepeated = 0
        /// Files whose read-back totals differ from `ach_files` or from their transfers.
        public var fileTotalMismatches = 0
        /// Files of the run not marked sent.
        public var filesNotSent = 0
        public var entries = 0
        public var files = 0
    }

    public static func prepare(_ session: PGSession) throws {
        try session.execute(
            """
            DROP TABLE IF EXISTS pg_temp.readback;
            CREATE TEMPORARY TABLE readback (file_name text NOT NULL, trace text NOT NULL, amount bigint NOT NULL,
                                             credit boolean NOT NULL)
            """)
    }

    /// Stages the entries read back from the file recorded as `fileName`.
    public static func stage(_ session: PGSession, fileName: String, entries: [ReadbackEntry]) throws {
        var text = ""
        text.reserveCapacity(entries.count * 48)
        for entry in entries {
            text +=
                fileName + "\t" + entry.traceNumber + "\t" + String(entry.amountCents) + "\t"
                + (entry.isCredit ? "t" : "f") + "\n"
        }
        _ = try session.copyIn("COPY readback FROM STDIN", data: Array(text.utf8))
    }

    /// Compares the staged entries with the run's transfers (`originator`, created since `since`)
    /// and the files of `destination` created since then.
    public static func result(_ session: PGSession, originator: String, destination: String, since: Double) throws
        -> Result
    {
        try session.execute("ANALYZE readback")
        try session.query(
            """
            CREATE TEMPORARY TABLE run_transfers AS
            SELECT id, status::text AS status, coalesce(cardinality(entry_amounts), 0) AS parts, file_id
              FROM transfers WHERE originator = $1 AND created_at >= to_timestamp($2::double precision)
            """, [originator, String(since)])
        defer { _ = try? session.execute("DROP TABLE IF EXISTS pg_temp.run_transfers, pg_temp.readback") }
        var result = Result()
        let states =
            try session.query(
                """
                SELECT count(*), count(*) FILTER (WHERE status = 'sent'), count(*) FILTER (WHERE status = 'rejected'),
                       count(*) FILTER (WHERE status NOT IN ('sent', 'rejected'))
                  FROM run_transfers
                """
            ).rows.first ?? []
        result.found = int(states, 0)
        result.sent = int(states, 1)
        result.rejected = int(states, 2)
        result.unfinished = int(states, 3)

        // Every entry the database says a sent transfer has, looked up in the files read back.
        let entries =
            try session.query(
                """
                WITH rb AS (
                  SELECT f.id AS file_id, r.trace, r.amount
                    FROM readback r JOIN ach_files f ON f.name = r.file_name AND f.destination = $1
                ), per_entry AS (
                  SELECT e.transfer_id, count(rb.trace) AS seen,
                         coalesce(bool_and(rb.amount = e.amount_cents), false) AS same_amount
                    FROM run_transfers t
                    JOIN ach_entries e ON e.transfer_id = t.id
                    LEFT JOIN rb ON rb.file_id = e.file_id AND rb.trace = e.trace_number
                   WHERE t.status = 'sent'
                   GROUP BY e.transfer_id, e.part
                ), per_transfer AS (
                  SELECT t.id, t.parts, count(p.transfer_id) AS recorded,
                         count(*) FILTER (WHERE p.seen = 1 AND p.same_amount) AS once,
                         count(*) FILTER (WHERE p.seen > 1) AS repeated
                    FROM run_transfers t LEFT JOIN per_entry p ON p.transfer_id = t.id
                   WHERE t.status = 'sent'
                   GROUP BY t.id, t.parts
                )
                SELECT count(*) FILTER (WHERE once < parts OR recorded <> parts),
                       count(*) FILTER (WHERE repeated > 0)
                  FROM per_transfer
                """, [destination]
            ).rows.first ?? []
        result.entriesMissing = int(entries, 0)
        result.entriesRepeated = int(entries, 1)

        result.entriesUnknown = int(
            try session.query(
                """
                SELECT count(*) FROM readback r
                  LEFT JOIN ach_files f ON f.name = r.file_name AND f.destination = $1
                  LEFT JOIN ach_entries e ON e.file_id = f.id AND e.trace_number = r.trace
                  LEFT JOIN run_transfers t ON t.id = e.transfer_id
                 WHERE t.id IS NULL
                """, [destination]
            ).rows.first ?? [], 0)

        let events =
            try session.query(
                """
                WITH per_transfer AS (
                  SELECT t.id, t.status,
                         count(e.id) FILTER (WHERE e.to_status::text = t.status) AS terminal,
                         count(e.id) FILTER (WHERE e.to_status = 'accepted') AS accepted,
                         count(e.id) FILTER (WHERE e.to_status = 'batched') AS batched
                    FROM run_transfers t LEFT JOIN transfer_events e ON e.transfer_id = t.id
                   WHERE t.status IN ('sent', 'rejected')
                   GROUP BY t.id, t.status
                )
                SELECT count(*) FILTER (WHERE terminal = 0 OR (status = 'sent' AND (accepted = 0 OR batched = 0))),
                       count(*) FILTER (WHERE terminal > 1 OR accepted > 1 OR batched > 1)
                  FROM per_transfer
                """
            ).rows.first ?? []
        result.eventsMissing = int(events, 0)
        result.eventsRepeated = int(events, 1)

        // Per file: the totals read back, the totals recorded, and the totals of its transfers' entries.
        let files =
            try session.query(
                """
                WITH run_files AS (
                  SELECT * FROM ach_files WHERE destination = $3 AND created_at >= to_timestamp($2::double precision)
                ), read_totals AS (
                  SELECT file_name, count(*) AS entries,
                         coalesce(sum(amount) FILTER (WHERE credit), 0) AS credit,
                         coalesce(sum(amount) FILTER (WHERE NOT credit), 0) AS debit
                    FROM readback GROUP BY file_name
                ), db_totals AS (
                  SELECT e.file_id,
                         coalesce(sum(e.amount_cents) FILTER (WHERE tr.direction = 'credit'), 0) AS credit,
                         coalesce(sum(e.amount_cents) FILTER (WHERE tr.direction = 'debit'), 0) AS debit
                    FROM ach_entries e JOIN transfers tr ON tr.id = e.transfer_id
                   WHERE e.file_id IN (SELECT id FROM run_files) AND tr.originator = $1
                   GROUP BY e.file_id
                )
                SELECT count(*),
                       count(*) FILTER (WHERE f.status <> 'sent'),
                       count(*) FILTER (WHERE r.file_name IS NULL OR d.file_id IS NULL
                                           OR r.credit <> f.credit_total_cents OR r.debit <> f.debit_total_cents
                                           OR r.entries <> f.entry_count
                                           OR d.credit <> f.credit_total_cents OR d.debit <> f.debit_total_cents),
                       (SELECT count(*) FROM readback)
                  FROM run_files f
                  LEFT JOIN read_totals r ON r.file_name = f.name
                  LEFT JOIN db_totals d ON d.file_id = f.id
                """, [originator, String(since), destination]
            ).rows.first ?? []
        result.files = int(files, 0)
        result.filesNotSent = int(files, 1)
        result.fileTotalMismatches = int(files, 2)
        result.entries = int(files, 3)
        return result
    }

    private static func int(_ row: [String?], _ index: Int) -> Int {
        index < row.count ? row[index].flatMap { Int($0) } ?? 0 : 0
    }
}
