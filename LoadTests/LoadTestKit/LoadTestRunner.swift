import ACH
import Foundation
import Logging
import Store
import Worker

/// One load-test run, start to finish: database, ceiling, seeding, the real pool and file
/// delivery, then measurements and exactly-once accounting.
public struct LoadTestRunner: Sendable {
    let settings: LoadTestSettings
    let logger: Logger
    let progress: Progress

    public init(settings: LoadTestSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
        self.progress = Progress(interval: settings.progressInterval)
    }

    public func run() async throws -> LoadReport {
        let url: String
        if let given = settings.databaseURL {
            url = given
        } else {
            progress.say("starting the local PostgreSQL (LoadTests/postgres.sh)")
            url = try await LocalPostgres.start(fresh: settings.historyRows == 0)
        }
        let connection = PGConnection(url: url, label: "loadtest", logger: logger)
        defer { Task { await connection.close() } }
        try await Migrator.migrate(connection, logger: logger)
        let leftover = try await connection.withSession { try LoadTestStore.unfinished($0) }
        guard leftover == 0 else {
            throw LoadTestError(
                .databaseNotReady,
                "\(leftover) transfers are pending or processing already; use an idle database")
        }
        let history = try await seedHistory(connection)

        var ceiling: Double?
        if settings.ceilingSeconds > 0 {
            progress.say("measuring the ceiling (ceiling.sh, \(settings.ceilingSeconds) s)")
            ceiling = try await Baseline.ceiling(settings).measure(url)
            progress.say("ceiling: \(number(Int(ceiling!))) rows/s")
        }
        var floor: Double?
        if settings.floorSeconds > 0 {
            progress.say("measuring the lifecycle floor (floor.sh, \(settings.floorSeconds) s)")
            floor = try await Baseline.floor(settings).measure(url)
            progress.say("lifecycle floor: \(number(Int(floor!))) transfers/s")
        }

        let tag = String(format: "%06d", Int.random(in: 0..<1_000_000))
        let work = try settings.workDirectory ?? Self.defaultWorkDirectory(tag: tag)
        try FileManager.default.createDirectory(atPath: work + "/outbox", withIntermediateDirectories: true)
        let gnupg = try makeShortTemporaryDirectory()
        let bankKey = try await BankKey.generate(into: work)
        let cleanup = { @Sendable in
            await bankKey.remove()
            _ = try? await Subprocess.run(
                "gpgconf", ["--homedir", gnupg + "/" + LoadTestConfiguration.destination, "--kill", "gpg-agent"])
            try? FileManager.default.removeItem(atPath: gnupg)
        }
        do {
            let configuration = try LoadTestConfiguration.make(
                settings, databaseURL: url, work: work, gnupgDirectory: gnupg, bankKey: bankKey)
            var report = try await pipeline(
                configuration, connection: connection, tag: tag, work: work, bankKey: bankKey)
            report.ceilingPerSecond = ceiling
            report.ratioToCeiling = ceiling.map { report.transfersPerSecond / $0 }
            report.floorPerSecond = floor
            report.ratioToFloor = floor.map { report.transfersPerSecond / $0 }
            report.settings.historyRows = history
            await cleanup()
            if report.passed && !settings.keepFiles && settings.workDirectory == nil {
                try? FileManager.default.removeItem(atPath: work)
            }
            return report
        } catch {
            await cleanup()
            throw error
        }
    }

    /// Old `sent` rows up to `historyRows`, for the large-table measurement.
    private func seedHistory(_ connection: PGConnection) async throws -> Int {
        guard settings.historyRows > 0 else { return 0 }
        let originator = TransferGenerator.originator
        var present = try await connection.withSession { try LoadTestStore.historyCount($0, originator: originator) }
        if present < settings.historyRows {
            progress.say("adding \(number(settings.historyRows - present)) old sent transfers (history)")
            while present < settings.historyRows {
                let count = min(500_000, settings.historyRows - present)
                let offset = present
                present += try await connection.withSession {
                    try LoadTestStore.insertHistory($0, originator: originator, count: count, offset: offset)
                }
                progress.say("history: \(number(present)) rows")
            }
            try await connection.withSession { try LoadTestStore.vacuumAnalyze($0) }
        }
        return present
    }

    private func pipeline(
        _ configuration: WorkerConfiguration, connection: PGConnection, tag: String, work: String, bankKey: BankKey
    ) async throws -> LoadReport {
        let processor = CountingProcessor(inner: try RulesProcessor(configuration: configuration))
        let coordinator = try FileCoordinator(configuration: configuration, actor: "ach-loadtest", logger: logger)
        let pool = WorkerPool(settings: PoolSettings(configuration), processor: processor, logger: logger)
        let today = BankClock()!.localTime(at: Date()).date
        let seeder = Seeder(
            generator: TransferGenerator(profile: settings.profile, runTag: tag, today: today),
            connection: PGConnection(url: configuration.database.url, label: "seed", logger: logger),
            total: settings.transfers, vault: try configuration.accountVault())
        let files = FileCycle(
            coordinator: coordinator,
            connection: PGConnection(url: configuration.database.url, label: "file-cycle", logger: logger),
            maxEntriesPerFile: settings.maxEntriesPerFile, logger: logger)
        let since = try await connection.withSession { try LoadTestStore.now($0) }

        var seedSeconds = 0.0
        if settings.rate == nil {
            progress.say("seeding \(number(settings.transfers)) \(settings.profile.rawValue) transfers through COPY")
            let started = ContinuousClock.now
            try await progress.while({ "seeded \(number(seeder.enqueued.count))" }) { try await seeder.backlog() }
            seedSeconds = (ContinuousClock.now - started).seconds
        }
        progress.say("running the pool and file delivery")
        let started = ContinuousClock.now
        let poolTask = Task { await pool.run(mode: .daemon) }
        let seedingDone = Latch()
        let seeding = Task {
            defer { seedingDone.set() }
            if let rate = settings.rate { try await seeder.steady(rate: rate) }
        }
        let stopFiles = Latch()
        let fileTask = Task {
            try await files.whileRunning(accepted: { processor.counts.accepted.count }, until: { stopFiles.isSet })
        }
        let status: @Sendable () -> String = {
            let elapsed = (ContinuousClock.now - started).seconds
            let decided = processor.counts.decided
            return "enqueued \(number(seeder.enqueued.count))  decided \(number(decided))"
                + " (\(number(Int(Double(decided) / max(elapsed, 0.001))))/s)  in flight \(number(pool.limiter.inFlight))"
                + "  files \(coordinator.filesDelivered)  rss \(Int(ResourceUsage.residentMegabytes)) MB"
        }
        do {
            try await progress.while(status) {
                // Done once everything is enqueued and nothing is due or in flight any more. The
                // database is asked only once the pool has decided as many as were enqueued.
                while true {
                    if seedingDone.isSet && processor.counts.decided >= seeder.enqueued.count {
                        try await seeding.value
                        let left = try await connection.withSession { try LoadTestStore.unfinished($0) }
                        if left == 0 && pool.limiter.inFlight == 0 { break }
                    }
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
        } catch {
            seeding.cancel()
            pool.stop()
            stopFiles.set()
            await poolTask.value
            _ = try? await fileTask.value
            throw error
        }
        pool.stop()
        await poolTask.value
        stopFiles.set()
        try await fileTask.value
        progress.say("pool drained; filing and delivering the rest")
        try await progress.while(status) { try await files.finish() }
        let elapsed = (ContinuousClock.now - started).seconds
        let peakRSS = ResourceUsage.peakResidentMegabytes

        if let fault = AccountingFault.current { try fault.apply(to: work + "/outbox") }
        progress.say("accounting: decrypting and reading back every delivered file")
        let latencies = try await connection.withSession {
            try LoadTestStore.latencies($0, originator: TransferGenerator.originator, since: since)
        }
        let accounting = try await Accounting(connection: connection, bankKey: bankKey, outbox: work + "/outbox").run(
            originator: TransferGenerator.originator, destination: LoadTestConfiguration.destination, since: since,
            seeded: settings.transfers)
        let r = accounting.result
        return LoadReport(
            transfers: settings.transfers, profile: settings.profile.rawValue, elapsedSeconds: elapsed,
            transfersPerSecond: Double(r.sent + r.rejected) / max(elapsed, 0.001), seedSeconds: seedSeconds,
            accepted: r.sent, rejected: r.rejected, files: r.files, entries: r.entries,
            latencyMs: .init(
                pendingToAccepted: .init(latencies.accepted), pendingToSent: .init(latencies.sent)),
            maxInFlight: .init(observed: pool.limiter.highWater, cap: settings.maxInFlight), peakRssMb: peakRSS,
            ceilingPerSecond: nil, ratioToCeiling: nil, lost: accounting.lost, duplicated: accounting.duplicated,
            eventsMissing: r.eventsMissing, invalidFiles: accounting.invalidFiles,
            fileTotalMismatches: r.fileTotalMismatches, filesNotSent: r.filesNotSent,
            settings: .init(
                connections: settings.connections, claimBatchSize: settings.claimBatchSize,
                flushBatchSize: settings.flushBatchSize, flushIntervalMs: settings.flushIntervalMilliseconds,
                maxEntriesPerFile: settings.maxEntriesPerFile, rate: settings.rate, historyRows: 0))
    }

    static func defaultWorkDirectory(tag: String) throws -> String {
        let base = FileManager.default.currentDirectoryPath + "/.local/loadtest"
        return base + "/run-\(tag)"
    }
}

extension LoadReport.Latency {
    init(_ l: LoadTestStore.Latency) { self.init(p50: l.p50, p99: l.p99, max: l.max) }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
