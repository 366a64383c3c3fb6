import CoreMetrics
import Foundation
import Logging
import Store
import Synchronization

/// Collects outcomes from the validation queues and writes them back in batches: one
/// `UPDATE … FROM unnest(…)` per flush, every `flushInterval` or as soon as `flushBatchSize`
/// outcomes wait. A transfer's in-flight slot is given back only once its outcome is stored.
final class BatchCompleter: Sendable {
    private struct Pending {
        var outcomes: [TransferOutcome] = []
        var decidedAt: [Double] = []
        var createdAt: [Double] = []
    }

    private let connection: PGConnection
    private let settings: PoolSettings
    private let limiter: InFlightLimiter
    private let metrics: PoolMetrics
    private let logger: Logger
    private let onSlotsFreed: @Sendable () -> Void
    private let onDatabase: @Sendable (Bool) -> Void
    private let pending = Mutex(Pending())
    private let arrived = WakeUp()
    private let stopping = Flag()

    init(
        connection: PGConnection, settings: PoolSettings, limiter: InFlightLimiter, metrics: PoolMetrics,
        logger: Logger, onSlotsFreed: @escaping @Sendable () -> Void,
        onDatabase: @escaping @Sendable (Bool) -> Void
    ) {
        self.connection = connection
        self.settings = settings
        self.limiter = limiter
        self.metrics = metrics
        self.logger = logger
        self.onSlotsFreed = onSlotsFreed
        self.onDatabase = onDatabase
    }

    /// Called from the validation queues. `createdAt` feeds the pending → decided latency.
    func submit(_ outcomes: [TransferOutcome], createdAt: [Double]) {
        let now = Date().timeIntervalSince1970
        let count = pending.withLock { state in
            state.outcomes.append(contentsOf: outcomes)
            state.createdAt.append(contentsOf: createdAt)
            state.decidedAt.append(contentsOf: repeatElement(now, count: outcomes.count))
            return state.outcomes.count
        }
        if count >= settings.flushBatchSize { arrived.signal() }
    }

    /// Ends `run()` after one last flush of everything submitted so far.
    func stop() {
        stopping.set()
        arrived.signal()
    }

    func run() async {
        var backoff = Backoff()
        var carried = Pending()
        while true {
            let stopRequested = stopping.isSet
            if carried.outcomes.isEmpty && !stopRequested { await arrived.wait(timeout: settings.flushInterval) }
            let taken = pending.withLock { state -> Pending in
                let taken = state
                state = Pending()
                return taken
            }
            carried.outcomes += taken.outcomes
            carried.createdAt += taken.createdAt
            carried.decidedAt += taken.decidedAt
            if carried.outcomes.isEmpty {
                if stopRequested { return }
                continue
            }
            do {
                try await flush(carried)
                carried = Pending()
                backoff.reset()
                onDatabase(true)
            } catch {
                metrics.databaseErrors.increment()
                if backoff.nextFailureIsOutage { onDatabase(false) }
                let delay = backoff.next()
                logger.warning(
                    "could not write outcomes; will retry",
                    metadata: ["error": "\(error)", "outcomes": "\(carried.outcomes.count)", "retry_in": "\(delay)"])
                try? await Task.sleep(for: delay)
            }
        }
    }

    private func flush(_ batch: Pending) async throws {
        let started = ContinuousClock.now
        let owner = settings.workerID
        let maxAttempts = settings.maxAttempts
        let retryDelay = settings.retryDelaySeconds
        // Large backlogs are written in chunks so one statement never carries an unbounded array.
        let chunkSize = max(settings.flushBatchSize, 1000)
        var written = 0
        var index = 0
        while index < batch.outcomes.count {
            let chunk = Array(batch.outcomes[index..<min(index + chunkSize, batch.outcomes.count)])
            written += try await connection.withSession { session in
                try TransferQueue.complete(
                    session, owner: owner, outcomes: chunk, maxAttempts: maxAttempts, retryDelaySeconds: retryDelay)
            }
            index += chunk.count
        }
        metrics.flushDuration.recordNanoseconds(Int64((ContinuousClock.now - started).nanoseconds))
        record(batch)
        if written < batch.outcomes.count {
            // Their leases expired and someone else took them over; that worker will finish them.
            metrics.leaseLost.increment(by: batch.outcomes.count - written)
            logger.info("outcomes dropped: lease lost", metadata: ["count": "\(batch.outcomes.count - written)"])
        }
        limiter.release(batch.outcomes.count)
        metrics.inFlight.record(limiter.inFlight)
        onSlotsFreed()
    }

    private func record(_ batch: Pending) {
        var accepted = 0
        var rejected = 0
        var retried = 0
        for (i, outcome) in batch.outcomes.enumerated() {
            switch outcome.decision {
            case .accepted:
                accepted += 1
                let seconds = batch.decidedAt[i] - batch.createdAt[i]
                if seconds >= 0 { metrics.pendingToDecided.recordNanoseconds(Int64(seconds * 1e9)) }
            case .rejected(let list):
                rejected += 1
                for rejection in list { metrics.rejection(code: rejection.code).increment() }
            case .retry:
                retried += 1
            }
        }
        metrics.accepted.increment(by: accepted)
        metrics.rejected.increment(by: rejected)
        metrics.retried.increment(by: retried)
    }
}

extension Duration {
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
