import ACH
import Delivery
import Dispatch
import Foundation
import Logging
import Metrics
import Store
import Synchronization

/// Assembly and delivery for every destination, in parallel across destinations (bounded), so
/// one slow bank never holds up another. Used by the daemon at cutoffs, by `run --drain` when
/// the queue is empty, and by `ach-worker flush`.
public final class FileCoordinator: Sendable {
    struct Destination: Sendable {
        let assembler: FileAssembler
        let deliverer: FileDeliverer
        var plan: DestinationPlan { assembler.plan }
    }

    public struct Summary: Sendable {
        public var assembled: [FileRecord] = []
        public var sent: [FileRecord] = []
        public var failures: [String] = []
        /// Failures that will be retried.
        public var transientFailures = 0
    }

    let destinations: [String: Destination]
    let databaseURL: String
    let parallelism: Int
    let metrics: FileMetrics
    let logger: Logger
    private let delivered = Atomic<Int>(0)

    /// Files this coordinator has delivered since it was made (a load test's progress line).
    public var filesDelivered: Int { delivered.load(ordering: .relaxed) }

    /// Builds every destination's encryption and delivery target from configuration and checks
    /// them (keys present and valid) — a bad key is a start-up error, not a failure at cutoff.
    /// Its counters (`FileMetrics`) go to `metrics`, the process's metrics system unless given.
    public init(
        configuration: WorkerConfiguration, actor: String, faults: FaultInjection = FaultInjection(),
        metrics: any MetricsFactory = MetricsSystem.factory, logger: Logger
    ) throws {
        HeapTrim.keepLargeBlocksMapped
        let archiveDirectory = configuration.files.archiveDirectory
        let archive = DirectoryTarget(path: archiveDirectory)
        let vault = try configuration.accountVault()
        var destinations: [String: Destination] = [:]
        for name in configuration.destinations.keys.sorted() {
            let plan = try DestinationPlan(name: name, configuration: configuration)
            let endpoints = try DestinationEndpoints(name: name, configuration: configuration, logger: logger)
            do {
                try endpoints.encryptor.checkReady()
            } catch {
                throw ConfigurationError(.badValue, at: "destinations.\(name).encryption", "\(error)")
            }
            destinations[name] = Destination(
                assembler: FileAssembler(
                    plan: plan, archive: archive, archiveDirectory: archiveDirectory, vault: vault,
                    sealArchive: configuration.files.encryptArchive, actor: actor, logger: logger),
                deliverer: FileDeliverer(
                    plan: plan, encryptor: endpoints.encryptor, target: endpoints.target, archive: archive,
                    archiveDirectory: archiveDirectory, vault: vault, actor: actor,
                    maxRetryDelaySeconds: configuration.files.maxRetryDelaySeconds, logger: logger,
                    // A serial queue per destination: Dispatch gives each its own thread when it
                    // blocks, while a shared concurrent queue would run only as many blocked
                    // uploads at once as there are cores.
                    queue: DispatchQueue(label: "ach-worker.delivery.\(name)"), faults: faults))
        }
        self.destinations = destinations
        self.databaseURL = configuration.database.url
        self.parallelism = configuration.files.parallelDestinations
        self.metrics = FileMetrics(destinations: configuration.destinations.keys.sorted(), factory: metrics)
        self.logger = logger
    }

    public var destinationNames: [String] { destinations.keys.sorted() }

    /// Assembles (when `assemble`) and delivers what is due for `names` (all when nil);
    /// `ignoringBackoff` also retries files whose next attempt is not due yet (operator flush).
    /// `now` is the moment whose cutoff this is (the load-test runner passes later banking days
    /// to file scheduled transfers); `fullFilesOnly` assembles only files that are full (see
    /// `FileAssembler.assembleAll`).
    public func run(
        destinations names: [String]? = nil, assemble: Bool = true, ignoringBackoff: Bool = false,
        now: Date = Date(), fullFilesOnly: Bool = false
    ) async -> Summary {
        let selected = (names ?? destinationNames).compactMap { destinations[$0] }
        var summary = Summary()
        await withTaskGroup(of: Summary.self) { group in
            var running = 0
            for destination in selected {
                if running == parallelism, let done = await group.next() {
                    summary.merge(done)
                    running -= 1
                }
                group.addTask {
                    await self.run(
                        destination, assemble: assemble, ignoringBackoff: ignoringBackoff, now: now,
                        fullFilesOnly: fullFilesOnly)
                }
                running += 1
            }
            for await done in group { summary.merge(done) }
        }
        return summary
    }

    /// One destination: its files assembled one after another on one connection, and each
    /// delivered — on a second connection — as soon as it is recorded, while the next is
    /// assembled. Delivering only after the last one held every file of a large backlog back until
    /// all were assembled, and then sent them one by one on one core (measured with ach-loadtest:
    /// 28 s after the last decision of 1,000,000 transfers).
    private func run(
        _ destination: Destination, assemble: Bool, ignoringBackoff: Bool, now: Date, fullFilesOnly: Bool
    ) async -> Summary {
        guard assemble else { return await deliver(destination, ignoringBackoff: ignoringBackoff) }
        // One pending signal is enough: a delivery pass sends every file recorded before it began.
        let (recorded, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        async let delivered = deliver(destination, ignoringBackoff: ignoringBackoff, after: recorded)
        var summary = Summary()
        let connection = PGConnection(url: databaseURL, label: "files-\(destination.plan.name)", logger: logger)
        do {
            summary.assembled = try await destination.assembler.assembleAll(
                on: connection, now: now, fullFilesOnly: fullFilesOnly,
                recorded: { [metrics] file in
                    metrics.assembled(file)
                    signal.yield()
                })
        } catch {
            summary.failures.append("\(destination.plan.name): assembly failed: \(error)")
            metrics.assemblyFailed(destination: destination.plan.name)
            logger.error(
                "file assembly failed", metadata: ["destination": "\(destination.plan.name)", "error": "\(error)"])
        }
        await connection.close()
        signal.finish()
        summary.merge(await delivered)
        return summary
    }

    /// Delivers the destination's due files once for each signal from `recorded`, and once more
    /// when it ends (so also when nothing was assembled: files a previous run left undelivered).
    private func deliver(
        _ destination: Destination, ignoringBackoff: Bool, after recorded: AsyncStream<Void>? = nil
    ) async -> Summary {
        var summary = Summary()
        let connection = PGConnection(
            url: databaseURL, label: "delivery-\(destination.plan.name)", logger: logger)
        defer { Task { await connection.close() } }
        // Each file is tried once per run, as when one pass followed the assembly: an unreachable
        // bank costs one timeout per file, not one per file and pass.
        var failed: Set<UUID> = []
        func pass() async {
            do {
                let report = try await destination.deliverer.deliverDue(
                    on: connection, ignoringBackoff: ignoringBackoff, skipping: failed)
                if !report.sent.isEmpty || !report.failed.isEmpty { HeapTrim.afterLargeWork() }
                metrics.delivered(report, destination: destination.plan.name)
                delivered.add(report.sent.count, ordering: .relaxed)
                summary.sent += report.sent
                for failure in report.failed {
                    failed.insert(failure.file.id)
                    summary.failures.append("\(destination.plan.name): \(failure.file.name): \(failure.error)")
                    if failure.transient { summary.transientFailures += 1 }
                }
            } catch {
                summary.failures.append("\(destination.plan.name): delivery failed: \(error)")
                summary.transientFailures += 1
            }
        }
        if let recorded {
            for await _ in recorded { await pass() }
        }
        await pass()
        return summary
    }
}

extension FileCoordinator.Summary {
    mutating func merge(_ other: Self) {
        assembled += other.assembled
        sent += other.sent
        failures += other.failures
        transientFailures += other.transientFailures
    }
}
