import Delivery
import Foundation
import Store
import Testing

@Suite("ach-worker retry files and retry callbacks", .serialized)
struct RetryFilesTests {
    @Test("a failed delivery is retried after the operator fixes the cause: the same archived bytes, no new file")
    func failedFileIsRedeliveredUnchanged() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        // A fixed name, so the test can put a different file there first: a conflict, which
        // retrying does not fix, so the file becomes `failed`.
        let setup = try OperatorSupport.setup(database, fileName: "{destination}-{modifier}.ach")
        try FileManager.default.createDirectory(atPath: setup.outbox, withIntermediateDirectories: true)
        let stale = setup.outbox + "/demo-bank-A.ach"
        try Data("someone else's file\n".utf8).write(to: URL(fileURLWithPath: stale))
        try await Fixtures.seed(database, Fixtures.transfers(5))
        let drained = try await Daemon.run(["run", "--drain"], config: setup.config)
        #expect(drained.status != 0, "the conflicting file stops delivery")
        #expect(try await database.scalarInt("SELECT count(*) FROM ach_files WHERE status = 'failed'") == 1)
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'batched'") == 5)

        let status = try await Daemon.run(["status", "--json"], config: setup.config)
        #expect(OperatorSupport.object(status.stdout)["failed_files"] as? Int == 1)
        #expect(
            (OperatorSupport.object(status.stdout)["recent_failed_files"] as? [[String: Any]])?.first?["name"]
                as? String
                == "demo-bank-A.ach")
        #expect(try await Daemon.run(["status"], config: setup.config).stdout.contains("failed files 1"))

        let dry = try await OperatorSupport.run(
            ["retry", "files", "--all", "--reason", "r", "--dry-run", "--json"], setup)
        #expect(dry.status == 0)
        #expect(OperatorSupport.items(dry.stdout, "changed").first?["label"] as? String == "demo-bank-A.ach")
        #expect(try await database.scalarInt("SELECT count(*) FROM ach_files WHERE status = 'failed'") == 1)

        try FileManager.default.removeItem(atPath: stale)
        let retried = try await OperatorSupport.run(
            ["retry", "files", "demo-bank-A.ach", "--reason", "removed the stale file", "--deliver", "--json"], setup)
        #expect(retried.status == 0, "\(retried.stdout)\(retried.stderr)")
        let delivery = OperatorSupport.object(retried.stdout)["delivery"] as? [String: Any]
        #expect(delivery?["sent"] as? [String] == ["demo-bank-A.ach"])

        let row = try await database.query("SELECT status::text, sha256, archive_path FROM ach_files").rows
        #expect(row.count == 1, "the file was not assembled again")
        #expect(row.first?[0] == "sent")
        let delivered = try #require(FileManager.default.contents(atPath: stale))
        #expect(SHA256.hex([UInt8](delivered)) == row.first?[1], "the archived bytes were delivered")
        #expect(delivered == FileManager.default.contents(atPath: row.first?[2] ?? ""))
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'sent'") == 5)
        #expect(
            try await database.scalarInt(
                """
                SELECT count(*) FROM file_events
                 WHERE from_status = 'failed' AND to_status = 'archived' AND actor = 'operator:alice'
                   AND detail->>'reason' = 'removed the stale file' AND detail->>'previous_error' LIKE '%different file%'
                """) == 1)

        // Delivered now: another retry would send it twice.
        let again = try await OperatorSupport.run(["retry", "files", "--all", "--reason", "r"], setup)
        #expect(again.status == 1)
        #expect(again.stdout.contains("no file matched"))
        let named = try await OperatorSupport.run(
            ["retry", "files", "demo-bank-A.ach", "--reason", "r", "--json"], setup)
        #expect(named.status == 1)
        #expect(OperatorSupport.refusalCodes(named.stdout) == ["WOULD_DELIVER_TWICE"])
    }

    @Test("retry callbacks: nothing dead is exit 1, a named event that is not dead is refused, no condition is exit 2")
    func callbacksWithNothingDead() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let setup = try OperatorSupport.setup(database)
        let result = try await OperatorSupport.run(["retry", "callbacks", "--all", "--reason", "r"], setup)
        #expect(result.status == 1)
        #expect(result.stdout.contains("no callback matched"))
        let named = try await OperatorSupport.run(["retry", "callbacks", "evt_t1", "--reason", "r", "--json"], setup)
        #expect(named.status == 1)
        #expect(OperatorSupport.refusalCodes(named.stdout) == ["NOT_FOUND"])
        let usage = try await OperatorSupport.run(["retry", "callbacks", "--reason", "r"], setup)
        #expect(usage.status == 2)
    }
}
