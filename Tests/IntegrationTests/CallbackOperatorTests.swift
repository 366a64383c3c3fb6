import Foundation
import Store
import Testing

/// What an operator does about callbacks: re-enable an endpoint a 410 disabled, see dead
/// callbacks in `status` and `inspect`, and redeliver them with `retry callbacks`.
@Suite("Callbacks: 410, dead events and the operator commands", .serialized)
struct CallbackOperatorTests {
    @Test("410 Gone disables the endpoint: nothing more is sent until an operator re-enables it")
    func goneDisablesUntilReEnabled() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let receiver = try WebhookReceiver()
        try await receiver.start(.init(goneFirst: 1))
        defer { receiver.stop() }
        try await Fixtures.seed(database, Fixtures.transfers(4))
        let config = try Daemon.writeConfig(database, extra: receiver.configuration())
        let daemon = try Daemon.start(["run"], config: config, environment: receiver.environment)
        defer { daemon.signal(SIGKILL) }

        try await receiver.waitFor("the 410") { $0.contains { $0.answered == 410 } }
        // Attempts already in flight when the 410 came may still land; after the endpoint is
        // disabled in the database, nothing more is sent.
        let deadline = ContinuousClock.now + .seconds(30)
        while try await database.scalarInt("SELECT count(*) FROM callback_endpoints WHERE disabled_at IS NOT NULL")
            == 0,
            ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .milliseconds(300))
        let sentBefore = receiver.records().count
        try await Task.sleep(for: .seconds(1.5))
        #expect(receiver.records().count == sentBefore, "a disabled endpoint gets nothing more")
        let status = try await Daemon.run(["status", "--json"], config: config)
        let disabled = OperatorSupport.object(status.stdout)["disabled_callback_endpoints"] as? [[String: Any]]
        #expect(disabled?.first?["originator"] as? String == "demo")
        #expect(try await Daemon.run(["status"], config: config).stdout.contains("callback endpoint disabled: demo"))

        let dry = try await Daemon.run(
            ["callbacks", "enable", "demo", "--reason", "receiver redeployed", "--operator", "alice", "--dry-run"],
            config: config)
        #expect(dry.status == 0, "\(dry.stdout)\(dry.stderr)")
        try await Task.sleep(for: .milliseconds(500))
        #expect(receiver.records().count == sentBefore, "a dry run changes nothing")

        let enabled = try await Daemon.run(
            ["callbacks", "enable", "demo", "--reason", "receiver redeployed", "--operator", "alice", "--json"],
            config: config)
        #expect(enabled.status == 0, "\(enabled.stdout)\(enabled.stderr)")
        try await receiver.waitFor("the 4 accepted events") { records in
            Set(records.filter { $0.type == "transfer.accepted" && $0.answered == 204 }.map(\.id)).count == 4
        }
        let first = try #require(receiver.records().first)
        #expect(receiver.records().contains { $0.id == first.id && $0.answered == 204 }, "the refused event came again")
        #expect(
            try await database.scalarInt(
                """
                SELECT count(*) FROM operator_actions
                 WHERE command = 'callbacks enable' AND operator = 'alice' AND reason = 'receiver redeployed'
                """) == 1)
        #expect(
            try await database.scalarInt(
                "SELECT count(*) FROM callback_endpoints WHERE disabled_at IS NULL AND enabled_by = 'operator:alice'")
                == 1)
        let again = try await Daemon.run(
            ["callbacks", "enable", "demo", "--reason", "r", "--operator", "alice", "--json"], config: config)
        #expect(again.status == 1)
        #expect(OperatorSupport.refusalCodes(again.stdout) == ["NOT_DISABLED"])
        daemon.signal(SIGTERM)
        _ = await daemon.finish(timeout: .seconds(60))
    }

    @Test("dead after the maximum age: status counts it, inspect shows it, retry callbacks redelivers the same id")
    func deadCallbacksAreRedelivered() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let receiver = try WebhookReceiver()
        try await receiver.start(.init(failFirst: 1_000_000))
        try await Fixtures.seed(database, Fixtures.transfers(3))
        let config = try Daemon.writeConfig(
            database, extra: receiver.configuration(maxAgeSeconds: 1, drainTimeoutSeconds: 3))
        let first = try await Daemon.run(["run", "--drain"], config: config, environment: receiver.environment)
        #expect(first.status == 0, "\(first.stderr)")
        receiver.stop()
        let dead = try await database.scalarInt("SELECT count(*) FROM callback_deliveries WHERE status = 'dead'")
        #expect(dead > 0)
        #expect(
            try await database.scalarInt("SELECT count(*) FROM callback_deliveries WHERE status = 'delivered'") == 0)

        let status = try await Daemon.run(["status", "--json"], config: config)
        #expect(OperatorSupport.object(status.stdout)["dead_callbacks"] as? Int == dead)
        #expect(try await Daemon.run(["status"], config: config).stdout.contains("dead callbacks \(dead)"))
        let inspect = try await Daemon.run(["inspect", "t-0", "--json"], config: config)
        let callbacks = OperatorSupport.object(inspect.stdout)["callbacks"] as? [[String: Any]] ?? []
        #expect(callbacks.first?["status"] as? String == "dead")
        #expect(callbacks.first?["event_type"] as? String == "transfer.accepted")
        #expect((callbacks.first?["last_error"] as? String)?.contains("500") == true)
        #expect(try await Daemon.run(["inspect", "t-0"], config: config).stdout.contains("transfer.accepted"))

        let deadIDs = Set(
            try await database.query("SELECT id FROM callback_deliveries WHERE status = 'dead'").rows.compactMap {
                $0[0]
            })
        let dry = try await OperatorSupport.run(
            ["retry", "callbacks", "--all", "--reason", "receiver fixed", "--dry-run", "--json"],
            OperatorSupport.Setup(config: config, outbox: "", archive: ""))
        #expect(dry.status == 0)
        #expect(OperatorSupport.items(dry.stdout, "changed").count == dead)
        let retried = try await OperatorSupport.run(
            ["retry", "callbacks", "--originator", "demo", "--reason", "receiver fixed", "--json"],
            OperatorSupport.Setup(config: config, outbox: "", archive: ""))
        #expect(retried.status == 0, "\(retried.stdout)\(retried.stderr)")
        #expect(Set(OperatorSupport.items(retried.stdout, "changed").compactMap { $0["id"] as? String }) == deadIDs)
        #expect(
            try await database.scalarInt(
                """
                SELECT count(*) FROM callback_delivery_events
                 WHERE from_status = 'dead' AND to_status = 'pending' AND actor = 'operator:alice'
                   AND detail->>'reason' = 'receiver fixed'
                """) == dead)

        let healthy = try WebhookReceiver(replacing: receiver)
        try await healthy.start()
        defer { healthy.stop() }
        let second = try await Daemon.run(["run", "--drain"], config: config, environment: healthy.environment)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(
            CallbackDeliveryTests.arrivals(healthy.records())
                == (try await CallbackDeliveryTests.expectedEvents(database)),
            "redelivered in order per transfer")
        let redelivered = Set(healthy.delivered().map(\.id))
        #expect(redelivered == deadIDs, "the same webhook ids arrived")
        #expect(healthy.delivered().allSatisfy { $0.verified })
        let again = try await OperatorSupport.run(
            ["retry", "callbacks", "--all", "--reason", "r"],
            OperatorSupport.Setup(config: config, outbox: "", archive: ""))
        #expect(again.status == 1, "nothing is dead any more")
    }
}
