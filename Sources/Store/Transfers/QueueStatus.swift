import Foundation

/// What `ach-worker status` reports: the queue by status and how far behind it is.
public struct QueueStatus: Sendable, Codable, Equatable {
    public var counts: [String: Int]
    public var inFlight: Int
    public var oldestPendingSeconds: Double
    /// Pending transfers whose run_at has come (ready to claim now).
    public var duePending: Int
    /// Transfers whose lease expired and wait for the reaper.
    public var expiredLeases: Int
    /// Files an operator has to look at (`retry files`): count, and the newest few.
    public var failedFiles = 0
    public var recentFailedFiles: [FailedFile] = []
    /// Files archived and waiting for (another) delivery attempt.
    public var undeliveredFiles = 0
    /// Callback deliveries that gave up (`retry callbacks`); absent while there is no callback outbox.
    public var deadCallbacks: Int?
    /// Callback deliveries waiting for their (next) attempt.
    public var callbackBacklog: Int?
    /// Endpoints a `410 Gone` disabled (`ach-worker callbacks enable`).
    public var disabledCallbackEndpoints: [CallbackEndpoint] = []

    enum CodingKeys: String, CodingKey {
        case counts
        case failedFiles = "failed_files"
        case recentFailedFiles = "recent_failed_files"
        case undeliveredFiles = "undelivered_files"
        case deadCallbacks = "dead_callbacks"
        case callbackBacklog = "callback_backlog"
        case disabledCallbackEndpoints = "disabled_callback_endpoints"
        case inFlight = "in_flight"
        case oldestPendingSeconds = "oldest_pending_seconds"
        case duePending = "due_pending"
        case expiredLeases = "expired_leases"
    }

    /// Every status, so that a zero shows as zero rather than as a missing key.
    public static let allStatuses = [
        "pending", "processing", "accepted", "rejected", "batched", "sent", "settled", "returned", "failed",
        "cancelled",
    ]

    /// The statuses a transfer still moves on from: the queue proper. Each has a partial index.
    public static let activeStatuses = ["pending", "processing", "accepted", "batched", "failed"]

    /// The queue's state. With `finalCounts` it also counts the final statuses, which reads the
    /// whole table (for `ach-worker status`); without, only the active statuses are counted, each
    /// through its own partial index, so the cost does not grow with the finished history (for
    /// the gauges, read every few seconds by every daemon).
    public static func load(_ session: PGSession, finalCounts: Bool = true) throws -> QueueStatus {
        let grouped =
            finalCounts
            ? try session.query("SELECT status::text, count(*) FROM transfers GROUP BY status")
            : try session.query(
                activeStatuses.map { "SELECT '\($0)', count(*) FROM transfers WHERE status = '\($0)'" }
                    .joined(separator: " UNION ALL "))
        var counts = Dictionary(
            uniqueKeysWithValues: (finalCounts ? allStatuses : activeStatuses).map { ($0, 0) })
        for row in grouped.rows {
            if let status = row[0], let count = row[1].flatMap({ Int($0) }) { counts[status] = count }
        }
        let summary = try session.query(
            """
            SELECT coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'pending')), 0),
                   count(*) FILTER (WHERE status = 'pending' AND run_at <= now()),
                   count(*) FILTER (WHERE status = 'processing' AND lease_expires_at < now())
              FROM transfers WHERE status IN ('pending', 'processing')
            """)
        let row = summary.rows.first ?? []
        var status = QueueStatus(
            counts: counts, inFlight: counts["processing"] ?? 0,
            oldestPendingSeconds: row.first.flatMap { $0.flatMap(Double.init) } ?? 0,
            duePending: row.count > 1 ? Int(row[1] ?? "0") ?? 0 : 0,
            expiredLeases: row.count > 2 ? Int(row[2] ?? "0") ?? 0 : 0)
        try status.loadOperatorFacts(session)
        return status
    }
}
