import Foundation
import Store
import Testing

/// The cursor over the event tables against what PostgreSQL really does with concurrent
/// transactions: ids are handed out at INSERT, rows become visible at COMMIT.
///
/// The cursor waits for every transaction older than an event to end — in the whole cluster, so
/// another test's CREATE or DROP DATABASE can hold it back for a moment: the tests advance until
/// the expected events arrive, within a deadline.
@Suite("Callbacks: the outbox cursor", .serialized)
struct CallbackOutboxTests {
    /// Advances until `enough` holds for the summed steps, or `within` passes.
    static func advance(
        _ connection: PGConnection, within: Duration = .seconds(20), until enough: (CallbackOutbox.Step) -> Bool
    ) async throws -> CallbackOutbox.Step {
        var total = CallbackOutbox.Step(locked: false, scanned: 0, queued: 0)
        let deadline = ContinuousClock.now + within
        repeat {
            let step = try await connection.withSession {
                try CallbackOutbox.advance($0, batchSize: 100)
            }
            total.locked = total.locked || step.locked
            total.scanned += step.scanned
            total.queued += step.queued
            if enough(total) { break }
            try await Task.sleep(for: .milliseconds(50))
        } while ContinuousClock.now < deadline
        return total
    }

    static func insertEvent(_ session: PGSession, transfer: String) throws -> Int {
        Int(
            try session.query(
                """
                INSERT INTO transfer_events (transfer_id, from_status, to_status, attempt, actor)
                VALUES ($1::uuid, 'processing', 'accepted', 1, 'test') RETURNING id
                """,
                [transfer]
            ).scalar ?? "") ?? -1
    }

    @Test("an event whose transaction commits after a later event's is still copied, exactly once")
    func lateCommitIsNotSkipped() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        try await Fixtures.seed(database, Fixtures.transfers(2))
        let ids = try await database.query("SELECT id::text FROM transfers ORDER BY idempotency_key").rows.compactMap {
            $0[0]
        }
        let endpoints = database.connect("endpoints")
        try await endpoints.withSession { try CallbackEndpoints.sync($0, urls: ["demo": "http://127.0.0.1:9/hooks"]) }
        await endpoints.close()
        let slow = database.connect("slow")
        let fast = database.connect("fast")
        let dispatcher = database.connect("dispatcher")
        defer {
            Task {
                await slow.close()
                await fast.close()
                await dispatcher.close()
            }
        }

        // The slow transaction takes the lower id first and does not commit yet…
        try await slow.withSession { try $0.execute("BEGIN") }
        let early = try await slow.withSession { try Self.insertEvent($0, transfer: ids[0]) }
        // …while a later event with a higher id commits.
        let late = try await fast.withSession { try Self.insertEvent($0, transfer: ids[1]) }
        #expect(early < late)

        // However often we try, nothing newer than the running transaction is copied.
        let during = try await Self.advance(dispatcher, within: .seconds(1)) { _ in false }
        #expect(during.queued == 0, "nothing newer than a running transaction is copied yet")
        #expect(try await database.scalarInt("SELECT count(*) FROM callback_deliveries") == 0)

        try await slow.withSession { try $0.execute("COMMIT") }
        let after = try await Self.advance(dispatcher) { $0.queued >= 2 }
        #expect(after.queued == 2)
        let copied = try await database.query("SELECT event_id FROM callback_deliveries ORDER BY event_id").rows
        #expect(copied.map { Int($0[0] ?? "") } == [early, late], "both events, the late commit included")
        try await Task.sleep(for: .milliseconds(300))
        let again = try await dispatcher.withSession {
            try CallbackOutbox.advance($0, batchSize: 100)
        }
        #expect(again.queued == 0, "nothing is copied twice")
        #expect(try await database.scalarInt("SELECT count(*) FROM callback_deliveries") == 2)
    }

    @Test("a long transaction in another database on the same server does not hold callbacks back")
    func otherDatabasesDoNotStallTheCursor() async throws {
        let database = try await TestDatabase.create()
        let neighbour = try await TestDatabase.create("neighbour", migrated: false)
        defer {
            Task {
                await database.drop()
                await neighbour.drop()
            }
        }
        try await Fixtures.seed(database, Fixtures.transfers(1))
        let id = try #require(try await database.query("SELECT id::text FROM transfers").scalar)
        let connection = database.connect()
        let long = neighbour.connect("long")
        defer {
            Task {
                await connection.close()
                await long.close()
            }
        }
        try await connection.withSession { try CallbackEndpoints.sync($0, urls: ["demo": "http://127.0.0.1:9/hooks"]) }
        // A write transaction elsewhere on the server, open for the whole test.
        try await long.withSession {
            try $0.execute("BEGIN")
            try $0.query("SELECT pg_current_xact_id()")
        }
        let event = try await connection.withSession { try Self.insertEvent($0, transfer: id) }
        let step = try await Self.advance(connection, within: .seconds(10)) { $0.queued >= 1 }
        #expect(step.queued == 1, "event \(event) was copied while the other database's transaction ran")
        try await long.withSession { try $0.execute("ROLLBACK") }
    }

    @Test("only one daemon moves the cursor at a time; the other skips it")
    func cursorIsMovedByOneDaemon() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let holder = database.connect("holder")
        let other = database.connect("other")
        defer {
            Task {
                await holder.close()
                await other.close()
            }
        }
        try await holder.withSession {
            try $0.execute("BEGIN")
            try $0.query("SELECT 1 FROM callback_cursors FOR UPDATE")
        }
        let step = try await other.withSession { try CallbackOutbox.advance($0, batchSize: 10) }
        #expect(step.locked == false)
        try await holder.withSession { try $0.execute("ROLLBACK") }
        let next = try await other.withSession { try CallbackOutbox.advance($0, batchSize: 10) }
        #expect(next.locked)
    }

    @Test("a later event of a transfer waits while an earlier one, written by a higher xid, is not copied yet")
    func claimsKeepTransferOrderAcrossTheCursor() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        try await Fixtures.seed(database, Fixtures.transfers(1))
        let transfer = try #require(try await database.query("SELECT id::text FROM transfers").scalar)
        let (b, c, a, dispatcher) = (
            database.connect("b"), database.connect("c"), database.connect("a"), database.connect("dispatcher")
        )
        defer {
            Task {
                for connection in [a, b, c, dispatcher] { await connection.close() }
            }
        }
        try await dispatcher.withSession {
            try CallbackEndpoints.sync($0, urls: ["demo": "http://127.0.0.1:9/hooks"])
        }
        // xids in the order b < c < a; the transfer's first event comes from a, its second from b.
        for connection in [b, c] {
            try await connection.withSession {
                try $0.execute("BEGIN")
                try $0.query("SELECT pg_current_xact_id()")
            }
        }
        let first = try await a.withSession { try Self.insertEvent($0, transfer: transfer) }
        let second = try await b.withSession { session in
            let id = try Self.insertEvent(session, transfer: transfer)
            try session.execute("COMMIT")
            return id
        }
        #expect(first < second)
        // With c still running, the cursor may pass b's event but not a's.
        let early = try await Self.advance(dispatcher) { $0.queued >= 1 }
        #expect(early.queued == 1)
        func claim() async throws -> [String] {
            try await dispatcher.withSession {
                try CallbackDeliveries.claim($0, owner: "w", originators: ["demo"], limit: 10, leaseSeconds: 60)
            }.map(\.id)
        }
        #expect(try await claim() == [], "the second event waits for the first, which is not copied yet")

        try await c.withSession { try $0.execute("COMMIT") }
        _ = try await Self.advance(dispatcher) { $0.queued >= 1 }
        #expect(try await claim() == ["evt_t\(first)"], "the first event goes first; the second still waits")
    }

    @Test("a newly configured endpoint gets the events from then on, not the history before it")
    func newEndpointDoesNotReplayHistory() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        try await Fixtures.seed(database, Fixtures.transfers(2))
        let connection = database.connect()
        defer { Task { await connection.close() } }
        let ids = try await database.query("SELECT id::text FROM transfers ORDER BY idempotency_key").rows.compactMap {
            $0[0]
        }
        let old = try await connection.withSession { try Self.insertEvent($0, transfer: ids[0]) }
        try await Task.sleep(for: .milliseconds(20))
        try await connection.withSession { try CallbackEndpoints.sync($0, urls: ["demo": "http://127.0.0.1:9/hooks"]) }
        let new = try await connection.withSession { try Self.insertEvent($0, transfer: ids[1]) }
        let step = try await Self.advance(connection) { $0.scanned >= 2 }
        #expect(step.scanned == 2)
        #expect(step.queued == 1)
        let copied = try await database.query("SELECT event_id FROM callback_deliveries").rows.map { Int($0[0] ?? "") }
        #expect(copied == [new], "event \(old) happened before the endpoint existed")
    }

    /// Three transfers with an event each and `endpoints` recorded (one `sync` per daemon), the
    /// cursor advanced over the events; `check` gets the connection and the summed step.
    static func advanceOverThreeEvents(
        recording endpoints: [[String: String]], check: (PGConnection, CallbackOutbox.Step) async throws -> Void
    ) async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        try await Fixtures.seed(database, Fixtures.transfers(3))
        let connection = database.connect()
        defer { Task { await connection.close() } }
        for urls in endpoints { try await connection.withSession { try CallbackEndpoints.sync($0, urls: urls) } }
        let ids = try await database.query("SELECT id::text FROM transfers").rows.compactMap { $0[0] }
        for id in ids { _ = try await connection.withSession { try Self.insertEvent($0, transfer: id) } }
        try await check(connection, try await Self.advance(connection) { $0.scanned >= 3 })
    }

    @Test("events of originators without a callback URL are passed over, not copied")
    func originatorsWithoutCallbacksCostNoDeliveries() async throws {
        try await Self.advanceOverThreeEvents(recording: [["someone-else": "http://127.0.0.1:9/hooks"]]) {
            _, step in
            #expect(step.scanned == 3)
            #expect(step.queued == 0)
        }
    }

    @Test("a daemon without an originator's URL still queues its events for the daemons that have it")
    func cursorQueuesForEveryRecordedEndpoint() async throws {
        // A rolling change: one daemon has recorded a URL for "demo"; the daemon that happens to
        // move the cursor is still on a configuration with another originator's URL only. It
        // cannot sign demo's callbacks, but must not pass demo's events by.
        let endpoints = [["demo": "http://127.0.0.1:9/hooks"], ["someone-else": "http://127.0.0.1:9/other"]]
        try await Self.advanceOverThreeEvents(recording: endpoints) { connection, step in
            #expect(step.queued == 3)
            let claimedByOther = try await connection.withSession {
                try CallbackDeliveries.claim(
                    $0, owner: "old-daemon", originators: ["someone-else"], limit: 10, leaseSeconds: 60)
            }
            #expect(claimedByOther.isEmpty, "a daemon claims only what it can sign")
            let claimedByDemo = try await connection.withSession {
                try CallbackDeliveries.claim(
                    $0, owner: "new-daemon", originators: ["demo"], limit: 10, leaseSeconds: 60)
            }
            #expect(claimedByDemo.count == 3)
        }
    }

    @Test("a cursor ahead of the server's transaction ids (a database copied to another server) stops callbacks loudly")
    func cursorAheadOfTheServerIsRefused() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let connection = database.connect()
        defer { Task { await connection.close() } }
        // What a restored copy looks like to the new server: the cursor (and the events) carry
        // the old server's transaction ids, far above the ones this server hands out.
        _ = try await database.query(
            """
            UPDATE callback_cursors SET last_xid = (pg_current_xact_id()::text::bigint + 1000000)::text::xid8
             WHERE source = 'transfer'
            """)
        do {
            _ = try await connection.withSession { try CallbackOutbox.advance($0, batchSize: 100) }
            Issue.record("the step went ahead with a cursor no new event can pass")
        } catch let error as StoreError {
            #expect(error.code == .callbackCursorAhead)
            #expect(error.message.contains("copied from another server"), "\(error)")
        }
    }
}
