import Foundation

/// The SQL that `retry callbacks`, `status` (dead callbacks) and `inspect` (delivery state) need
/// from the callback deliveries (SPEC §7, migration `0003_callbacks.sql`).
///
/// Per-transfer order survives a requeue: a requeued event is `pending` again, and the dispatcher
/// holds every later event of its transfer back until it is delivered or dead again (see
/// `CallbackDeliveries.claim`).
public enum CallbackRedelivery {
    public struct Filter: Sendable {
        /// Delivery ids (the `webhook-id`).
        public var ids: [String] = []
        public var originator: String?
        public var eventTypes: [String] = []
        /// The status change happened in [since, until).
        public var since: Date?
        public var until: Date?
        public var limit = 10_000

        public init() {}
    }

    /// One delivery as `retry callbacks` decides on it.
    public struct Event: Sendable {
        public var id: String
        public var originator: String
        public var eventType: String
        public var transferID: String?
        public var status: String
        public var attempts: Int
        public var lastError: String?
        public var lastEvent: OperatorTransfer.LastEvent?
    }

    /// One callback of a transfer, for `inspect`.
    public struct Delivery: Sendable, Codable, Equatable {
        public var id: String
        public var eventType: String
        public var status: String
        public var attempts: Int
        public var lastError: String?
        public var nextAttemptAt: String?
        public var deliveredAt: String?

        enum CodingKeys: String, CodingKey {
            case id, status, attempts
            case eventType = "event_type"
            case lastError = "last_error"
            case nextAttemptAt = "next_attempt_at"
            case deliveredAt = "delivered_at"
        }
    }

    /// True once migration 0003 created the delivery table.
    public static func isInstalled(_ session: PGSession) throws -> Bool {
        try session.query("SELECT to_regclass('callback_deliveries') IS NOT NULL").scalar == "t"
    }

    static let columns = """
        d.id, d.originator, d.event_type, d.transfer_id, d.status::text, d.attempts, d.last_error, x.actor,
        to_char(x.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), x.detail->>'action'
        """

    static let lastEvent = """
        LEFT JOIN LATERAL (SELECT actor, created_at, detail FROM callback_delivery_events
                            WHERE delivery_id = d.id ORDER BY id DESC LIMIT 1) x ON true
        """

    /// Dead deliveries matching `filter`, oldest first, at most `filter.limit + 1`.
    public static func select(_ session: PGSession, _ filter: Filter) throws -> [Event] {
        try session.query(
            """
            SELECT \(columns) FROM callback_deliveries d \(lastEvent)
             WHERE d.status = 'dead'
               AND (cardinality($1::text[]) = 0 OR d.id = ANY($1::text[]))
               AND ($2::text IS NULL OR d.originator = $2)
               AND (cardinality($3::text[]) = 0 OR d.event_type = ANY($3::text[]))
               AND ($4::timestamptz IS NULL OR d.event_at >= $4::timestamptz)
               AND ($5::timestamptz IS NULL OR d.event_at < $5::timestamptz)
             ORDER BY d.event_at, d.id
             LIMIT $6
            """,
            [
                PGArray.literal(filter.ids), filter.originator, PGArray.literal(filter.eventTypes),
                filter.since.map(OperatorTransfers.timestamp), filter.until.map(OperatorTransfers.timestamp),
                String(filter.limit + 1),
            ]
        ).rows.map(event(row:))
    }

    /// Locks `ids` in id order and returns them as they are now (in a second statement, so the
    /// rows read are the ones after any lock wait).
    public static func lock(_ session: PGSession, ids: [String]) throws -> [Event] {
        let list = PGArray.literal(ids)
        try session.query(
            "SELECT id FROM callback_deliveries WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE", [list])
        return try session.query(
            "SELECT \(columns) FROM callback_deliveries d \(lastEvent) WHERE d.id = ANY($1::text[]) ORDER BY d.id",
            [list]
        ).rows.map(event(row:))
    }

    /// `dead` → pending, due now, with a fresh attempt count and a fresh max age, and an event
    /// carrying `detail` and what it replaced. Returns the ids that changed.
    public static func requeue(_ session: PGSession, ids: [String], actor: String, detail: String) throws -> Set<String>
    {
        let rows = try session.query(
            """
            WITH old AS (
              SELECT id, attempts, last_error FROM callback_deliveries WHERE id = ANY($1::text[]) AND status = 'dead'
            ), updated AS (
              UPDATE callback_deliveries d
                 SET status = 'pending', attempts = 0, next_attempt_at = now(), queued_at = now(), dead_at = NULL,
                     lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
                FROM old WHERE d.id = old.id AND d.status = 'dead'
              RETURNING old.*
            ), events AS (
              INSERT INTO callback_delivery_events (delivery_id, from_status, to_status, actor, detail)
              SELECT id, 'dead', 'pending', $2,
                     $3::jsonb || jsonb_strip_nulls(jsonb_build_object(
                       'previous_attempts', attempts, 'previous_error', last_error))
                FROM updated
            )
            SELECT id FROM updated
            """,
            [PGArray.literal(ids), actor, detail])
        return Set(rows.rows.compactMap { $0[0] })
    }

    /// Dead deliveries, for `status`; nil while the table does not exist.
    public static func deadCount(_ session: PGSession) throws -> Int? {
        guard try isInstalled(session) else { return nil }
        return try session.query("SELECT count(*) FROM callback_deliveries WHERE status = 'dead'").scalar.flatMap {
            Int($0)
        }
    }

    /// A transfer's callbacks in event order with their delivery state, for `inspect`.
    public static func deliveries(_ session: PGSession, transferID: String) throws -> [Delivery]? {
        guard try isInstalled(session) else { return nil }
        return try session.query(
            """
            SELECT id, event_type, status::text, attempts, last_error,
                   CASE WHEN status = 'pending'
                        THEN to_char(next_attempt_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') END,
                   to_char(delivered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
              FROM callback_deliveries WHERE transfer_id = $1::uuid ORDER BY event_id
            """,
            [transferID]
        ).rows.map {
            Delivery(
                id: $0[0] ?? "", eventType: $0[1] ?? "", status: $0[2] ?? "", attempts: Int($0[3] ?? "0") ?? 0,
                lastError: $0[4], nextAttemptAt: $0[5], deliveredAt: $0[6])
        }
    }

    static func event(row: [String?]) -> Event {
        Event(
            id: row[0] ?? "", originator: row[1] ?? "", eventType: row[2] ?? "", transferID: row[3],
            status: row[4] ?? "", attempts: Int(row[5] ?? "0") ?? 0, lastError: row[6],
            lastEvent: row[7].map { OperatorTransfer.LastEvent(actor: $0, at: row[8] ?? "", action: row[9]) })
    }
}
