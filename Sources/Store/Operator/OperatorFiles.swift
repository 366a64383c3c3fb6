import Foundation

/// A file as `retry files` sees it: the record plus who touched it last.
public struct OperatorFile: Sendable {
    public var record: FileRecord
    public var nextAttemptAt: String
    public var lastEvent: OperatorTransfer.LastEvent?
}

/// Which files `retry files` selects: references (ids, names) OR-ed, the rest narrowing.
public struct FileFilter: Sendable {
    public var ids: [UUID] = []
    public var names: [String] = []
    /// Any of these statuses (empty: any status).
    public var statuses: [String] = []
    public var destination: String?
    /// Created in [since, until).
    public var since: Date?
    public var until: Date?
    public var limit = 10_000

    public init() {}
}

/// The SQL of `retry files`. A retried file goes back to `archived`, due now: the deliverer then
/// sends the bytes it archived before the first attempt — the file is never assembled again.
public enum OperatorFiles {
    static let columns = """
        \(FileRecord.columns), to_char(next_attempt_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        e.actor, to_char(e.event_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), e.action
        """

    /// Renamed columns: `FileRecord.columns` names ach_files' own columns unqualified.
    static let lastEvent = """
        LEFT JOIN LATERAL (SELECT actor, created_at AS event_at, detail->>'action' AS action FROM file_events
                            WHERE file_id = ach_files.id ORDER BY id DESC LIMIT 1) e ON true
        """

    /// At most `filter.limit + 1` files, oldest first, without locks (the plan and the dry run).
    public static func select(_ session: PGSession, _ filter: FileFilter) throws -> [OperatorFile] {
        try session.query(
            """
            SELECT \(columns) FROM ach_files \(lastEvent)
             WHERE ((cardinality($1::uuid[]) = 0 AND cardinality($2::text[]) = 0)
                    OR id = ANY($1::uuid[]) OR name = ANY($2::text[]))
               AND ($3::file_status[] IS NULL OR status = ANY($3::file_status[]))
               AND ($4::text IS NULL OR destination = $4)
               AND ($5::timestamptz IS NULL OR created_at >= $5::timestamptz)
               AND ($6::timestamptz IS NULL OR created_at < $6::timestamptz)
             ORDER BY created_at, id
             LIMIT $7
            """,
            [
                PGArray.literal(filter.ids.map(\.uuidString)), PGArray.literal(filter.names),
                filter.statuses.isEmpty ? nil : PGArray.literal(filter.statuses), filter.destination,
                filter.since.map(OperatorTransfers.timestamp), filter.until.map(OperatorTransfers.timestamp),
                String(filter.limit + 1),
            ]
        ).rows.map(Self.file(row:))
    }

    /// Locks `ids` in id order until the transaction ends and returns them as they are now (in a
    /// second statement, for the reason `OperatorTransfers.lock` gives).
    public static func lock(_ session: PGSession, ids: [UUID]) throws -> [OperatorFile] {
        let list = PGArray.literal(ids.map(\.uuidString))
        try session.query("SELECT id FROM ach_files WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE", [list])
        return try session.query(
            "SELECT \(columns) FROM ach_files \(lastEvent) WHERE id = ANY($1::uuid[]) ORDER BY id", [list]
        ).rows.map(Self.file(row:))
    }

    /// `failed` → `archived`, due now, with a fresh attempt count and a file event carrying
    /// `detail` and what it replaced. Returns the ids that changed.
    public static func requeue(_ session: PGSession, ids: [UUID], actor: String, detail: String) throws -> Set<UUID> {
        let rows = try session.query(
            """
            WITH old AS (
              SELECT id, attempts, last_error FROM ach_files WHERE id = ANY($1::uuid[]) AND status = 'failed'
            ), updated AS (
              UPDATE ach_files a
                 SET status = 'archived', attempts = 0, last_error = NULL, next_attempt_at = now()
                FROM old WHERE a.id = old.id AND a.status = 'failed'
              RETURNING old.*
            ), events AS (
              INSERT INTO file_events (file_id, from_status, to_status, actor, detail)
              SELECT id, 'failed', 'archived', $2,
                     $3::jsonb || jsonb_strip_nulls(jsonb_build_object(
                       'previous_attempts', attempts, 'previous_error', last_error))
                FROM updated
            )
            SELECT id FROM updated
            """,
            [PGArray.literal(ids.map(\.uuidString)), actor, detail])
        return Set(rows.rows.compactMap { $0[0].flatMap(UUID.init(uuidString:)) })
    }

    static func file(row: [String?]) throws -> OperatorFile {
        // FileRecord.columns are 0–20.
        OperatorFile(
            record: try FileRecord(row: row), nextAttemptAt: row[21] ?? "",
            lastEvent: row[22].map { OperatorTransfer.LastEvent(actor: $0, at: row[23] ?? "", action: row[24]) })
    }
}
