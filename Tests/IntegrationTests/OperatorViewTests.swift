import Foundation
import Testing

@Suite("What inspect and status show an operator", .serialized)
struct OperatorViewTests {
    @Test(
        "inspect shows attempts, last error, file, trace numbers and the operator's events; status the oldest pending")
    func inspectAndStatusShowWhatAnOperatorNeeds() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let setup = try OperatorSupport.setup(database)
        try await Fixtures.seed(database, Fixtures.transfers(2))
        try await OperatorSupport.fail(database, keys: ["t-0"])

        let failed = try await Daemon.run(["inspect", "t-0"], config: setup.config)
        #expect(failed.stdout.contains("status     failed after 5 attempt(s)"))
        #expect(failed.stdout.contains("last error lease of w1 expired"))
        #expect(failed.stdout.contains("callbacks  none"), "demo has no callback URL in this configuration")
        #expect(!failed.stdout.contains("100000000"), "the account number is masked")
        let status = try await Daemon.run(["status"], config: setup.config)
        #expect(status.stdout.contains("failed      1"))
        #expect(status.stdout.contains("retry transfers --status failed"))
        #expect(status.stdout.contains("dead callbacks 0"))
        #expect(status.stdout.contains("callbacks waiting 0"))
        let pending = OperatorSupport.object(try await Daemon.run(["status", "--json"], config: setup.config).stdout)
        #expect((pending["oldest_pending_seconds"] as? Double ?? -1) >= 0)
        #expect(pending["undelivered_files"] as? Int == 0)

        #expect(
            try await OperatorSupport.run(["retry", "transfers", "t-0", "--reason", "outage over"], setup).status == 0)
        #expect(try await Daemon.run(["run", "--drain"], config: setup.config).status == 0)
        let sent = OperatorSupport.object(
            try await Daemon.run(["inspect", "t-0", "--json"], config: setup.config).stdout)
        #expect(sent["status"] as? String == "sent")
        #expect(sent["attempts"] as? Int == 1)
        let file = sent["file"] as? [String: Any]
        #expect(file?["status"] as? String == "sent")
        #expect((file?["name"] as? String)?.hasPrefix("demo-bank-") == true)
        #expect((sent["trace_numbers"] as? [String])?.count == 1)
        let events = sent["events"] as? [[String: Any]] ?? []
        #expect(events.contains { $0["actor"] as? String == "operator:alice" && $0["to"] as? String == "pending" })
        let text = try await Daemon.run(["inspect", "t-0"], config: setup.config)
        #expect(text.stdout.contains("file       demo-bank-"))
        #expect(text.stdout.contains("traces     09100001"))
        #expect(text.stdout.contains("by operator:alice"))
    }
}
