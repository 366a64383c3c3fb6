/// The file a transfer is in, as `inspect` shows it: where its money stands with the bank.
public struct FileSummary: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    public var destination: String
    public var status: String
    public var attempts: Int
    public var lastError: String?
    public var sentAt: String?

    enum CodingKeys: String, CodingKey {
        case id, name, destination, status, attempts
        case lastError = "last_error"
        case sentAt = "sent_at"
    }
}

extension TransferDetails {
    /// Fills in `file` and `callbacks`: what an operator asks next about a batched or sent
    /// transfer ("did the bank get it? did the originator hear about it?").
    mutating func loadDelivery(_ session: PGSession) throws {
        if let fileID {
            file = try session.query(
                """
                SELECT id, name, destination, status::text, attempts, last_error,
                       to_char(sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                  FROM ach_files WHERE id = $1::uuid
                """,
                [fileID]
            ).rows.first.map {
                FileSummary(
                    id: $0[0] ?? "", name: $0[1] ?? "", destination: $0[2] ?? "", status: $0[3] ?? "",
                    attempts: Int($0[4] ?? "0") ?? 0, lastError: $0[5], sentAt: $0[6])
            }
        }
        callbacks = try CallbackRedelivery.deliveries(session, transferID: id)
    }
}
