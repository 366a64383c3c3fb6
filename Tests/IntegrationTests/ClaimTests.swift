import ACH
import Foundation
import Store
import Testing

@Suite("Claiming and completing on a real PostgreSQL")
struct ClaimTests {
    @Test("8 concurrent claimers over 10,000 transfers claim every transfer exactly once")
    func concurrentClaimersClaimEachTransferExactlyOnce() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        try await Fixtures.seed(database, Fixtures.transfers(10_000))

        let claimedByWorker = try await withThrowingTaskGroup(of: [UUID].self) { group in
            for worker in 0..<8 {
                group.addTask {
                    let connection = database.connect("claimer-\(worker)")
                    var mine: [UUID] = []
                    while true {
                        let owner = "worker-\(worker)"
                        let batch = try await connection.withSession { session in
                            let batch = try TransferQueue.claim(session, owner: owner, limit: 97, leaseSeconds: 60)
                            try TransferQueue.complete(
                                session, owner: owner,
                                outcomes: batch.map {
                                    TransferOutcome(
                                        id: $0.transfer.id,
                                        decision: .accepted(
                                            effectiveDate: CalendarDate(year: 2030, month: 1, day: 2)!,
                                            entryAmounts: [$0.transfer.amountCents]))
                                }, maxAttempts: 5, retryDelaySeconds: 1)
                            return batch
                        }
                        if batch.isEmpty { break }
                        mine += batch.map(\.transfer.id)
                    }
                    await connection.close()
                    return mine
                }
            }
            var all: [[UUID]] = []
            for try await ids in group { all.append(ids) }
            return all
        }

        let all = claimedByWorker.flatMap { $0 }
        #expect(all.count == 10_000)
        #expect(Set(all).count == 10_000)
        #expect(claimedByWorker.filter { !$0.isEmpty }.count > 1, "the claims should be spread over the workers")
        let doubleClaims = try await database.scalarInt(
            """
            SELECT count(*) FROM (SELECT transfer_id FROM transfer_events WHERE to_status = 'processing'
                                   GROUP BY transfer_id HAVING count(*) <> 1) x
            """)
        #expect(doubleClaims == 0)
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'accepted'") == 10_000)
    }

    @Test(
        "a claim continues after where the last batch ended; rows due behind that position wait for a claim from the front"
    )
    func claimPosition() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        try await Fixtures.seed(database, Fixtures.transfers(10))
        let connection = database.connect("claimer")
        defer { Task { await connection.close() } }
        func claim(_ limit: Int, after: TransferQueue.ClaimPosition?) async throws -> TransferQueue.ClaimedBatch {
            try await connection.withSession {
                try TransferQueue.claimBatch($0, owner: "w", limit: limit, leaseSeconds: 60, after: after)
            }
        }
        let queueOrder = try await database.query("SELECT id::text FROM transfers ORDER BY run_at, id").rows
            .compactMap { $0[0].flatMap { UUID(uuidString: $0) } }

        let first = try await claim(4, after: nil)
        #expect(first.transfers.map(\.transfer.id) == Array(queueOrder[0..<4]))
        // Back to pending, behind the position: a claim that continues does not see them.
        _ = try await connection.withSession { try TransferQueue.release($0, owner: "w") }
        let second = try await claim(4, after: first.end)
        #expect(second.transfers.map(\.transfer.id) == Array(queueOrder[4..<8]))
        let third = try await claim(4, after: second.end)
        #expect(third.transfers.map(\.transfer.id) == Array(queueOrder[8..<10]))
        let fromFront = try await claim(10, after: nil)
        #expect(fromFront.transfers.map(\.transfer.id) == Array(queueOrder[0..<4]))
        #expect(try await claim(10, after: nil).end == nil)
    }

    @Test(
        "a lost lease makes suspects without charging them; a suspect decided alone is charged and fails at maxAttempts"
    )
    func expiredLeasesMakeSuspectsThenFail() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        try await Fixtures.seed(database, Fixtures.transfers(3))
        let connection = database.connect()
        defer { Task { await connection.close() } }

        let claimed = try await connection.withSession {
            try TransferQueue.claim($0, owner: "dead", limit: 10, leaseSeconds: 1)
        }
        #expect(claimed.count == 3 && claimed.allSatisfy { $0.attempts == 1 })
        try await Task.sleep(for: .milliseconds(1100))
        #expect(try await connection.withSession { try TransferQueue.reapExpiredLeases($0, maxAttempts: 2) } == 3)
        // Which of the three killed the worker is unknown: none is charged, all are suspects.
        #expect(
            try await database.scalarInt(
                "SELECT count(*) FROM transfers WHERE status = 'pending' AND suspect AND attempts = 0") == 3)
        #expect(
            try await connection.withSession { try TransferQueue.claim($0, owner: "w", limit: 10, leaseSeconds: 1) }
                .isEmpty, "suspects are not claimed with ordinary transfers")

        var poison: UUID?
        for attempt in 1...2 {
            let alone = try await connection.withSession {
                try TransferQueue.claim($0, owner: "dead-\(attempt)", limit: 1, leaseSeconds: 1, suspects: true)
            }
            #expect(alone.count == 1)
            poison = poison ?? alone.first?.transfer.id
            #expect(alone.first?.transfer.id == poison && alone.first?.attempts == attempt)
            try await Task.sleep(for: .milliseconds(1100))
            #expect(try await connection.withSession { try TransferQueue.reapExpiredLeases($0, maxAttempts: 2) } == 1)
        }
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'failed'") == 1)
        #expect(
            try await database.scalarInt(
                "SELECT count(*) FROM transfers WHERE status = 'pending' AND attempts = 0 AND suspect") == 2)
        #expect(
            try await database.scalarInt(
                "SELECT count(*) FROM transfer_events WHERE actor = 'lease-reaper' AND to_status = 'failed'") == 1)
    }

    @Test("a worker whose lease was taken over cannot overwrite the new owner's result")
    func completionIsGuardedByTheLeaseOwner() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        try await Fixtures.seed(database, Fixtures.transfers(1))
        let connection = database.connect()
        defer { Task { await connection.close() } }
        let first = try await connection.withSession {
            try TransferQueue.claim($0, owner: "slow", limit: 1, leaseSeconds: 1)
        }
        try await Task.sleep(for: .milliseconds(1100))
        _ = try await connection.withSession { try TransferQueue.reapExpiredLeases($0, maxAttempts: 5) }
        _ = try await connection.withSession {
            try TransferQueue.claim($0, owner: "fast", limit: 1, leaseSeconds: 60, suspects: true)
        }
        let written = try await connection.withSession {
            try TransferQueue.complete(
                $0, owner: "slow",
                outcomes: [TransferOutcome(id: first[0].transfer.id, decision: .rejected([]))], maxAttempts: 5,
                retryDelaySeconds: 1)
        }
        #expect(written == 0)
        #expect(
            try await database.query("SELECT status::text, lease_owner FROM transfers").rows[0] == [
                "processing", "fast",
            ])
    }

    @Test("the database refuses to delete transfers and to rewrite events or payment fields")
    func paymentHistoryIsAppendOnly() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        try await Fixtures.seed(database, Fixtures.transfers(1))
        for sql in [
            "DELETE FROM transfers", "TRUNCATE transfers CASCADE", "DELETE FROM transfer_events",
            "UPDATE transfer_events SET actor = 'x'", "UPDATE transfers SET amount_cents = 1",
            "UPDATE transfers SET account_number = '1'",
            // Every request column, also next to worker state and through an upsert (0020 fires the
            // guard only for statements that name a request column; these all do).
            "UPDATE transfers SET status = 'processing', lease_owner = 'w', addenda = '{x}'",
            "UPDATE transfers SET created_at = now() - interval '1 day'",
            "UPDATE transfers SET (receiver_name, routing_number) = ('X', '021000021')",
            """
            INSERT INTO transfers (idempotency_key, originator, direction, amount_cents, sec_code, routing_number,
                                   account_number)
            SELECT idempotency_key, originator, direction, 1, sec_code, routing_number, account_number FROM transfers
            ON CONFLICT (originator, idempotency_key) DO UPDATE SET amount_cents = excluded.amount_cents
            """,
        ] {
            await #expect(throws: StoreError.self, "\(sql) must be refused") { try await database.query(sql) }
        }
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers") == 1)
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE amount_cents = 100") == 1)
        // Naming a request column without changing it is allowed, as worker-state updates are.
        try await database.query("UPDATE transfers SET amount_cents = amount_cents, last_error = 'x'")
        try await database.query("UPDATE transfers SET last_error = NULL")
    }

    @Test("migrating twice, and from two connections at once, is safe")
    func migrationsAreIdempotentAndSerialized() async throws {
        let database = try await TestDatabase.create(migrated: false)
        defer { Task { await database.drop() } }
        let results = try await withThrowingTaskGroup(of: [String].self) { group in
            for i in 0..<2 {
                group.addTask {
                    let connection = database.connect("migrate-\(i)")
                    defer { Task { await connection.close() } }
                    return try await Migrator.migrate(connection, logger: database.logger)
                }
            }
            var all: [[String]] = []
            for try await applied in group { all.append(applied) }
            return all
        }
        let total = try Migrator.bundled().count
        #expect(
            results.map(\.count).sorted() == [0, total], "one migrates everything, the other waits and finds nothing")
        let again = database.connect()
        #expect(try await Migrator.migrate(again, logger: database.logger).isEmpty)
        await again.close()
        #expect(try await database.scalarInt("SELECT count(*) FROM schema_migrations") == total)
    }
}
