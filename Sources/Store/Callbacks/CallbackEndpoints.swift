/// A callback endpoint as `status` and `callbacks enable` show it.
public struct CallbackEndpoint: Sendable, Codable, Equatable {
    public var originator: String
    public var url: String
    public var disabledAt: String?
    public var disabledReason: String?
    public var enabledBy: String?
    public var enabledAt: String?

    public var isDisabled: Bool { disabledAt != nil }

    enum CodingKeys: String, CodingKey {
        case originator, url
        case disabledAt = "disabled_at"
        case disabledReason = "disabled_reason"
        case enabledBy = "enabled_by"
        case enabledAt = "enabled_at"
    }
}

/// The SQL of callback endpoints: one row per originator with a callback URL, disabled by a
/// `410 Gone` until an operator re-enables it.
public enum CallbackEndpoints {
    /// Records the configured URLs (a daemon's start-up). A disabled endpoint stays disabled.
    public static func sync(_ session: PGSession, urls: [String: String]) throws {
        let sorted = urls.sorted { $0.key < $1.key }
        try session.query(
            """
            INSERT INTO callback_endpoints (originator, url)
            SELECT * FROM unnest($1::text[], $2::text[])
            ON CONFLICT (originator) DO UPDATE SET url = excluded.url, updated_at = now()
             WHERE callback_endpoints.url IS DISTINCT FROM excluded.url
            """,
            [PGArray.literal(sorted.map(\.key)), PGArray.literal(sorted.map(\.value))])
    }

    /// Disables an endpoint after a 410 on delivery `deliveryID` (no-op when already disabled).
    static func disable(_ session: PGSession, originator: String, actor: String, deliveryID: String) throws {
        try session.query(
            """
            WITH updated AS (
              UPDATE callback_endpoints
                 SET disabled_at = now(), disabled_reason = '410 Gone on ' || $2, updated_at = now()
               WHERE originator = $1 AND disabled_at IS NULL
              RETURNING originator
            )
            INSERT INTO callback_endpoint_events (originator, action, actor, detail)
            SELECT originator, 'disabled', $3, jsonb_build_object('delivery_id', $2::text, 'status_code', 410)
              FROM updated
            """,
            [originator, deliveryID, actor])
    }

    /// Every endpoint, disabled ones first.
    public static func all(_ session: PGSession) throws -> [CallbackEndpoint] {
        try session.query(
            """
            SELECT originator, url,
                   to_char(disabled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), disabled_reason,
                   enabled_by, to_char(enabled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
              FROM callback_endpoints ORDER BY disabled_at IS NULL, originator
            """
        ).rows.map {
            CallbackEndpoint(
                originator: $0[0] ?? "", url: $0[1] ?? "", disabledAt: $0[2], disabledReason: $0[3],
                enabledBy: $0[4], enabledAt: $0[5])
        }
    }

    /// Locks one endpoint and returns it as it is now (nil: no such endpoint).
    public static func lock(_ session: PGSession, originator: String) throws -> CallbackEndpoint? {
        try session.query("SELECT 1 FROM callback_endpoints WHERE originator = $1 FOR UPDATE", [originator])
        return try all(session).first { $0.originator == originator }
    }

    /// Re-enables a disabled endpoint, recording who (`actor`) and why (`detail`, the operator
    /// action's JSON with its `reason`); its waiting deliveries are due now, with a fresh maximum age. Returns false when
    /// it was not disabled.
    public static func enable(_ session: PGSession, originator: String, actor: String, detail: String) throws -> Bool {
        let changed = try session.query(
            """
            WITH updated AS (
              UPDATE callback_endpoints
                 SET disabled_at = NULL, disabled_reason = NULL, enabled_by = $2,
                     enabled_reason = $3::jsonb->>'reason', enabled_at = now(), updated_at = now()
               WHERE originator = $1 AND disabled_at IS NOT NULL
              RETURNING originator
            ), events AS (
              INSERT INTO callback_endpoint_events (originator, action, actor, detail)
              SELECT originator, 'enabled', $2, $3::jsonb FROM updated
            ), due AS (
              UPDATE callback_deliveries SET next_attempt_at = now(), queued_at = now(), updated_at = now()
               WHERE originator IN (SELECT originator FROM updated) AND status = 'pending'
            )
            SELECT count(*) FROM updated
            """,
            [originator, actor, detail]
        ).scalar
        return changed == "1"
    }
}
