import Foundation
import Store
import Testing

@Suite("The ach-worker daemon as a process", .serialized)
struct DaemonTests {
    @Test("a daemon killed with SIGKILL mid-run: a second daemon finishes its transfers, each decided once")
    func killedDaemonsWorkIsFinishedByAnotherExactlyOnce() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        try await Fixtures.seed(database, Fixtures.transfers(20_000))
        let config = try Daemon.writeConfig(
            database,
            extra: """
                pool:
                  leaseSeconds: 5
                  claimBatchSize: 200
                  maxInFlight: 2000
                  reapIntervalSeconds: 1
                """)

        let first = try Daemon.start(
            ["run"], config: config,
            environment: ["ACH_WORKER_ID": "doomed", "ACH_WORKER_FAULT_DECIDE_DELAY_MS": "150"])
        while try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'accepted'") < 500 {
            try await Task.sleep(for: .milliseconds(20))
        }
        first.signal(SIGKILL)
        let killed = await first.finish()
        let orphaned = try await database.scalarInt(
            "SELECT count(*) FROM transfers WHERE status = 'processing' AND lease_owner = 'doomed'")
        let breakdown = try await database.query(
            "SELECT status || '/' || coalesce(lease_owner, '-') || '/' || suspect || ': ' || count(*) FROM transfers GROUP BY status, lease_owner, suspect"
        ).rows.compactMap { $0[0] }
        #expect(
            orphaned > 0,
            "the kill should have left leased transfers behind: \(breakdown) \(killed.stderr.suffix(3000))")

        let second = try await Daemon.run(
            ["run", "--drain"], config: config, environment: ["ACH_WORKER_ID": "rescuer"])
        #expect(second.status == 0, "\(second.stderr)")

        #expect(
            try await database.scalarInt("SELECT count(*) FROM transfers WHERE status IN ('sent', 'rejected')")
                == 20_000)
        let decidedTwice = try await database.scalarInt(
            """
            SELECT count(*) FROM (SELECT transfer_id FROM transfer_events
                                   WHERE to_status IN ('accepted', 'rejected')
                                   GROUP BY transfer_id HAVING count(*) <> 1) x
            """)
        #expect(decidedTwice == 0)
        // The orphans went back to pending through the lease reaper (as suspects, not charged an
        // attempt) and were each decided by the second daemon.
        let rescued = try await database.scalarInt(
            """
            SELECT count(DISTINCT r.transfer_id) FROM transfer_events r
              JOIN transfer_events d ON d.transfer_id = r.transfer_id AND d.actor = 'rescuer'
                                    AND d.to_status IN ('accepted', 'rejected')
             WHERE r.actor = 'lease-reaper' AND r.to_status = 'pending'
            """)
        #expect(rescued >= orphaned, "every orphaned transfer was finished by the second daemon")
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'failed'") == 0)
    }

    @Test("SIGTERM mid-run: the daemon exits 0 and leaves nothing processing")
    func sigtermDrainsCleanly() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        try await Fixtures.seed(database, Fixtures.transfers(20_000))
        let config = try Daemon.writeConfig(database, extra: "pool:\n  claimBatchSize: 100\n  maxInFlight: 1000")
        let daemon = try Daemon.start(["run"], config: config, environment: ["ACH_WORKER_FAULT_DECIDE_DELAY_MS": "50"])
        while try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'accepted'") == 0 {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'processing'") > 0)
        daemon.signal(SIGTERM)
        let result = await daemon.finish(timeout: .seconds(60))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'processing'") == 0)
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'pending'") > 0)
    }
}
