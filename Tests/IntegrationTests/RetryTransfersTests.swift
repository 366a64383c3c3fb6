import ACH
import Foundation
import Store
import Testing

@Suite("ach-worker retry transfers", .serialized)
struct RetryTransfersTests {
    @Test("failed transfers go back to pending with a fresh attempt budget, audited, and the pool finishes them")
    func failedTransfersAreRetriedAndProcessedAgain() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let setup = try OperatorSupport.setup(database)
        try await Fixtures.seed(database, Fixtures.transfers(3))
        try await OperatorSupport.fail(database, keys: ["t-0", "t-1"])

        let result = try await OperatorSupport.run(
            ["retry", "transfers", "--status", "failed", "--reason", "bank outage is over", "--json"], setup)
        #expect(result.status == 0, "\(result.stderr)")
        let output = OperatorSupport.object(result.stdout)
        #expect(output["operator"] as? String == "alice")
        #expect(output["dry_run"] as? Bool == false)
        #expect(
            Set(OperatorSupport.items(result.stdout, "changed").compactMap { $0["label"] as? String }) == [
                "t-0", "t-1",
            ])

        let rows = try await database.query(
            "SELECT status::text, attempts, last_error FROM transfers WHERE idempotency_key IN ('t-0', 't-1')")
        #expect(rows.rows.allSatisfy { $0[0] == "pending" && $0[1] == "0" && $0[2] == nil })
        let audit = try await database.query("SELECT operator, reason, changed, refused, command FROM operator_actions")
        #expect(audit.rows == [["alice", "bank outage is over", "2", "0", "retry transfers"]])
        let auditID = output["audit_id"] as? Int
        #expect(
            try await database.scalarInt(
                """
                SELECT count(*) FROM transfer_events
                 WHERE from_status = 'failed' AND to_status = 'pending' AND actor = 'operator:alice'
                   AND detail->>'reason' = 'bank outage is over' AND (detail->>'audit_id')::int = $1::int
                   AND (detail->>'previous_attempts')::int = 5 AND detail->>'previous_error' LIKE 'lease of w1%'
                """, [String(auditID ?? -1)]) == 2)

        // Retried transfers are validated again by the pool, like new ones, on their first attempt.
        let drained = try await Daemon.run(["run", "--drain"], config: setup.config)
        #expect(drained.status == 0, "\(drained.stderr)")
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'sent'") == 3)
        #expect(
            try await database.scalarInt(
                """
                SELECT count(*) FROM transfer_events e JOIN transfers t ON t.id = e.transfer_id
                 WHERE t.idempotency_key IN ('t-0', 't-1') AND e.to_status = 'accepted' AND e.attempt = 1
                """) == 2)
    }

    @Test("--dry-run prints exactly what a real run then changes, and changes nothing")
    func dryRunShowsWhatWouldChange() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let setup = try OperatorSupport.setup(database)
        try await Fixtures.seed(database, Fixtures.transfers(4))
        try await OperatorSupport.fail(database, keys: ["t-1", "t-3"])
        let events = try await database.scalarInt("SELECT count(*) FROM transfer_events")

        let arguments = ["retry", "transfers", "t-0", "t-1", "t-3", "--reason", "r", "--json"]
        let dry = try await OperatorSupport.run(arguments + ["--dry-run"], setup)
        #expect(dry.status == 1, "t-0 is pending, so not everything selected would change")
        #expect(OperatorSupport.object(dry.stdout)["dry_run"] as? Bool == true)
        #expect(OperatorSupport.object(dry.stdout)["audit_id"] == nil)
        #expect(OperatorSupport.refusalCodes(dry.stdout) == ["ALREADY_QUEUED"])
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'failed'") == 2)
        #expect(try await database.scalarInt("SELECT count(*) FROM transfer_events") == events)
        #expect(try await database.scalarInt("SELECT count(*) FROM operator_actions") == 0)

        let real = try await OperatorSupport.run(arguments, setup)
        #expect(real.status == 1)
        for key in ["changed", "refused"] {
            let planned = OperatorSupport.items(dry.stdout, key).map { "\($0["id"] ?? "") \($0["new_status"] ?? "")" }
            let done = OperatorSupport.items(real.stdout, key).map { "\($0["id"] ?? "") \($0["new_status"] ?? "")" }
            #expect(planned == done, "\(key): the dry run said what the real run did")
        }
        let text = try await OperatorSupport.run(["retry", "transfers", "t-2", "--reason", "r", "--dry-run"], setup)
        #expect(text.stdout.contains("refused"))
        #expect(text.stdout.contains("is pending"))
    }

    @Test("batched and sent transfers are refused: retrying them could pay twice")
    func transfersInAFileAreRefused() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let setup = try OperatorSupport.setup(database)
        try await Fixtures.seed(database, Fixtures.transfers(2))
        #expect(try await Daemon.run(["run", "--drain"], config: setup.config).status == 0)
        _ = try await database.query("UPDATE transfers SET status = 'batched' WHERE idempotency_key = 't-1'")

        for key in ["t-0", "t-1"] {
            let result = try await OperatorSupport.run(["retry", "transfers", key, "--reason", "r", "--json"], setup)
            #expect(result.status == 1)
            #expect(OperatorSupport.refusalCodes(result.stdout) == ["WOULD_PAY_TWICE"])
            let message = (OperatorSupport.items(result.stdout, "refused").first?["refusal"] as? [String: Any])?[
                "message"]
            #expect((message as? String)?.contains("could pay it twice") == true)
            #expect((message as? String)?.contains("trace 09100001") == true, "names the trace number")
        }
        #expect(try await OperatorSupport.status(database, key: "t-0") == "sent")
        #expect(try await OperatorSupport.status(database, key: "t-1") == "batched")
        let human = try await OperatorSupport.run(["retry", "transfers", "t-0", "--reason", "r"], setup)
        #expect(human.stdout.contains("WOULD_PAY_TWICE"))
        #expect(human.stdout.contains("0 retried, 1 refused; nothing was changed"))
    }

    @Test("a rejected transfer is refused while its rule still fails, and retried once the rule passes")
    func rejectedTransfersAreRevalidatedBeforeRetry() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let blocking = try OperatorSupport.setup(database, blockedNames: ["RECEIVER 1"])
        var transfers = Fixtures.transfers(3)
        transfers[2].routingNumber = "091000018"  // bad check digit: fails whatever the configuration
        try await Fixtures.seed(database, transfers)
        #expect(try await Daemon.run(["run", "--drain"], config: blocking.config).status == 0)
        #expect(try await OperatorSupport.status(database, key: "t-1") == "rejected")
        #expect(try await OperatorSupport.status(database, key: "t-2") == "rejected")

        // Still on the blocked list, and still a bad routing number: both refused, codes named.
        let refused = try await OperatorSupport.run(
            ["retry", "transfers", "--status", "rejected", "--reason", "r", "--json"], blocking)
        #expect(refused.status == 1)
        #expect(OperatorSupport.refusalCodes(refused.stdout) == ["RULE_STILL_FAILS", "RULE_STILL_FAILS"])
        let messages = OperatorSupport.items(refused.stdout, "refused").compactMap {
            ($0["refusal"] as? [String: Any])?["message"] as? String
        }
        #expect(messages.contains { $0.contains("BLOCKED_PARTY") })
        #expect(messages.contains { $0.contains("ROUTING_CHECK_DIGIT") })

        // The party is taken off the list: the blocked transfer may be retried, selected by its code.
        let unblocked = try OperatorSupport.setup(database)
        let retried = try await OperatorSupport.run(
            ["retry", "transfers", "--code", "BLOCKED_PARTY", "--reason", "cleared by compliance", "--json"], unblocked)
        #expect(retried.status == 0, "\(retried.stdout)\(retried.stderr)")
        #expect(OperatorSupport.items(retried.stdout, "changed").map { $0["label"] as? String } == ["t-1"])
        #expect(try await OperatorSupport.status(database, key: "t-1") == "pending")
        #expect(try await Daemon.run(["run", "--drain"], config: unblocked.config).status == 0)
        #expect(try await OperatorSupport.status(database, key: "t-1") == "sent")
        #expect(try await OperatorSupport.status(database, key: "t-2") == "rejected")
        #expect(
            try await database.scalarInt(
                "SELECT count(*) FROM transfer_events WHERE detail->'previous_rejections' ? 'BLOCKED_PARTY'") == 1)
    }

    @Test("usage errors exit 2: no --reason, no selection, --code with --status failed, an unreadable time")
    func usageErrorsExitTwo() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let setup = try OperatorSupport.setup(database)
        let cases: [[String]] = [
            ["retry", "transfers", "--status", "failed"],
            ["retry", "transfers", "--reason", "r"],
            ["retry", "transfers", "--reason", "  "],
            ["retry", "transfers", "--code", "BLOCKED_PARTY", "--status", "failed", "--reason", "r"],
            ["retry", "transfers", "--since", "yesterday-ish", "--reason", "r"],
            ["retry", "transfers", "--status", "sent", "--reason", "r"],
            ["retry", "files", "--reason", "r"],
            ["cancel", "--reason", "r"],
        ]
        for arguments in cases {
            let result = try await OperatorSupport.run(arguments, setup)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(!result.stderr.isEmpty)
        }
        let nothing = try await OperatorSupport.run(["retry", "transfers", "--since", "2h", "--reason", "r"], setup)
        #expect(nothing.status == 1, "a valid selection that matches nothing")
        #expect(nothing.stdout.contains("no transfer matched"))
    }
}
