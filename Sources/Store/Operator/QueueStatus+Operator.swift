/// A file whose delivery failed for a reason retrying will not fix, as `status` lists it.
public struct FailedFile: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    public var destination: String
    public var attempts: Int
    public var lastError: String?
    public var createdAt: String

    enum CodingKeys: String, CodingKey {
        case id, name, destination, attempts
        case lastError = "last_error"
        case createdAt = "created_at"
    }
}

extension QueueStatus {
    /// How many failed files `status` lists by name (the count covers all of them).
    static let failedFilesListed = 20

    /// What an operator acts on besides the queue: failed and waiting files, dead callbacks.
    mutating func loadOperatorFacts(_ session: PGSession) throws {
        let counts = try session.query(
            """
            SELECT count(*) FILTER (WHERE status = 'failed'), count(*) FILTER (WHERE status = 'archived')
              FROM ach_files WHERE status IN ('failed', 'archived')
            """
        ).rows.first
        failedFiles = counts?[0].flatMap { Int($0) } ?? 0
        undeliveredFiles = counts?[1].flatMap { Int($0) } ?? 0
        recentFailedFiles = try session.query(
            """
            SELECT id, name, destination, attempts, last_error,
                   to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
              FROM ach_files WHERE status = 'failed' ORDER BY created_at DESC, id LIMIT $1
            """,
            [String(Self.failedFilesListed)]
        ).rows.map {
            FailedFile(
                id: $0[0] ?? "", name: $0[1] ?? "", destination: $0[2] ?? "", attempts: Int($0[3] ?? "0") ?? 0,
                lastError: $0[4], createdAt: $0[5] ?? "")
        }
        deadCallbacks = try CallbackRedelivery.deadCount(session)
        if deadCallbacks != nil {
            callbackBacklog = try CallbackOutbox.backlog(session)
            disabledCallbackEndpoints = try CallbackEndpoints.all(session).filter(\.isDisabled)
        }
    }
}
