/// Moves the callback cursors over the event tables (the outbox) and copies the events of
/// originators with a callback URL into `callback_deliveries`, in the same transaction as the
/// cursor move: an event is copied exactly once, or the cursor does not pass it.
///
/// Correctness against late commits: only events of transactions below a horizon that every
/// running transaction of this database is above are read (see `horizon`). Every transaction
/// below it has ended before the scan's snapshot, so no event can appear below the cursor after it
/// moved; events are read in (xid, id) order.
public enum CallbackOutbox {
    /// The transfer statuses whose events make a callback (`transfer.<status>`).
    public static let transferStatuses = [
        "accepted", "rejected", "batched", "sent", "failed", "cancelled", "settled", "returned",
    ]

    /// The condition matching the partial index `transfer_events_callbacks` (it must stay the
    /// same text as the index's predicate for the planner to use the index).
    static let transferEventCondition =
        "to_status IN ('accepted', 'rejected', 'batched', 'sent', 'failed', 'cancelled', 'settled', 'returned')"

    public struct Step: Sendable, Equatable {
        /// False when another daemon holds the cursor right now.
        public var locked: Bool
        /// Events the cursor passed.
        public var scanned: Int
        /// Deliveries created.
        public var queued: Int

        public init(locked: Bool, scanned: Int, queued: Int) {
            self.locked = locked
            self.scanned = scanned
            self.queued = queued
        }
    }

    /// One bounded step over transfer events, then one over file events. Only one daemon at a
    /// time moves a cursor: the others skip the locked row and only deliver. Originators with a
    /// row in `callback_endpoints` (see `CallbackEndpoints.sync`) get deliveries, for events from
    /// the time that row was made — whichever daemon moves the cursor, whatever its own
    /// configuration: with several daemons, one still on an older configuration (a rolling
    /// change of callback URLs) would otherwise pass another originator's events for good.
    /// Claims take only what the claiming daemon can sign (`CallbackDeliveries.claim`).
    public static func advance(_ session: PGSession, batchSize: Int) throws -> Step {
        let transfers = try advanceTransfers(session, batchSize: batchSize)
        let files = try advanceFiles(session, batchSize: batchSize)
        return Step(
            locked: transfers.locked || files.locked, scanned: transfers.scanned + files.scanned,
            queued: transfers.queued + files.queued)
    }

    static func lockCursor(_ session: PGSession, _ source: String) throws -> (xid: String, id: String)? {
        let row = try session.query(
            "SELECT last_xid::text, last_id FROM callback_cursors WHERE source = $1 FOR UPDATE SKIP LOCKED",
            [source]
        ).rows.first
        guard let row, let xid = row[0], let id = row[1] else { return nil }
        return (xid, id)
    }

    /// On one server a cursor is always below the next transaction id (`next`, the snapshot's
    /// xmax), which only grows. A database copied to another server by dump and restore or
    /// logical replication keeps the old server's ids in its rows while the new server counts from
    /// wherever it is: every new event then sorts below the cursor and would never be read —
    /// every callback lost, and the drain seeing nothing left. Refused loudly instead.
    static func checkCursorBehindServer(source: String, cursor: String, next: String) throws {
        guard let nextID = UInt64(next), let cursorID = UInt64(cursor), cursorID >= nextID else { return }
        throw StoreError(
            .callbackCursorAhead,
            "the \(source) callback cursor is at transaction \(cursor), but this server's next transaction is "
                + "\(next): the database was copied from another server (dump and restore, or logical "
                + "replication), and no new event would ever be read. Callbacks are stopped; see the README's "
                + "failure table")
    }

    /// The transaction id below which every transaction that could have written our events has
    /// ended — to be used by a *later* statement, whose snapshot then sees all of them.
    ///
    /// The snapshot's xmin would do, but it counts every database of the cluster: one long write
    /// transaction anywhere on the server would stall callbacks. So the horizon is the lowest
    /// running xid of the snapshot that is not known to belong to another database (an xid whose
    /// backend is gone, or hidden from us, counts as ours: only ever later, never lost), capped by
    /// the snapshot's xmax (ids assigned after the snapshot are all at or above it). A transaction
    /// that ended between the snapshot and reading `pg_stat_activity` (read after it, in this
    /// statement) has committed before the next statement's snapshot, which therefore sees it.
    ///
    /// Returns the horizon and the snapshot's xmax (the server's next transaction id).
    static func horizon(_ session: PGSession) throws -> (horizon: String, next: String) {
        let row = try session.query(
            """
            SELECT least(pg_snapshot_xmax(s), (
                     SELECT min(x) FROM pg_snapshot_xip(s) x
                      WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity a
                                         WHERE a.backend_xid = x::xid
                                           AND a.datname IS DISTINCT FROM current_database())))::text,
                   pg_snapshot_xmax(s)::text
              FROM pg_current_snapshot() s
            """
        ).rows.first
        guard let horizon = row?[0], let next = row?[1] else {
            throw StoreError(.decodingFailed, "no transaction horizon returned")
        }
        return (horizon, next)
    }

    static func advanceTransfers(_ session: PGSession, batchSize: Int) throws -> Step {
        try advance(
            session, source: "transfer", batchSize: batchSize,
            scanning: """
                SELECT id, xid, transfer_id, from_status, to_status, attempt, detail, created_at
                  FROM transfer_events
                 WHERE \(transferEventCondition)
                """,
            queueing: """
                queued AS (
                INSERT INTO callback_deliveries
                  (id, source, event_id, originator, event_type, transfer_id, file_id, payload, event_at)
                SELECT 'evt_t' || e.id, 'transfer', e.id, t.originator, 'transfer.' || e.to_status, t.id,
                       (e.detail->>'file_id')::uuid, \(transferPayload), e.created_at
                  FROM scanned e JOIN transfers t ON t.id = e.transfer_id
                  JOIN callback_endpoints p ON p.originator = t.originator
                 WHERE e.created_at >= p.created_at
                ON CONFLICT (id) DO NOTHING
                RETURNING 1
                """)
    }

    /// A file holds transfers of several originators: one delivery per originator with a callback
    /// URL, telling it about its own transfers in the file.
    static func advanceFiles(_ session: PGSession, batchSize: Int) throws -> Step {
        try advance(
            session, source: "file", batchSize: batchSize,
            scanning: """
                SELECT id, xid, file_id, created_at FROM file_events
                 WHERE to_status = 'sent'
                """,
            queueing: """
                per_originator AS (
                SELECT e.id AS event_id, e.created_at, f.id AS file_id, f.name, f.destination, t.originator,
                       count(*) AS transfers,
                       coalesce(sum(t.amount_cents) FILTER (WHERE t.direction = 'credit'), 0) AS credit_cents,
                       coalesce(sum(t.amount_cents) FILTER (WHERE t.direction = 'debit'), 0) AS debit_cents
                  FROM scanned e
                  JOIN ach_files f ON f.id = e.file_id
                  JOIN transfers t ON t.file_id = f.id
                  JOIN callback_endpoints p ON p.originator = t.originator
                 WHERE e.created_at >= p.created_at
                 GROUP BY 1, 2, 3, 4, 5, 6
                ), queued AS (
                INSERT INTO callback_deliveries
                  (id, source, event_id, originator, event_type, file_id, payload, event_at)
                SELECT 'evt_f' || p.event_id || '_' || p.originator, 'file', p.event_id, p.originator,
                       'file.sent', p.file_id,
                       jsonb_build_object(
                         'type', 'file.sent',
                         'timestamp', to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                         'data', jsonb_build_object(
                           'file_id', p.file_id, 'file_name', p.name, 'destination', p.destination,
                           'originator', p.originator, 'status', 'sent', 'transfer_count', p.transfers,
                           'credit_total_cents', p.credit_cents, 'debit_total_cents', p.debit_cents)),
                       p.created_at
                  FROM per_originator p
                ON CONFLICT (id) DO NOTHING
                RETURNING 1
                """)
    }

    /// One step of the `source` cursor, in one statement: the next events below the horizon
    /// (`scanning` selects them; the cursor, horizon, order and limit are added here), copied into
    /// `callback_deliveries` by `queueing` (CTEs over `scanned` ending in one named `queued`), and
    /// the cursor moved past them.
    private static func advance(
        _ session: PGSession, source: String, batchSize: Int, scanning: String, queueing: String
    ) throws -> Step {
        try session.transaction {
            guard let cursor = try lockCursor(session, source) else {
                return Step(locked: false, scanned: 0, queued: 0)
            }
            let (horizon, next) = try horizon(session)
            try checkCursorBehindServer(source: source, cursor: cursor.xid, next: next)
            let row = try session.query(
                """
                WITH scanned AS MATERIALIZED (
                  \(scanning)
                     AND (xid, id) > ($1::xid8, $2::bigint)
                     AND xid < $4::xid8
                   ORDER BY xid, id
                   LIMIT $3
                ), \(queueing)
                ), moved AS (
                  UPDATE callback_cursors c SET last_xid = s.xid, last_id = s.id, updated_at = now()
                    FROM (SELECT xid, id FROM scanned ORDER BY xid DESC, id DESC LIMIT 1) s
                   WHERE c.source = $5
                  RETURNING 1
                )
                SELECT (SELECT count(*) FROM scanned), (SELECT count(*) FROM queued)
                """,
                [cursor.xid, cursor.id, String(batchSize), horizon, source]
            ).rows.first
            return Step(
                locked: true, scanned: Int(row?[0] ?? "0") ?? 0, queued: Int(row?[1] ?? "0") ?? 0)
        }
    }

    /// The body of a transfer callback, built from the event and the transfer's request columns
    /// (which never change), so it is the same on every attempt. The account number appears as
    /// its last four digits only.
    static let transferPayload = """
        jsonb_build_object(
          'type', 'transfer.' || e.to_status,
          'timestamp', to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          'data', jsonb_strip_nulls(jsonb_build_object(
            'transfer_id', t.id, 'idempotency_key', t.idempotency_key, 'originator', t.originator,
            'status', e.to_status, 'previous_status', e.from_status, 'attempt', e.attempt,
            'direction', t.direction, 'amount_cents', t.amount_cents, 'currency', t.currency,
            'sec_code', t.sec_code, 'account_last4', coalesce(t.account_last4, ''),
            'rejection_codes', (SELECT jsonb_agg(r->>'code') FROM jsonb_array_elements(e.detail->'rejections') r),
            'error', e.detail->>'error',
            'file_id', e.detail->>'file_id')))
        """

    /// What `run --drain` still waits for: pending deliveries to enabled endpoints of
    /// `originators`, plus callback events the cursors have not passed yet.
    public static func remaining(_ session: PGSession, originators: [String]) throws -> Int {
        let value = try session.query(
            """
            SELECT (SELECT count(*) FROM callback_deliveries d JOIN callback_endpoints p USING (originator)
                     WHERE d.status = 'pending' AND p.disabled_at IS NULL AND d.originator = ANY($1::text[]))
                 + (SELECT count(*) FROM transfer_events e, callback_cursors c
                     WHERE c.source = 'transfer' AND e.\(transferEventCondition)
                       AND (e.xid, e.id) > (c.last_xid, c.last_id))
                 + (SELECT count(*) FROM file_events e, callback_cursors c
                     WHERE c.source = 'file' AND e.to_status = 'sent' AND (e.xid, e.id) > (c.last_xid, c.last_id))
            """,
            [PGArray.literal(originators)]
        ).scalar
        return value.flatMap { Int($0) } ?? 0
    }

    /// Deliveries waiting (pending), for the backlog gauge and `status`.
    public static func backlog(_ session: PGSession) throws -> Int {
        try session.query("SELECT count(*) FROM callback_deliveries WHERE status = 'pending'").scalar.flatMap {
            Int($0)
        } ?? 0
    }
}
