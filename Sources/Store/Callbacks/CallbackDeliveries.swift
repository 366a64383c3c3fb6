/// One delivery claimed for an attempt: what to send, and where the attempt stands.
public struct ClaimedDelivery: Sendable, Equatable {
    /// The Standard Webhooks `webhook-id` (stable for the event).
    public var id: String
    public var originator: String
    public var eventType: String
    public var transferID: String?
    /// The exact body to sign and send.
    public var body: String
    /// Attempts made before this one.
    public var attempts: Int
    /// Seconds since the event happened, for the end-to-end latency metric.
    public var ageSeconds: Double
}

/// How one attempt ended, as the dispatcher records it.
public enum CallbackOutcome: Sendable, Equatable {
    /// A 2xx.
    case delivered(statusCode: Int)
    /// Another answer or no answer: try again after `retryAfterMilliseconds`, unless the event is
    /// older than `maxAgeSeconds` by then, which makes it `dead`.
    case failed(statusCode: Int?, error: String, retryAfterMilliseconds: Int, maxAgeSeconds: Int)
    /// 410 Gone: the endpoint is disabled until an operator re-enables it; the event waits.
    case gone
}

/// The SQL of callback delivery: claim due deliveries, record attempts, release leases.
public enum CallbackDeliveries {
    /// Claims up to `limit` due deliveries for `owner` with a lease of `leaseSeconds`.
    ///
    /// Per-transfer order: a delivery waits while an earlier event of its transfer is still
    /// pending (even leased by another daemon), and while an earlier callback event of its
    /// transfer has not been copied by the cursor yet (a transaction with a higher xid can hold an
    /// earlier event; see `CallbackOutbox`). Dead events do not hold later ones back.
    ///
    /// With a backlog (a receiver back after an outage) the planner, which expects few pending
    /// rows, read every pending delivery with a sequential scan, ran both order checks on each and
    /// sorted them — 0.5 s per claim at 7,000 pending, so the backlog drained at ~60 a second.
    /// Whole-table scans and sorts are off for this transaction (as scans are for the transfer
    /// claim): the ordered walk of `callback_deliveries_due` stops after `limit` claimable rows
    /// (10 ms at 7,000 pending).
    public static func claim(
        _ session: PGSession, owner: String, originators: [String], limit: Int, leaseSeconds: Int
    ) throws -> [ClaimedDelivery] {
        try session.transaction {
            try session.execute(
                "SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off")
            return try claimStatement(
                session, owner: owner, originators: originators, limit: limit, leaseSeconds: leaseSeconds)
        }
    }

    private static func claimStatement(
        _ session: PGSession, owner: String, originators: [String], limit: Int, leaseSeconds: Int
    ) throws -> [ClaimedDelivery] {
        try session.query(
            """
            WITH due AS MATERIALIZED (
              SELECT d.id FROM callback_deliveries d
               WHERE d.status = 'pending' AND d.next_attempt_at <= now()
                 AND (d.lease_expires_at IS NULL OR d.lease_expires_at < now())
                 AND d.originator = ANY($3::text[])
                 AND d.originator IN (SELECT originator FROM callback_endpoints WHERE disabled_at IS NULL)
                 AND NOT EXISTS (
                   SELECT 1 FROM callback_deliveries p
                    WHERE d.transfer_id IS NOT NULL AND p.transfer_id = d.transfer_id
                      AND p.event_id < d.event_id AND p.status = 'pending')
                 AND NOT EXISTS (
                   SELECT 1 FROM transfer_events e, callback_cursors c
                    WHERE d.transfer_id IS NOT NULL AND c.source = 'transfer'
                      AND e.transfer_id = d.transfer_id AND e.id < d.event_id
                      AND e.\(CallbackOutbox.transferEventCondition)
                      AND (e.xid, e.id) > (c.last_xid, c.last_id))
               ORDER BY d.next_attempt_at, d.id
               LIMIT $2
               FOR UPDATE OF d SKIP LOCKED
            )
            UPDATE callback_deliveries d
               SET lease_owner = $1, lease_expires_at = now() + make_interval(secs => $4::int), updated_at = now()
              FROM due WHERE d.id = due.id
            RETURNING d.id, d.originator, d.event_type, d.transfer_id, d.payload::text, d.attempts,
                      extract(epoch FROM now() - d.event_at)
            """,
            [owner, String(limit), PGArray.literal(originators), String(leaseSeconds)]
        ).rows.map { row in
            ClaimedDelivery(
                id: row[0] ?? "", originator: row[1] ?? "", eventType: row[2] ?? "", transferID: row[3],
                body: row[4] ?? "{}", attempts: Int(row[5] ?? "0") ?? 0, ageSeconds: Double(row[6] ?? "0") ?? 0)
        }
    }

    /// Records one attempt. Only a delivery still leased by `owner` changes. Returns the status
    /// it has now (`delivered`, `pending` or `dead`), nil if the lease was lost meanwhile.
    @discardableResult
    public static func record(
        _ session: PGSession, id: String, owner: String, outcome: CallbackOutcome
    ) throws -> String? {
        switch outcome {
        case .delivered(let code):
            return try session.query(
                """
                UPDATE callback_deliveries
                   SET status = 'delivered', attempts = attempts + 1, delivered_at = now(), last_status_code = $3,
                       last_error = NULL, lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
                 WHERE id = $1 AND lease_owner = $2 AND status = 'pending'
                RETURNING status::text
                """,
                [id, owner, String(code)]
            ).scalar
        case .failed(let code, let error, let retryAfter, let maxAge):
            return try session.query(
                """
                WITH updated AS (
                  UPDATE callback_deliveries
                     SET attempts = attempts + 1, last_status_code = $3, last_error = $4,
                         next_attempt_at = now() + make_interval(secs => $5::double precision / 1000),
                         status = CASE WHEN now() + make_interval(secs => $5::double precision / 1000)
                                            > queued_at + make_interval(secs => $6::int)
                                       THEN 'dead' ELSE 'pending' END::callback_status,
                         dead_at = CASE WHEN now() + make_interval(secs => $5::double precision / 1000)
                                             > queued_at + make_interval(secs => $6::int)
                                        THEN now() END,
                         lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
                   WHERE id = $1 AND lease_owner = $2 AND status = 'pending'
                  RETURNING id, status, attempts, last_error
                ), events AS (
                  INSERT INTO callback_delivery_events (delivery_id, from_status, to_status, actor, detail)
                  SELECT id, 'pending', 'dead', $2, jsonb_build_object('attempts', attempts, 'error', last_error)
                    FROM updated WHERE status = 'dead'
                )
                SELECT status::text FROM updated
                """,
                [id, owner, code.map(String.init), error, String(retryAfter), String(maxAge)]
            ).scalar
        case .gone:
            let status = try session.query(
                """
                UPDATE callback_deliveries
                   SET attempts = attempts + 1, last_status_code = 410, last_error = '410 Gone: endpoint disabled',
                       lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
                 WHERE id = $1 AND lease_owner = $2 AND status = 'pending'
                RETURNING originator
                """,
                [id, owner]
            ).scalar
            guard let originator = status else { return nil }
            try CallbackEndpoints.disable(session, originator: originator, actor: owner, deliveryID: id)
            return "pending"
        }
    }

    /// Gives back the leases of deliveries `owner` claimed but did not attempt (shutdown).
    @discardableResult
    public static func release(_ session: PGSession, owner: String) throws -> Int {
        try session.query(
            """
            UPDATE callback_deliveries SET lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
             WHERE lease_owner = $1 AND status = 'pending'
            """,
            [owner]
        ).affected
    }
}
