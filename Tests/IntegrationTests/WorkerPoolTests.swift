import ACH
import Foundation
import Logging
import Store
import Synchronization
import Testing
import Worker

/// Accepts everything after a short pause, so batches overlap and the cap is actually tested.
struct SlowAcceptingProcessor: TransferProcessor {
    var pauseMicroseconds: UInt32 = 2_000

    func loadContext(for batch: [ClaimedTransfer], session: PGSession) throws -> Int { batch.count }

    func decide(_ batch: [ClaimedTransfer], context: Int) -> [TransferOutcome] {
        usleep(pauseMicroseconds)
        return batch.map {
            TransferOutcome(
                id: $0.transfer.id,
                decision: .accepted(
                    effectiveDate: CalendarDate(year: 2030, month: 1, day: 2)!, entryAmounts: [$0.transfer.amountCents])
            )
        }
    }
}

@Suite("The worker pool on a real PostgreSQL")
struct WorkerPoolTests {
    static func settings(_ database: TestDatabase, _ adjust: (inout WorkerConfiguration) -> Void) -> PoolSettings {
        var configuration = WorkerConfiguration()
        configuration.database.url = database.url
        configuration.pool.workerID = "pool-test"
        configuration.pool.pollIntervalMilliseconds = 100
        adjust(&configuration)
        return PoolSettings(configuration)
    }

    @Test("with maxInFlight 100 and 10,000 pending, never more than 100 are in flight and all finish")
    func inFlightCapIsNeverExceeded() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        try await Fixtures.seed(database, Fixtures.transfers(10_000))
        let settings = Self.settings(database) {
            $0.pool.maxInFlight = 100
            $0.pool.claimBatchSize = 60
            $0.database.connections = 4
        }
        let pool = WorkerPool(settings: settings, processor: SlowAcceptingProcessor(), logger: database.logger)

        // Sample both our own count and the database's view while the pool runs.
        let samples = Mutex<[Int]>([])
        let sampler = Task {
            let connection = database.connect("sampler")
            while !Task.isCancelled {
                let processing = try? await connection.withSession {
                    try $0.query("SELECT count(*) FROM transfers WHERE status = 'processing'").scalar.flatMap {
                        Int($0)
                    }
                }
                samples.withLock { $0.append(max(processing ?? 0, pool.limiter.inFlight)) }
                try? await Task.sleep(for: .milliseconds(5))
            }
            await connection.close()
        }
        await pool.run(mode: .drain)
        sampler.cancel()
        _ = await sampler.value

        let observed = samples.withLock { $0 }
        #expect(observed.count > 20, "the sampler must have looked during the run")
        #expect(observed.max() ?? 0 <= 100)
        #expect(pool.limiter.highWater <= 100)
        #expect(pool.limiter.highWater > 50, "the pool should have used its capacity")
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'accepted'") == 10_000)
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'processing'") == 0)
    }

    @Test("stopping the pool mid-run leaves nothing processing")
    func stopLeavesNothingProcessing() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        try await Fixtures.seed(database, Fixtures.transfers(5_000))
        let settings = Self.settings(database) {
            $0.pool.maxInFlight = 500
            $0.pool.claimBatchSize = 50
        }
        let pool = WorkerPool(
            settings: settings, processor: SlowAcceptingProcessor(pauseMicroseconds: 20_000), logger: database.logger)
        let running = Task { await pool.run(mode: .daemon) }
        while try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'accepted'") == 0 {
            try await Task.sleep(for: .milliseconds(20))
        }
        pool.stop()
        await running.value
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'processing'") == 0)
        let accepted = try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'accepted'")
        let pending = try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'pending'")
        #expect(accepted + pending == 5_000)
        #expect(pending > 0, "stopped before the end")
    }
}
