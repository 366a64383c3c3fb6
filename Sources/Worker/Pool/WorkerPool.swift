import ACH
import CoreMetrics
import Dispatch
import Foundation
import Logging
import Store
import Synchronization

/// The Dispatch-based worker pool (SPEC §3).
///
/// - Claimers (one per claim connection) reserve in-flight slots, then claim `min(free, batch)`
///   due transfers in one statement and load the batch's rule context on the same connection.
/// - Each batch is decided on `validationQueue` (a concurrent DispatchQueue; the processor may fan
///   out further with `concurrentPerform`), never on Swift's cooperative pool.
/// - The `BatchCompleter` writes outcomes back in batches and frees the slots, which wakes the
///   claimers at once. NOTIFY on insert wakes idle claimers; polling is the fallback.
/// - A reaper returns transfers with expired leases to `pending` as *suspects* (migration 0012);
///   a watchdog does the same, at once, for a batch still deciding after `processingTimeout`
///   (a hang), and frees its slots. An isolation lane claims suspects one at a time and decides
///   each alone, so a poison transfer is charged for its own crashes and hangs and fails after
///   `maxAttempts`, while the transfers that were in flight beside it are not charged at all.
///
/// Stopping (SIGTERM, SIGINT, or a drained queue with `--drain`): claiming stops, in-flight
/// batches finish and are flushed, anything still leased by this worker is released to `pending`.
public final class WorkerPool<Processor: TransferProcessor>: Sendable {
    public enum Mode: Sendable {
        /// Run until stopped by a signal.
        case daemon
        /// Stop by itself once no due transfer is pending or processing.
        case drain
    }

    public let settings: PoolSettings
    public let limiter: InFlightLimiter
    private let processor: Processor
    private let logger: Logger
    private let metrics = PoolMetrics()
    private let claimConnections: [PGConnection]
    private let completeConnection: PGConnection
    private let listenConnection: PGConnection
    private let completer: BatchCompleter
    private let workAvailable = WakeUp()
    private let validationQueue = DispatchQueue(label: "ach-worker.validate", attributes: .concurrent)
    private let stopping = Flag()
    private let ready = Flag()
    /// Batches handed to `validationQueue` and not yet finished, by number, for the watchdog.
    private let deciding = Mutex<[Int: DecidingBatch]>([:])
    private let batchNumbers = Atomic<Int>(0)

    struct DecidingBatch: Sendable {
        let started: ContinuousClock.Instant
        let ids: [UUID]
        /// Isolation lane only: receives the outcomes, or nil when the watchdog gave up.
        let done: (@Sendable ([TransferOutcome]?) -> Void)?
    }

    public init(settings: PoolSettings, processor: Processor, logger: Logger) {
        self.settings = settings
        self.processor = processor
        self.logger = logger
        self.limiter = InFlightLimiter(capacity: settings.maxInFlight)
        self.claimConnections = (0..<settings.claimerCount).map {
            PGConnection(url: settings.databaseURL, label: "claim-\($0)", logger: logger)
        }
        self.completeConnection = PGConnection(url: settings.databaseURL, label: "complete", logger: logger)
        self.listenConnection = PGConnection(url: settings.databaseURL, label: "listen", logger: logger)
        let wake = workAvailable
        let readyFlag = ready
        self.completer = BatchCompleter(
            connection: completeConnection, settings: settings, limiter: limiter, metrics: metrics, logger: logger,
            onSlotsFreed: { wake.signal() }, onDatabase: { readyFlag.set($0) })
    }

    /// True while the pool can reach PostgreSQL (for `/readyz`).
    public var isReady: Bool { ready.isSet }

    /// Asks the pool to stop: claiming ends, in-flight work is finished and flushed.
    public func stop() {
        stopping.set()
        workAvailable.signal()
    }

    public var isStopping: Bool { stopping.isSet }

    /// Runs until stopped. Returns once nothing of this worker is in flight any more.
    public func run(mode: Mode = .daemon) async {
        metrics.inFlightCap.record(settings.maxInFlight)
        logger.info(
            "worker pool starting",
            metadata: [
                "worker": "\(settings.workerID)", "max_in_flight": "\(settings.maxInFlight)",
                "claim_batch": "\(settings.claimBatchSize)", "connections": "\(settings.connections)",
            ])
        let completerTask = Task { await completer.run() }
        await withTaskGroup(of: Void.self) { group in
            for connection in claimConnections {
                group.addTask { await self.claimLoop(connection) }
            }
            group.addTask { await self.isolationLoop() }
            group.addTask { await self.listenLoop() }
            group.addTask { await self.reapLoop() }
            group.addTask { await self.watchdogLoop() }
            if mode == .drain { group.addTask { await self.drainMonitor() } }
        }
        // Claiming has stopped. Let decided batches reach the completer, then flush them.
        let deadline = ContinuousClock.now + .seconds(max(5, settings.leaseSeconds / 2))
        while limiter.inFlight > 0 && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        completer.stop()
        await completerTask.value
        await releaseLeftovers()
        for connection in claimConnections { await connection.close() }
        await completeConnection.close()
        await listenConnection.close()
        logger.info(
            "worker pool stopped",
            metadata: ["worker": "\(settings.workerID)", "max_in_flight_seen": "\(limiter.highWater)"])
    }

    // MARK: - Claiming

    /// How often a claimer starts again from the front of the due queue although its batches
    /// come back full: the longest a transfer that became due behind its position waits extra.
    static var claimFromFrontInterval: Duration { .seconds(1) }

    private func claimLoop(_ connection: PGConnection) async {
        var backoff = Backoff()
        let owner = settings.workerID
        let lease = settings.leaseSeconds
        let processor = self.processor
        // Where this claimer's last batch ended (see `TransferQueue.claimBatch`); nil: from the front.
        var position: TransferQueue.ClaimPosition?
        var fromFront = ContinuousClock.now
        while !isStopping {
            let wanted = limiter.reserve(upTo: settings.claimBatchSize)
            guard wanted > 0 else {
                // Full: the completer signals as soon as it frees slots.
                await workAvailable.wait(timeout: settings.pollInterval)
                continue
            }
            let started = ContinuousClock.now
            if started - fromFront >= Self.claimFromFrontInterval {
                position = nil
            }
            if position == nil { fromFront = started }
            do {
                let after = position
                let (claimed, context) = try await connection.withSession { session in
                    let claimed = try TransferQueue.claimBatch(
                        session, owner: owner, limit: wanted, leaseSeconds: lease, after: after)
                    let context =
                        claimed.transfers.isEmpty
                        ? nil : try processor.loadContext(for: claimed.transfers, session: session)
                    return (claimed, context)
                }
                let batch = claimed.transfers
                // A short batch: whatever is due behind the position is next.
                position = batch.count == wanted ? claimed.end : nil
                ready.set(true)
                backoff.reset()
                limiter.commit(reserved: wanted, claimed: batch.count)
                guard let context, !batch.isEmpty else {
                    await workAvailable.wait(timeout: settings.pollInterval)
                    continue
                }
                metrics.claimDuration.recordNanoseconds((ContinuousClock.now - started).nanoseconds)
                metrics.claimed.increment(by: batch.count)
                metrics.inFlight.record(limiter.inFlight)
                decide(batch, context: context)
                if batch.count == wanted { workAvailable.signal() }  // probably more waiting: claim again now
            } catch {
                limiter.commit(reserved: wanted, claimed: 0)
                position = nil
                if backoff.nextFailureIsOutage { ready.set(false) }
                metrics.databaseErrors.increment()
                let delay = backoff.next()
                logger.warning(
                    "claim failed; retrying",
                    metadata: [
                        "connection": "\(connection.label)", "error": "\(error)",
                        "retry_in": "\(delay)",
                    ])
                try? await Task.sleep(for: delay)
            }
        }
    }

    /// Hands a claimed batch to the validation queue; its outcomes go to the completer (or to
    /// `done`) — unless the watchdog gave up on the batch first, in which case they are dropped.
    private func decide(
        _ batch: [ClaimedTransfer], context: Processor.Context,
        done: (@Sendable ([TransferOutcome]?) -> Void)? = nil
    ) {
        let processor = self.processor
        let completer = self.completer
        let metrics = self.metrics
        let logger = self.logger
        let number = batchNumbers.add(1, ordering: .relaxed).newValue
        self.deciding.withLock {
            $0[number] = DecidingBatch(started: .now, ids: batch.map(\.transfer.id), done: done)
        }
        validationQueue.async {
            let started = ContinuousClock.now
            let outcomes = processor.decide(batch, context: context)
            metrics.decideDuration.recordNanoseconds((ContinuousClock.now - started).nanoseconds)
            precondition(outcomes.count == batch.count, "a processor must return one outcome per transfer")
            guard self.deciding.withLock({ $0.removeValue(forKey: number) }) != nil else {
                logger.warning(
                    "a batch finished after it was given up; its results are dropped",
                    metadata: ["transfers": "\(batch.count)"])
                return
            }
            if let done {
                done(outcomes)
            } else {
                completer.submit(outcomes, createdAt: batch.map(\.createdAt))
            }
        }
    }

    /// The isolation lane: one suspect at a time, decided alone and its outcome *written* before
    /// the next is claimed — so that when a suspect crashes the daemon, no other suspect is still
    /// leased, and only the one that caused it is charged (see the type's comment).
    private func isolationLoop() async {
        let connection = claimConnections[0]
        let owner = settings.workerID
        let lease = settings.leaseSeconds
        let maxAttempts = settings.maxAttempts
        let retryDelay = settings.retryDelaySeconds
        let processor = self.processor
        while !isStopping {
            guard limiter.reserve(upTo: 1) == 1 else {
                await workAvailable.wait(timeout: settings.pollInterval)
                continue
            }
            do {
                let (batch, context) = try await connection.withSession { session in
                    let batch = try TransferQueue.claim(
                        session, owner: owner, limit: 1, leaseSeconds: lease, suspects: true)
                    let context = batch.isEmpty ? nil : try processor.loadContext(for: batch, session: session)
                    return (batch, context)
                }
                // Readiness is re-marked here too: this lane polls every second without backing
                // off, while after a long outage the claimers may sleep up to 5 s more before
                // they try again — /readyz said 503 for that long with the database back (and,
                // with the backlog already decided, no claimer busy at all).
                ready.set(true)
                limiter.commit(reserved: 1, claimed: batch.count)
                guard let context, !batch.isEmpty else {
                    await sleepUnlessStopping(settings.pollInterval)
                    continue
                }
                logger.notice(
                    "deciding a suspect alone",
                    metadata: ["transfer": "\(batch[0].transfer.id)", "attempt": "\(batch[0].attempts)"])
                metrics.claimed.increment(by: 1)
                let outcomes = await withCheckedContinuation { continuation in
                    decide(batch, context: context) { continuation.resume(returning: $0) }
                }
                // nil: the watchdog gave it up, returned it and freed its slot.
                guard let outcomes else { continue }
                do {
                    _ = try await connection.withSession { session in
                        try TransferQueue.complete(
                            session, owner: owner, outcomes: outcomes, maxAttempts: maxAttempts,
                            retryDelaySeconds: retryDelay)
                    }
                } catch {
                    logger.warning(
                        "could not write a suspect's outcome; its lease expires instead",
                        metadata: ["error": "\(error)"])
                }
                limiter.release(outcomes.count)
            } catch {
                limiter.commit(reserved: 1, claimed: 0)
                await sleepUnlessStopping(settings.pollInterval)
            }
        }
    }

    /// Gives up on batches still deciding after `processingTimeout`: their transfers go back to
    /// pending as suspects at once (not when the lease runs out) and their slots are freed. The
    /// thread that hangs stays lost; the rest of the pool carries on.
    private func watchdogLoop() async {
        let connection = completeConnection
        let timeout = settings.processingTimeout
        let owner = settings.workerID
        let maxAttempts = settings.maxAttempts
        // Also after a stop was asked for, while the isolation lane waits on a suspect: if that
        // one hangs, only the watchdog can let the lane (and so the pool) finish.
        while !isStopping || deciding.withLock({ $0.values.contains { $0.done != nil } }) {
            try? await Task.sleep(for: min(.seconds(1), timeout / 4))
            let now = ContinuousClock.now
            let hung = deciding.withLock { batches in
                let late = batches.filter { now - $0.value.started > timeout }
                for key in late.keys { batches.removeValue(forKey: key) }
                return Array(late.values)
            }
            for batch in hung {
                logger.error(
                    "a batch is still deciding after the processing timeout; giving it up",
                    metadata: [
                        "transfers": "\(batch.ids.count)", "isolated": "\(batch.done != nil)", "timeout": "\(timeout)",
                    ])
                do {
                    _ = try await connection.withSession { session in
                        try TransferQueue.abandon(
                            session, owner: owner, ids: batch.ids, maxAttempts: maxAttempts,
                            timeoutSeconds: Int(timeout.components.seconds))
                    }
                } catch {
                    logger.warning(
                        "could not return a hung batch; its leases expire instead", metadata: ["error": "\(error)"])
                }
                limiter.release(batch.ids.count)
                batch.done?(nil)
                workAvailable.signal()
            }
        }
    }

    // MARK: - Wake-ups, reaping, draining

    /// LISTEN for inserts and wake the claimers. A lost connection is reopened with backoff;
    /// meanwhile the claimers' polling keeps things moving.
    private func listenLoop() async {
        var backoff = Backoff()
        var listening = false
        while !isStopping {
            do {
                if !listening {
                    try await listenConnection.withSession { try $0.execute("LISTEN ach_transfers") }
                    listening = true
                    backoff.reset()
                }
                let channels = try await listenConnection.waitForNotifications(timeoutMilliseconds: 250)
                if !channels.isEmpty { workAvailable.signal() }
            } catch {
                listening = false
                await listenConnection.close()
                let delay = backoff.next()
                logger.debug("LISTEN connection failed", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: delay)
            }
        }
    }

    private func reapLoop() async {
        let connection = claimConnections[0]
        let maxAttempts = settings.maxAttempts
        while !isStopping {
            do {
                let reaped = try await connection.withSession { session in
                    try TransferQueue.reapExpiredLeases(session, maxAttempts: maxAttempts)
                }
                if reaped > 0 {
                    metrics.reaped.increment(by: reaped)
                    logger.info("reclaimed transfers with expired leases", metadata: ["count": "\(reaped)"])
                    workAvailable.signal()
                }
            } catch {
                logger.debug("reaper failed", metadata: ["error": "\(error)"])
            }
            await sleepUnlessStopping(settings.reapInterval)
        }
    }

    /// With `--drain`: stop once nothing due is pending or processing anywhere.
    private func drainMonitor() async {
        let connection = claimConnections[0]
        while !isStopping {
            await sleepUnlessStopping(.milliseconds(200))
            guard limiter.inFlight == 0 else { continue }
            let remaining = try? await connection.withSession { session in
                try session.query(
                    """
                    SELECT count(*) FROM transfers
                     WHERE (status = 'pending' AND run_at <= now()) OR status = 'processing'
                    """
                ).scalar.flatMap { Int($0) }
            }
            if remaining == 0 && limiter.inFlight == 0 {
                logger.info("queue drained; stopping")
                stop()
            }
        }
    }

    private func sleepUnlessStopping(_ duration: Duration) async {
        let deadline = ContinuousClock.now + duration
        while !isStopping && ContinuousClock.now < deadline {
            try? await Task.sleep(for: min(.milliseconds(100), deadline - ContinuousClock.now))
        }
    }

    private func releaseLeftovers() async {
        let owner = settings.workerID
        do {
            let released = try await completeConnection.withSession { try TransferQueue.release($0, owner: owner) }
            if released > 0 {
                logger.info("released unfinished transfers to pending", metadata: ["count": "\(released)"])
            }
        } catch {
            logger.warning(
                "could not release leases at shutdown; they return to pending when the lease expires",
                metadata: ["error": "\(error)"])
        }
    }
}
