import ArgumentParser
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import Store
import UnixSignals
import Worker

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon: migrate, then claim, validate and complete transfers until SIGTERM/SIGINT.",
        discussion: """
            SIGTERM or SIGINT stop it gracefully: claiming stops, in-flight transfers are finished and
            written, anything unfinished is released to pending, and it exits 0.
            """)

    @OptionGroup var options: CommonOptions

    @Flag(name: .long, help: "Exit 0 once no due transfer is pending or processing.")
    var drain = false

    @Option(name: .long, help: "Override pool.maxInFlight.") var maxInFlight: Int?
    @Option(name: .long, help: "Override pool.claimBatchSize.") var claimBatchSize: Int?
    @Option(name: .long, help: "Override pool.leaseSeconds.") var leaseSeconds: Int?
    @Option(name: .long, help: "Override database.connections.") var connections: Int?
    @Option(name: .long, help: "Override metrics.port (0 disables the HTTP endpoint).") var metricsPort: Int?

    func run() async throws {
        var configuration = try options.loadConfiguration()
        if let maxInFlight { configuration.pool.maxInFlight = maxInFlight }
        if let claimBatchSize { configuration.pool.claimBatchSize = claimBatchSize }
        if let leaseSeconds { configuration.pool.leaseSeconds = leaseSeconds }
        if let connections { configuration.database.connections = connections }
        if let metricsPort {
            configuration.metrics.port = metricsPort
            configuration.metrics.enabled = metricsPort != 0
        }
        guard configuration.pool.maxInFlight > 0, configuration.pool.claimBatchSize > 0,
            configuration.pool.leaseSeconds > 0, configuration.database.connections > 0
        else {
            printError("configuration error: pool sizes, lease and connections must be positive")
            throw ExitCode(2)
        }
        let logger = options.makeLogger(configuration)

        let processor: RulesProcessor
        do {
            processor = try RulesProcessor(configuration: configuration)
        } catch let error as ConfigurationError {
            printError("configuration error: \(error)")
            throw ExitCode(2)
        }

        // Secrets are read now, so a missing or malformed one stops the start, naming its key.
        let callbackTargets: [String: CallbackTarget]
        do {
            callbackTargets = try configuration.callbackTargets()
        } catch let error as ConfigurationError {
            printError("configuration error: \(error)")
            throw ExitCode(2)
        }

        // Metrics objects bind to the factory when they are created: bootstrap before the file
        // coordinator and the pool exist.
        var registry: PrometheusCollectorRegistry?
        if configuration.metrics.enabled {
            let prometheus = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: prometheus))
            registry = prometheus
        }
        let coordinator = try makeCoordinator(configuration, logger: logger)
        try await prepareDatabase(configuration, callbackURLs: callbackTargets.mapValues(\.url), logger: logger)

        let pool = WorkerPool(settings: PoolSettings(configuration), processor: processor, logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        // No originator with a callback URL: no dispatcher, and callbacks cost nothing.
        let dispatcher =
            callbackTargets.isEmpty
            ? nil : CallbackDispatcher(configuration: configuration, targets: callbackTargets, logger: logger)
        if let dispatcher { services.append(.init(service: CallbackService(dispatcher: dispatcher))) }
        let drainTimeout = Duration.seconds(configuration.files.drainDeliveryTimeoutSeconds)
        let callbackDrainTimeout = Duration.seconds(configuration.callbacks.drainTimeoutSeconds)
        if drain {
            // Once the queue is empty: file and deliver everything due, wait for the callbacks
            // that can be delivered, then stop.
            services.append(
                .init(
                    service: PoolService(pool: pool, mode: .drain) {
                        try await Self.fileEverything(
                            coordinator, timeout: drainTimeout, logger: logger)
                        if let dispatcher {
                            let left = await dispatcher.drain(timeout: callbackDrainTimeout)
                            if left != 0 {
                                logger.warning(
                                    "callbacks still waiting at the end of the drain; the next run delivers them",
                                    metadata: ["remaining": "\(left)"])
                            }
                        }
                    },
                    successTerminationBehavior: .gracefullyShutdownGroup))
        } else {
            services.append(.init(service: PoolService(pool: pool, mode: .daemon)))
            services.append(
                .init(service: FileService(coordinator: coordinator, configuration: configuration, logger: logger)))
        }
        if let registry {
            services.append(
                .init(
                    service: ObservabilityServer.make(
                        host: configuration.metrics.host, port: configuration.metrics.port, registry: registry,
                        isReady: { pool.isReady && !pool.isStopping }, logger: logger)))
            services.append(.init(service: QueueDepthSampler(databaseURL: configuration.database.url, logger: logger)))
        }
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// `--drain`'s last step: assemble and deliver until nothing is left to send; transient
    /// delivery failures are retried for a while, then reported (exit 1).
    static func fileEverything(_ coordinator: FileCoordinator, timeout: Duration, logger: Logger) async throws {
        let deadline = ContinuousClock.now + timeout
        var summary = await coordinator.run()
        while summary.transientFailures > 0 && summary.failures.count == summary.transientFailures
            && ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .seconds(1))
            summary = await coordinator.run(ignoringBackoff: true)
        }
        for file in summary.sent { logger.info("sent file", metadata: ["file": "\(file.name)"]) }
        guard summary.failures.isEmpty else {
            throw DrainError(failures: summary.failures)
        }
    }

    /// Migrates, then records the configured callback URLs. Before the pool can write an event:
    /// the outbox sends an endpoint only the events written after its row was created (so that
    /// configuring a URL does not replay history), and a pool that started first lost the first
    /// callbacks of a newly configured originator without a word.
    ///
    /// The daemon may start before PostgreSQL does (a restart, a fresh deploy): keep trying with
    /// backoff for a while instead of crash-looping.
    private func prepareDatabase(
        _ configuration: WorkerConfiguration, callbackURLs: [String: String], logger: Logger
    ) async throws {
        let connection = PGConnection(url: configuration.database.url, label: "migrate", logger: logger)
        defer { Task { await connection.close() } }
        var delay = Duration.milliseconds(200)
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            do {
                try await Migrator.migrate(connection, logger: logger)
                if !callbackURLs.isEmpty {
                    try await connection.withSession { try CallbackEndpoints.sync($0, urls: callbackURLs) }
                }
                return
            } catch let error as StoreError where error.isTransient && ContinuousClock.now < deadline {
                logger.warning("database not reachable yet; retrying", metadata: ["error": "\(error)"])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            } catch let error as StoreError {
                printError("cannot prepare the database: \(error)")
                throw ExitCode(2)
            }
        }
    }
}

struct DrainError: Error, CustomStringConvertible {
    var failures: [String]
    var description: String { "files could not be delivered:\n" + failures.joined(separator: "\n") }
}
