import ACH
import Foundation
import Store
import Testing

/// Signed webhooks from the real daemon to a real receiver on 127.0.0.1, verified there by an
/// independent Standard Webhooks implementation.
@Suite("Callbacks: delivery to a real receiver", .serialized)
struct CallbackDeliveryTests {
    /// The callback events the database holds, per transfer in event order: what must arrive.
    static func expectedEvents(_ database: TestDatabase) async throws -> [String: [String]] {
        let rows = try await database.query(
            """
            SELECT transfer_id::text, 'evt_t' || id FROM transfer_events
             WHERE to_status IN ('accepted', 'rejected', 'batched', 'sent', 'failed', 'cancelled')
             ORDER BY id
            """
        ).rows
        var events: [String: [String]] = [:]
        for row in rows { events[row[0] ?? "", default: []].append(row[1] ?? "") }
        return events
    }

    /// First 2xx of each id, per transfer, in arrival order.
    static func arrivals(_ records: [WebhookReceiver.Record]) -> [String: [String]] {
        var seen: Set<String> = []
        var order: [String: [String]] = [:]
        for record in records where (200..<300).contains(record.answered) && !seen.contains(record.id) {
            seen.insert(record.id)
            if let transfer = record.data["transfer_id"] as? String {
                order[transfer.lowercased(), default: []].append(record.id)
            }
        }
        return order
    }

    @Test("every status change and the file arrive signed, in order per transfer, without account numbers")
    func everyEventArrivesSignedInOrder() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let receiver = try WebhookReceiver()
        try await receiver.start()
        defer { receiver.stop() }
        var transfers = Fixtures.transfers(30)
        transfers[3].routingNumber = "123456789"  // a bad check digit: rejected with its code
        try await Fixtures.seed(database, transfers)
        let config = try Daemon.writeConfig(database, extra: receiver.configuration())

        let run = try await Daemon.run(["run", "--drain"], config: config, environment: receiver.environment)
        #expect(run.status == 0, "\(run.stderr)")

        let records = receiver.records()
        #expect(!records.isEmpty)
        #expect(records.allSatisfy { $0.verified }, "every signature verifies with standardwebhooks")
        let expected = try await Self.expectedEvents(database)
        #expect(expected.count == 30)
        #expect(Self.arrivals(records) == expected, "each transfer's events arrived once each, in order")
        #expect(
            try await database.scalarInt("SELECT count(*) FROM callback_deliveries WHERE status <> 'delivered'") == 0)

        let rejected = try #require(records.first { $0.type == "transfer.rejected" })
        #expect(rejected.data["idempotency_key"] as? String == "t-3")
        #expect((rejected.data["rejection_codes"] as? [String])?.contains("ROUTING_CHECK_DIGIT") == true)
        let sent = try #require(records.first { $0.type == "transfer.sent" })
        #expect(sent.data["amount_cents"] as? Int != nil)
        #expect(sent.data["file_id"] as? String != nil)
        let sentKey = try #require(sent.data["idempotency_key"] as? String)
        let sentAccount = try #require(transfers.first { $0.idempotencyKey == sentKey }?.accountNumber)
        #expect(sent.data["account_last4"] as? String == String(sentAccount.suffix(4)))
        let file = try #require(records.first { $0.type == "file.sent" })
        #expect(file.data["transfer_count"] as? Int == 29)
        for transfer in transfers {
            #expect(
                !records.contains { $0.raw.contains(transfer.accountNumber) },
                "no body carries a full account number")
        }
    }

    @Test("500s are retried with the same webhook-id until a 2xx")
    func serverErrorsAreRetriedWithTheSameID() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let receiver = try WebhookReceiver()
        try await receiver.start(.init(failEach: 2))
        defer { receiver.stop() }
        try await Fixtures.seed(database, Fixtures.transfers(5))
        let config = try Daemon.writeConfig(database, extra: receiver.configuration())
        let run = try await Daemon.run(["run", "--drain"], config: config, environment: receiver.environment)
        #expect(run.status == 0, "\(run.stderr)")

        let records = receiver.records()
        let expected = try await Self.expectedEvents(database)
        #expect(Self.arrivals(records) == expected)
        let byID = Dictionary(grouping: records, by: \.id)
        for (id, attempts) in byID {
            #expect(attempts.map { $0.answered } == [500, 500, 204], "\(id): two 500s, then delivered")
            #expect(Set(attempts.map { $0.raw }).count == 1, "\(id): the same body every time")
        }
        #expect(records.allSatisfy { $0.verified })
        #expect(
            try await database.scalarInt(
                "SELECT count(*) FROM callback_deliveries WHERE status = 'delivered' AND attempts = 3") == byID.count)
    }

    @Test("a receiver slower than the timeout is retried until it answers in time")
    func timeoutsAreRetried() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let receiver = try WebhookReceiver()
        try await receiver.start(.init(slowFirst: 3, delaySeconds: 2))
        defer { receiver.stop() }
        try await Fixtures.seed(database, Fixtures.transfers(3))
        let config = try Daemon.writeConfig(database, extra: receiver.configuration(timeoutMilliseconds: 500))
        let run = try await Daemon.run(["run", "--drain"], config: config, environment: receiver.environment)
        #expect(run.status == 0, "\(run.stderr)")

        let expected = try await Self.expectedEvents(database)
        #expect(Self.arrivals(receiver.records()) == expected)
        let timedOut = try await database.scalarInt(
            "SELECT count(*) FROM callback_deliveries WHERE status = 'delivered' AND attempts > 1")
        #expect(timedOut >= 1, "the slow answers counted as failed attempts")
    }

    @Test("a newly configured endpoint gets the first decisions of the daemon that records it")
    func newEndpointGetsTheFirstDecisions() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let receiver = try WebhookReceiver()
        try await receiver.start()
        defer { receiver.stop() }
        try await Fixtures.seed(database, Fixtures.transfers(10))
        // Recording the endpoint takes a second and a half and dates the row after it, as when
        // the connection that records it comes up late on a busy machine. The outbox sends only
        // events written after the row: a pool already deciding would lose its first decisions.
        _ = try await database.query(
            """
            CREATE FUNCTION slow_endpoint() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              PERFORM pg_sleep(1.5);
              NEW.created_at := clock_timestamp();
              RETURN NEW;
            END $$
            """)
        _ = try await database.query(
            """
            CREATE TRIGGER slow_endpoint BEFORE INSERT ON callback_endpoints
              FOR EACH ROW EXECUTE FUNCTION slow_endpoint()
            """)
        let config = try Daemon.writeConfig(database, extra: receiver.configuration())
        let run = try await Daemon.run(["run", "--drain"], config: config, environment: receiver.environment)
        #expect(run.status == 0, "\(run.stderr)")

        let expected = try await Self.expectedEvents(database)
        #expect(expected.values.map(\.count).reduce(0, +) == 30, "accepted, batched and sent for each of 10")
        #expect(Self.arrivals(receiver.records()) == expected)
    }

    @Test("receiver down for a while, then back: every event arrives")
    func receiverDownThenBack() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let receiver = try WebhookReceiver()
        try await receiver.start()
        receiver.stop()  // keeps its port: nothing listens there now
        try await Fixtures.seed(database, Fixtures.transfers(10))
        let config = try Daemon.writeConfig(database, extra: receiver.configuration())
        let daemon = try Daemon.start(["run"], config: config, environment: receiver.environment)
        defer { daemon.signal(SIGKILL) }

        let deadline = ContinuousClock.now + .seconds(60)
        while try await database.scalarInt("SELECT count(*) FROM callback_deliveries WHERE attempts >= 2") < 10,
            ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(
            try await database.scalarInt("SELECT count(*) FROM callback_deliveries WHERE status = 'delivered'") == 0)

        try await receiver.start()
        defer { receiver.stop() }
        try await receiver.waitFor("every transfer's accepted event") { records in
            Set(records.filter { $0.type == "transfer.accepted" && $0.answered == 204 }.map(\.id)).count == 10
        }
        daemon.signal(SIGTERM)
        let result = await daemon.finish(timeout: .seconds(60))
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try await Self.expectedEvents(database)
        #expect(Self.arrivals(receiver.records()) == expected)
        #expect(receiver.records().allSatisfy { $0.verified })
    }
}
