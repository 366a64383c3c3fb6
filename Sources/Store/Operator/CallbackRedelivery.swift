import Foundation

/// The SQL that `retry callbacks`, `status` (dead callbacks) and `inspect` (delivery state) need
/// from the callback outbox (SPEC §7).
///
/// TODO(callbacks): the outbox tables are built on the `webhooks` branch (issue 5) and do not
/// exist on this one. Everything above this type — the command, dry run, confirmation, audit row,
/// output — is done; after merging, fill in the five functions below against the outbox table
/// and set `isInstalled`. Expected shape, adjust to the real table:
///
///     -- select (plan; lock adds ORDER BY id FOR UPDATE):
///     SELECT id, originator, event_type, transfer_id, status, attempts, last_error, <last event>
///       FROM <outbox> WHERE status = 'dead' AND <ids / originator / event types / created_at range>
///     -- requeue: dead → pending, attempts = 0, next_attempt_at = now(), with an event whose detail
///     -- is `detail || previous attempts/error`, guarded by `status = 'dead'`; RETURNING id.
///
/// Keep per-transfer ordering (SPEC §7): requeue a dead event together with the later events of
/// the same transfer that wait behind it, or the dispatcher must hold them back.
public enum CallbackRedelivery {
    public struct Filter: Sendable {
        public var ids: [String] = []
        public var originator: String?
        public var eventTypes: [String] = []
        public var since: Date?
        public var until: Date?
        public var limit = 10_000

        public init() {}
    }

    /// One outbox event as `retry callbacks` decides on it.
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
        public var eventType: String
        public var status: String
        public var attempts: Int
        public var lastError: String?

        enum CodingKeys: String, CodingKey {
            case status, attempts
            case eventType = "event_type"
            case lastError = "last_error"
        }
    }

    /// False until the outbox exists: callers then report "not available" instead of guessing.
    public static func isInstalled(_ session: PGSession) throws -> Bool {
        false  // TODO(callbacks): e.g. `SELECT to_regclass('<outbox>') IS NOT NULL`.
    }

    /// Dead events matching `filter`, oldest first, at most `filter.limit + 1`.
    public static func select(_ session: PGSession, _ filter: Filter) throws -> [Event] {
        throw notInstalled  // TODO(callbacks)
    }

    /// Locks `ids` in id order and returns them as they are now.
    public static func lock(_ session: PGSession, ids: [String]) throws -> [Event] {
        throw notInstalled  // TODO(callbacks)
    }

    /// `dead` → pending, due now, fresh attempts, with an event; returns the ids that changed.
    public static func requeue(_ session: PGSession, ids: [String], actor: String, detail: String) throws -> Set<String>
    {
        throw notInstalled  // TODO(callbacks)
    }

    /// Dead events in the outbox, for `status`; nil while the outbox does not exist.
    public static func deadCount(_ session: PGSession) throws -> Int? {
        guard try isInstalled(session) else { return nil }
        throw notInstalled  // TODO(callbacks): SELECT count(*) FROM <outbox> WHERE status = 'dead'
    }

    /// A transfer's callbacks and their delivery state, for `inspect`; nil while there is no outbox.
    public static func deliveries(_ session: PGSession, transferID: String) throws -> [Delivery]? {
        guard try isInstalled(session) else { return nil }
        throw notInstalled  // TODO(callbacks)
    }

    static let notInstalled = StoreError(
        .queryFailed, "the callback outbox is not installed in this database (see CallbackRedelivery)")
}
