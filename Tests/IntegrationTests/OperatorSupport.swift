import Foundation
import Store
import Testing

/// Helpers for the operator command tests: a configuration with private folders, a way to put
/// transfers into states the pool reaches only through failures, and JSON access.
enum OperatorSupport {
    struct Setup {
        let config: String
        let outbox: String
        let archive: String
    }

    /// A configuration whose files go to folders of this test only.
    static func setup(
        _ database: TestDatabase, blockedNames: [String] = [], fileName: String = "{destination}-{date}-{modifier}.ach"
    ) throws -> Setup {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ach-operator-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let names = blockedNames.map { "\"\($0)\"" }.joined(separator: ", ")
        let config = try Daemon.writeConfig(
            database,
            extra: """
                files:
                  archiveDirectory: "\(folder)/archive"
                  drainDeliveryTimeoutSeconds: 2
                validation:
                  blockedNames: [\(names)]
                destinations:
                  demo-bank:
                    immediateDestination: "091000019"
                    immediateDestinationName: DEMO BANK
                    immediateOrigin: "1234567890"
                    immediateOriginName: DEMO CORP
                    odfiIdentification: "09100001"
                    directory: "\(folder)/outbox"
                    fileName: "\(fileName)"
                """)
        return Setup(config: config, outbox: folder + "/outbox", archive: folder + "/archive")
    }

    /// Runs an operator command as `name` (so tests do not depend on the OS account).
    static func run(
        _ arguments: [String], _ setup: Setup, as name: String = "alice"
    ) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await Daemon.run(arguments + ["--operator", name], config: setup.config)
    }

    /// Marks transfers `failed` as the pool does when their attempts run out.
    static func fail(_ database: TestDatabase, keys: [String], attempts: Int = 5) async throws {
        _ = try await database.query(
            """
            WITH failed AS (
              UPDATE transfers SET status = 'failed', attempts = $2::int,
                     last_error = 'lease of w1 expired: worker died or timed out'
               WHERE idempotency_key = ANY($1::text[]) RETURNING id, attempts
            )
            INSERT INTO transfer_events (transfer_id, from_status, to_status, attempt, actor)
            SELECT id, 'processing', 'failed', attempts, 'lease-reaper' FROM failed
            """,
            ["{" + keys.joined(separator: ",") + "}", String(attempts)])
    }

    static func object(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    /// The `changed` or `refused` items of a command's `--json` output.
    static func items(_ text: String, _ key: String) -> [[String: Any]] {
        object(text)[key] as? [[String: Any]] ?? []
    }

    static func refusalCodes(_ text: String) -> [String] {
        items(text, "refused").compactMap { ($0["refusal"] as? [String: Any])?["code"] as? String }
    }

    static func status(_ database: TestDatabase, key: String) async throws -> String {
        try await database.query("SELECT status::text FROM transfers WHERE idempotency_key = $1", [key]).scalar ?? ""
    }
}
