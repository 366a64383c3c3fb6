import Foundation

/// Who runs an operator command, and why: written to `operator_actions` and into the `detail` of
/// every event the command writes, in the same transaction as the changes.
public struct OperatorAction: Sendable {
    /// `retry transfers`, `retry files`, `retry callbacks`, `cancel`.
    public var command: String
    public var operatorName: String
    public var reason: String
    /// The arguments and flags as given, so the audit row says exactly what was asked for.
    public var selection: [String: String]

    public init(command: String, operatorName: String, reason: String, selection: [String: String]) {
        self.command = command
        self.operatorName = operatorName
        self.reason = reason
        self.selection = selection
    }

    /// The `actor` of the events it writes: prefixed so that an operator named like a worker id
    /// can never be mistaken for one.
    public var actor: String { "operator:" + operatorName }

    /// Reserves the audit row's id, so that events written before the row can name it.
    public static func reserveID(_ session: PGSession) throws -> Int64 {
        let id = try session.query("SELECT nextval(pg_get_serial_sequence('operator_actions', 'id'))").scalar
        guard let id = id.flatMap({ Int64($0) }) else {
            throw StoreError(.decodingFailed, "no operator action id returned")
        }
        return id
    }

    /// The `detail` every event of this action carries (a JSON object, sent as a parameter).
    public func eventDetail(auditID: Int64) throws -> String {
        let object: [String: Any] = [
            "action": command, "operator": operatorName, "reason": reason, "audit_id": auditID,
        ]
        return String(
            decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// Writes the audit row under the reserved id.
    public func record(_ session: PGSession, id: Int64, changed: Int, refused: Int) throws {
        let selection = String(
            decoding: try JSONSerialization.data(withJSONObject: self.selection, options: [.sortedKeys]), as: UTF8.self)
        try session.query(
            """
            INSERT INTO operator_actions (id, command, operator, reason, selection, changed, refused)
            VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)
            """,
            [String(id), command, operatorName, reason, selection, String(changed), String(refused)])
    }
}
