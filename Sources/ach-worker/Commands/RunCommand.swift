import ArgumentParser
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import UnixSignals
import Store
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

        try await migrateWithRetry(configuration, logger: logger)

        let pool = WorkerPool(settings: PoolSettings(configuration), processor: processor, logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: PoolService(pool: pool, mode: drain ? .drain : .daemon), successTerminationBehavior: .gracefullyShutdownGroup)
        ]
        if configuration.metrics.enabled {
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
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

    /// The daemon may start before PostgreSQL does (a restart, a fresh deploy): keep trying with
    /// backoff for a while instead of crash-looping.
    private func migrateWithRetry(_ configuration: WorkerConfiguration, logger: Logger) async throws {
        let connection = PGConnection(url: configuration.database.url, label: "migrate", logger: logger)
        defer { Task { await connection.close() } }
        var delay = Duration.milliseconds(200)
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            do {
                try await Migrator.migrate(connection, logger: logger)
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
