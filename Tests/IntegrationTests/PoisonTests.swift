import Foundation
import Store
import Testing

/// A transfer whose processing crashes the daemon or never returns (SPEC §3): it fails after
/// `maxAttempts` and the transfers around it are processed normally.
@Suite("Poison input", .serialized)
struct PoisonTests {
    /// Short enough to keep the test quick, long enough that a loaded CI machine never lets an
    /// innocent batch's lease or processing time run out (that would make more suspects).
    static func settings(leaseSeconds: Int, processingTimeoutSeconds: Int) -> String {
        """
        pool:
          claimBatchSize: 100
          maxAttempts: 3
          leaseSeconds: \(leaseSeconds)
          reapIntervalSeconds: 1
          processingTimeoutSeconds: \(processingTimeoutSeconds)
        """
    }

    /// The other transfers: each decided once, none failed; the only transfer not decided is the
    /// poison (listed with attempts and last error when that is not so).
    static func expectBystandersUnharmed(_ database: TestDatabase, total: Int) async throws {
        let undecided = try await database.query(
            """
            SELECT idempotency_key || ' ' || status || ' attempts=' || attempts || ' suspect=' || suspect
                   || ' ' || coalesce(last_error, '')
              FROM transfers WHERE status NOT IN ('sent', 'rejected') ORDER BY idempotency_key
            """
        ).rows.compactMap { $0[0] }
        #expect(undecided.count == 1 && undecided.first?.hasPrefix("t-150 failed") == true, "\(undecided)")
        #expect(
            try await database.scalarInt(
                """
                SELECT count(*) FROM (SELECT transfer_id FROM transfer_events
                                       WHERE to_status IN ('accepted', 'rejected')
                                       GROUP BY transfer_id HAVING count(*) <> 1) x
                """) == 0)
        #expect(total == 300)
    }

    @Test("a transfer that crashes the daemon fails after maxAttempts crashes of its own; the rest go through")
    func crashingTransfer() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        try await Fixtures.seed(database, Fixtures.transfers(300))
        let config = try Daemon.writeConfig(
            database, extra: Self.settings(leaseSeconds: 10, processingTimeoutSeconds: 8))
        let poison = ["ACH_WORKER_FAULT_POISON_KEY": "t-150", "ACH_WORKER_FAULT_POISON": "crash"]

        // A supervisor's restarts: each run dies when it reaches the poison, until it is failed.
        var crashes = 0
        var finished = false
        for _ in 0..<8 where !finished {
            let run = try await Daemon.run(["run", "--drain"], config: config, environment: poison)
            if run.status == 87 {
                crashes += 1
            } else {
                #expect(run.status == 0, "\(run.stderr)")
                finished = true
            }
        }
        #expect(finished, "the queue never drained")
        // The first crash was next to 99 others; then three alone: the third makes it failed.
        #expect(crashes == 4, "crashes: \(crashes)")
        #expect(
            try await database.query("SELECT status::text, attempts FROM transfers WHERE idempotency_key = 't-150'")
                .rows.first == ["failed", "3"])
        try await Self.expectBystandersUnharmed(database, total: 300)
    }

    @Test(
        "a transfer whose validation hangs is given up after the processing timeout, then failed; the rest go through")
    func hangingTransfer() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        try await Fixtures.seed(database, Fixtures.transfers(300))
        let config = try Daemon.writeConfig(
            database, extra: Self.settings(leaseSeconds: 60, processingTimeoutSeconds: 4))
        let run = try await Daemon.run(
            ["run", "--drain"], config: config,
            environment: ["ACH_WORKER_FAULT_POISON_KEY": "t-150", "ACH_WORKER_FAULT_POISON": "hang"],
            timeout: .seconds(120))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("giving it up"))
        #expect(
            try await database.query("SELECT status::text, attempts FROM transfers WHERE idempotency_key = 't-150'")
                .rows.first == ["failed", "3"])
        let lastError = try await database.query("SELECT last_error FROM transfers WHERE idempotency_key = 't-150'")
        #expect(lastError.scalar?.contains("processing took longer than 4 s") == true, "\(lastError.scalar ?? "")")
        try await Self.expectBystandersUnharmed(database, total: 300)
    }
}
