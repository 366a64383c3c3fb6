import ACH
import Foundation

/// A transfer as an operator command sees it: the request (to validate it again) plus the state
/// its decision depends on. The account number stays inside `transfer` and is never printed.
public struct OperatorTransfer: Sendable {
    /// The newest event: who touched it last, and when ("already retried by … at …").
    public struct LastEvent: Sendable {
        public var actor: String
        public var at: String
        public var action: String?
    }

    public var transfer: Transfer
    public var status: String
    public var attempts: Int
    public var lastError: String?
    public var rejections: [Rejection]
    public var fileName: String?
    public var traceNumbers: [String]
    public var leaseOwner: String?
    public var resolvedEffectiveDate: String?
    public var lastEvent: LastEvent?

    public var id: UUID { transfer.id }
}

/// Which transfers an operator command selects. References (ids, keys) are OR-ed; every other
/// field narrows the selection further.
public struct TransferFilter: Sendable {
    public var ids: [UUID] = []
    public var keys: [String] = []
    /// Any of these statuses (empty: any status).
    public var statuses: [String] = []
    /// Rejected for any of these rule codes (implies `rejected`).
    public var codes: [String] = []
    public var originator: String?
    /// Reached their current status in [since, until).
    public var since: Date?
    public var until: Date?
    public var limit = 10_000

    public init() {}
}

extension OperatorTransfer {
    /// The columns `init(row:)` reads, after `claimedColumns` (0–20).
    static let columns = """
        \(claimedColumns), t.status::text, t.last_error, coalesce(t.rejection::text, '[]'), f.name,
        coalesce(t.trace_numbers, '{}'), t.lease_owner, t.resolved_effective_date, e.actor,
        to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), e.detail->>'action'
        """

    /// The newest event of each row, and its file.
    static let joins = """
        LEFT JOIN ach_files f ON f.id = t.file_id
        LEFT JOIN LATERAL (SELECT actor, created_at, detail FROM transfer_events
                            WHERE transfer_id = t.id ORDER BY id DESC LIMIT 1) e ON true
        """

    init(row: [String?]) throws {
        let claimed = try ClaimedTransfer(row: row)
        let rejections = (try? JSONDecoder().decode([Rejection].self, from: Data((row[23] ?? "[]").utf8))) ?? []
        self.init(
            transfer: claimed.transfer, status: row[21] ?? "", attempts: claimed.attempts, lastError: row[22],
            rejections: rejections, fileName: row[24], traceNumbers: PGArray.parse(row[25] ?? "{}"),
            leaseOwner: row[26], resolvedEffectiveDate: row[27],
            lastEvent: row[28].map { LastEvent(actor: $0, at: row[29] ?? "", action: row[30]) })
    }
}
