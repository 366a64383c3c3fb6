import CoreMetrics
import Foundation
import Logging
import Notifications
import ServiceLifecycle
import Store
import Synchronization

/// Delivers callbacks: moves the outbox cursor, claims due deliveries, POSTs them signed, and
/// records each attempt. Runs beside the worker pool on connections of its own, so a slow or
/// dead receiver costs the pool nothing: at most `concurrency` deliveries are in flight, and
/// what waits stays in PostgreSQL (claims are bounded by the free slots).
public final class CallbackDispatcher: Sendable {
    let targets: [String: CallbackTarget]
    let originators: [String]
    let settings: WorkerConfiguration.Callbacks
    let owner: String
    let databaseURL: String
    /// Cursor moves and claims; attempts are recorded on `results` so that a long claim never
    /// delays them (each connection has its own serial queue).
    let connection: PGConnection
    let results: PGConnection
    let sender: WebhookSender
    let backoff: CallbackBackoff
    let metrics = CallbackMetrics()
    let wake = WakeUp()
    let inFlight = Mutex(0)
    let logger: Logger

    public init(configuration: WorkerConfiguration, targets: [String: CallbackTarget], logger: Logger) {
        self.targets = targets
        self.originators = targets.keys.sorted()
        self.settings = configuration.callbacks
        self.owner = configuration.workerID
        self.databaseURL = configuration.database.url
        self.connection = PGConnection(url: configuration.database.url, label: "callbacks", logger: logger)
        self.results = PGConnection(url: configuration.database.url, label: "callback-results", logger: logger)
        self.sender = WebhookSender(maxConnectionsPerHost: configuration.callbacks.concurrency)
        self.backoff = CallbackBackoff(
            initialMilliseconds: configuration.callbacks.initialBackoffMilliseconds,
            maximumMilliseconds: configuration.callbacks.maxBackoffMilliseconds)
        self.logger = logger
    }

    /// A lease outlives any attempt: the HTTP timeout plus a margin for recording the result.
    var leaseSeconds: Int { settings.timeoutMilliseconds / 1000 + 30 }
    var pollInterval: Duration { .milliseconds(settings.pollIntervalMilliseconds) }
    /// Events the cursor passes per step: most belong to originators without callbacks and are
    /// only read, so the cursor takes bigger steps than the claims.
    var scanBatchSize: Int { settings.batchSize * 10 }

    /// Runs until graceful shutdown or cancellation, then lets the attempts in flight finish
    /// (each bounded by the timeout) and gives back what it claimed but did not attempt. The
    /// endpoints must be recorded (`CallbackEndpoints.sync`) before anything writes an event that
    /// they should get: the daemon does it before it starts the pool.
    public func run() async {
        var failures = Backoff(initial: .milliseconds(200), maximum: .seconds(10))
        await withDiscardingTaskGroup { group in
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let free = settings.concurrency - inFlight.withLock { $0 }
                guard free > 0 else {
                    await wake.wait(timeout: pollInterval)
                    continue
                }
                do {
                    let (step, claimed) = try await nextBatch(limit: min(free, settings.batchSize))
                    failures.reset()
                    if step.queued > 0 { metrics.queued.increment(by: step.queued) }
                    for delivery in claimed {
                        inFlight.withLock { $0 += 1 }
                        metrics.inFlight.record(inFlight.withLock { $0 })
                        group.addTask {
                            await self.attempt(delivery)
                            self.inFlight.withLock { $0 -= 1 }
                            self.wake.signal()
                        }
                    }
                    // More may be waiting when a batch came back full; otherwise wait for a
                    // finished attempt (the next event of its transfer may now go) or the poll.
                    if claimed.count < min(free, settings.batchSize) && step.scanned < scanBatchSize {
                        await wake.wait(timeout: pollInterval)
                    }
                } catch let error as StoreError where error.code == .callbackCursorAhead {
                    // Not transient: no callback goes out until an operator acts.
                    logger.error("callbacks stopped", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: failures.next())
                } catch {
                    logger.warning("callback dispatcher: database error; backing off", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: failures.next())
                }
            }
        }
        metrics.inFlight.record(0)
        let owner = self.owner
        _ = try? await connection.withSession { try CallbackDeliveries.release($0, owner: owner) }
        await sender.shutdown()
        await connection.close()
        await results.close()
    }

    /// One step of the cursor, then a claim.
    func nextBatch(limit: Int) async throws -> (CallbackOutbox.Step, [ClaimedDelivery]) {
        let originators = self.originators
        let batchSize = scanBatchSize
        let owner = self.owner
        let leaseSeconds = self.leaseSeconds
        return try await connection.withSession { session in
            let step = try CallbackOutbox.advance(session, batchSize: batchSize)
            let claimed = try CallbackDeliveries.claim(
                session, owner: owner, originators: originators, limit: limit, leaseSeconds: leaseSeconds)
            return (step, claimed)
        }
    }

    /// `run --drain`: waits until no deliverable callback is left (pending deliveries to enabled
    /// endpoints, events not yet copied) or `timeout` passes. Returns how many are left.
    public func drain(timeout: Duration) async -> Int {
        let deadline = ContinuousClock.now + timeout
        let originators = self.originators
        let check = PGConnection(url: databaseURL, label: "callback-drain", logger: logger)
        defer { Task { await check.close() } }
        var remaining = -1
        while !Task.isCancelled {
            remaining =
                (try? await check.withSession { try CallbackOutbox.remaining($0, originators: originators) }) ?? -1
            if remaining == 0 || ContinuousClock.now >= deadline { break }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return remaining
    }
}
