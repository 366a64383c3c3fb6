import ACH
import Foundation
import Logging
import Store
import Vault
import Worker

/// Puts the run's transfers into the job table through COPY (`TransferImport`, the producer path
/// of `ach-worker import`): all at once before the pool starts (a backlog), or at a steady rate
/// while it runs. Generated in chunks, so the whole run is never held in memory.
struct Seeder: Sendable {
    let generator: TransferGenerator
    let connection: PGConnection
    let total: Int
    /// Seals account numbers as the producer path does (`ach-worker import`).
    let vault: AccountVault
    /// Transfers enqueued so far (read by the progress line).
    let enqueued = AtomicCounter()

    /// Everything now, in chunks of `chunk` per transaction.
    func backlog(chunk: Int = 20_000) async throws {
        var start = 0
        while start < total {
            let range = start..<min(start + chunk, total)
            try await enqueue(range)
            start = range.upperBound
        }
    }

    /// `rate` transfers per second, in small transactions every `tick`, until `total` are in.
    /// Each tick tops up to what the rate allows by now, so a slow tick does not lower the rate.
    func steady(rate: Int, tick: Duration = .milliseconds(20)) async throws {
        let started = ContinuousClock.now
        var done = 0
        while done < total {
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let due = min(total, Int(seconds * Double(rate)))
            if due > done {
                try await enqueue(done..<due)
                done = due
            }
            try await Task.sleep(for: tick)
        }
    }

    /// Like `steady`, but riding out database outages (the chaos run restarts PostgreSQL): a
    /// chunk that fails is tried again until it is in. A chunk whose commit was cut off may
    /// already be in the table; the retry then adds only what is missing (a repeated idempotency
    /// key is not a second transfer), so every generated transfer is in the table exactly once.
    func steadyThroughOutages(rate: Int, tick: Duration = .milliseconds(50), giveUpAfter: Duration = .seconds(180))
        async throws
    {
        let started = ContinuousClock.now
        var done = 0
        while done < total {
            let due = min(total, Int((ContinuousClock.now - started).seconds * Double(rate)))
            if due > done {
                let range = done..<due
                let failedSince = ContinuousClock.now
                var retried = false
                while true {
                    do {
                        try await enqueue(range, allowingPresent: retried)
                        break
                    } catch let error as LoadTestError {
                        throw error
                    } catch {
                        guard ContinuousClock.now - failedSince < giveUpAfter else { throw error }
                        retried = true
                        try await Task.sleep(for: .milliseconds(500))
                    }
                }
                done = due
            }
            try await Task.sleep(for: tick)
        }
    }

    private func enqueue(_ range: Range<Int>, allowingPresent: Bool = false) async throws {
        let generator = self.generator
        let vault = self.vault
        let inserted = try await connection.withSession { session in
            try TransferImport.enqueue(
                session, generator.transfers(range), actor: "ach-loadtest", protect: vault.stored
            )
            .inserted
        }
        guard inserted == range.count || allowingPresent else {
            throw LoadTestError(
                .databaseNotReady,
                "\(range.count - inserted) generated transfers were already in the table (a run tag was reused)")
        }
        enqueued.add(range.count)
    }
}
