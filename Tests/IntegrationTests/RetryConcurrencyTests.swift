import Foundation
import Store
import Testing

@Suite("Operator commands racing each other", .serialized)
struct RetryConcurrencyTests {
    @Test("two operators retry the same transfer at once: one wins, the other is told who retried it")
    func concurrentRetryOfOneTransfer() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let setup = try OperatorSupport.setup(database)
        try await Fixtures.seed(database, Fixtures.transfers(1))
        try await OperatorSupport.fail(database, keys: ["t-0"])

        // Hold the row so both commands finish planning and queue up on its lock; then let go and
        // they apply one after the other — the interleaving two shells hit at the same moment.
        let holder = database.connect("holder")
        defer { Task { await holder.close() } }
        try await holder.withSession {
            try $0.execute("BEGIN")
            try $0.query("SELECT id FROM transfers WHERE idempotency_key = 't-0' FOR UPDATE")
        }
        let arguments = ["retry", "transfers", "t-0", "--reason", "the bank is back", "--json"]
        let alice = try Daemon.start(arguments + ["--operator", "alice"], config: setup.config)
        let bob = try Daemon.start(arguments + ["--operator", "bob"], config: setup.config)
        let deadline = ContinuousClock.now + .seconds(30)
        while try await Self.waitingOnLocks(database) < 2 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await Self.waitingOnLocks(database) == 2, "both commands wait for the row")
        try await holder.withSession { try $0.execute("COMMIT") }
        let (a, b) = (await alice.finish(), await bob.finish())

        #expect([a.status, b.status].sorted() == [0, 1], "alice: \(a.stderr) bob: \(b.stderr)")
        let (winner, loser) = a.status == 0 ? ("alice", b) : ("bob", a)
        #expect(OperatorSupport.refusalCodes(loser.stdout) == ["ALREADY_RETRIED"])
        let message = (OperatorSupport.items(loser.stdout, "refused").first?["refusal"] as? [String: Any])?["message"]
        #expect((message as? String)?.contains("already retried by \(winner) at ") == true, "\(loser.stdout)")

        #expect(
            try await database.scalarInt(
                "SELECT count(*) FROM transfer_events WHERE to_status = 'pending' AND actor LIKE 'operator:%'") == 1)
        #expect(try await OperatorSupport.status(database, key: "t-0") == "pending")
        // Both runs are on record: the winner changed one, the loser was refused one.
        let audit = try await database.query("SELECT operator, changed, refused FROM operator_actions ORDER BY id")
        #expect(Set(audit.rows) == [[winner, "1", "0"], [winner == "alice" ? "bob" : "alice", "0", "1"]])
    }

    @Test("a selection larger than --confirm-over is refused without a terminal, and done with --yes")
    func largeSelectionsNeedConfirmation() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let setup = try OperatorSupport.setup(database)
        try await Fixtures.seed(database, Fixtures.transfers(5))
        try await OperatorSupport.fail(database, keys: (0..<5).map { "t-\($0)" })

        let arguments = ["retry", "transfers", "--status", "failed", "--reason", "r", "--confirm-over", "3"]
        let refused = try await OperatorSupport.run(arguments, setup)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("would change 5 transfers"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--yes"))
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'failed'") == 5)
        #expect(try await database.scalarInt("SELECT count(*) FROM operator_actions") == 0)

        // A dry run never needs confirmation: it changes nothing.
        #expect(try await OperatorSupport.run(arguments + ["--dry-run"], setup).status == 0)
        let confirmed = try await OperatorSupport.run(arguments + ["--yes"], setup)
        #expect(confirmed.status == 0, "\(confirmed.stderr)")
        #expect(confirmed.stdout.contains("5 retried, 0 refused (audit #"))
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'pending'") == 5)
    }

    @Test("--limit takes the oldest first and says more matched")
    func limitTakesTheOldestFirst() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let setup = try OperatorSupport.setup(database)
        for i in 0..<3 { try await Fixtures.seed(database, Fixtures.transfers(1, prefix: "k\(i)")) }
        try await OperatorSupport.fail(database, keys: ["k0-0", "k1-0", "k2-0"])
        let result = try await OperatorSupport.run(
            ["retry", "transfers", "--status", "failed", "--limit", "2", "--reason", "r", "--json"], setup)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(OperatorSupport.object(result.stdout)["truncated"] as? Bool == true)
        #expect(
            OperatorSupport.items(result.stdout, "changed").compactMap { $0["label"] as? String } == ["k0-0", "k1-0"])
        #expect(try await OperatorSupport.status(database, key: "k2-0") == "failed")
    }

    static func waitingOnLocks(_ database: TestDatabase) async throws -> Int {
        try await database.scalarInt(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'", [database.name])
    }
}
