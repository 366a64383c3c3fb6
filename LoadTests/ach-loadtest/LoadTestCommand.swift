import ArgumentParser
import Foundation
import LoadTestKit
import Logging

/// `ach-loadtest`: seeds transfers, drives the real pool and file delivery, and reports
/// throughput, latency and exactly-once accounting. Exit 0 when every transfer was accounted for
/// exactly once, 1 when something was lost or duplicated, 2 on a usage error, 3 when the run
/// could not be carried out.
@main
struct LoadTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ach-loadtest",
        abstract: "Load-test the whole pipeline: pool, rules, NACHA files, OpenPGP, delivery.",
        discussion: """
            Uses DATABASE_URL when set (an idle scratch database: the run adds its transfers and
            files there), otherwise starts the private PostgreSQL of LoadTests/postgres.sh. Progress
            goes to stderr; the report (a table, or one JSON object with --json) to stdout.
            --chaos runs two ach-worker daemons against its own PostgreSQL, a throwaway sshd and a
            webhook receiver, and kills, restarts and cuts them off during the run.
            See LoadTests/README.md.
            """)

    @Option(help: "Transfers to push through (default 1,000,000; 20,000 with --chaos).") var transfers: Int?
    @Option(help: "mixed, valid or large.") var profile: String = "mixed"
    @Option(help: "Offer this many transfers per second while the pool runs, instead of a backlog.") var rate: Int?
    @Flag(help: "Print the report as one JSON object.") var json = false
    @Option(help: "Pool: database connections (claimers + completer).") var connections = 3
    @Option(help: "Pool: in-flight cap.") var maxInFlight = 10_000
    @Option(help: "Pool: most transfers one claim takes.") var claimBatch = 500
    @Option(help: "Pool: outcomes per completer flush.") var flushBatch = 500
    @Option(help: "Pool: completer flush interval in milliseconds.") var flushInterval = 50
    @Option(help: "Entries per NACHA file (default 100,000; transfers / 20 with --chaos).") var fileEntries: Int?
    @Option(help: "Old sent transfers to have in the table first.") var history = 0
    @Option(help: "ceiling.sh rows.") var ceilingRows = 1_000_000
    @Option(help: "ceiling.sh clients.") var ceilingClients = 4
    @Option(help: "ceiling.sh batch size.") var ceilingBatch = 1_000
    @Option(help: "ceiling.sh seconds; 0 skips the ceiling.") var ceilingSeconds = 10
    @Option(help: "floor.sh rows (it uses the ceiling's clients and batch size).") var floorRows = 500_000
    @Option(help: "floor.sh seconds; 0 skips the lifecycle floor.") var floorSeconds = 10
    @Option(help: "Folder for outbox, archive and keys (default .local/loadtest/run-TAG).") var workDir: String?
    @Flag(help: "Keep the files of a passing run.") var keepFiles = false
    @Option(help: "Seconds between progress lines; 0 for none.") var progress = 1.0
    @Option(help: "Log level of the pool's own logs.") var logLevel = "warning"
    @Flag(help: "Chaos mode: two daemons, SIGKILLs, a PostgreSQL crash-restart, SFTP and webhook outages.")
    var chaos = false
    @Option(help: "Chaos: SIGKILLs of a daemon during the run.") var kills = 20
    @Option(help: "Chaos: seconds of chaos (transfers are offered over the first 70%).") var chaosSeconds = 120.0
    @Option(help: "Chaos: seconds the SFTP server and the webhook receiver are each down.") var outageSeconds = 8.0
    @Option(help: "Chaos: the schedule's seed (printed by every run), to repeat a run.") var seed: UInt64?

    func run() async throws {
        if chaos { return try await runChaos() }
        let transfers = self.transfers ?? 1_000_000
        let fileEntries = self.fileEntries ?? 100_000
        guard let profile = LoadProfile(rawValue: profile) else {
            throw ValidationError("--profile must be mixed, valid or large")
        }
        guard transfers > 0, connections > 0, maxInFlight > 0, claimBatch > 0, flushBatch > 0, fileEntries > 0,
            rate.map({ $0 > 0 }) ?? true
        else { throw ValidationError("counts, sizes and the rate must be positive") }
        var settings = LoadTestSettings()
        settings.transfers = transfers
        settings.profile = profile
        settings.rate = rate
        settings.databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        settings.connections = connections
        settings.maxInFlight = maxInFlight
        settings.claimBatchSize = claimBatch
        settings.flushBatchSize = flushBatch
        settings.flushIntervalMilliseconds = flushInterval
        settings.maxEntriesPerFile = fileEntries
        settings.historyRows = history
        settings.ceilingRows = ceilingRows
        settings.ceilingClients = ceilingClients
        settings.ceilingBatch = ceilingBatch
        settings.ceilingSeconds = ceilingSeconds
        settings.floorRows = floorRows
        settings.floorSeconds = floorSeconds
        settings.workDirectory = workDir
        settings.keepFiles = keepFiles
        settings.progressInterval = progress

        try await report { try await LoadTestRunner(settings: settings, logger: $0).run() }
    }

    func runChaos() async throws {
        guard let profile = LoadProfile(rawValue: profile) else {
            throw ValidationError("--profile must be mixed, valid or large")
        }
        guard (transfers ?? 1) > 0, (fileEntries ?? 1) > 0, kills >= 0, chaosSeconds >= 10, outageSeconds > 0,
            connections > 0
        else { throw ValidationError("--chaos needs positive counts, at least 10 chaos seconds and an outage") }
        var settings = ChaosSettings()
        if let transfers { settings.transfers = transfers }
        settings.profile = profile
        settings.kills = kills
        settings.durationSeconds = chaosSeconds
        settings.outageSeconds = outageSeconds
        settings.seed = seed
        settings.maxEntriesPerFile = fileEntries
        settings.connections = min(connections, 3)
        settings.workDirectory = workDir
        settings.keepFiles = keepFiles
        settings.progressInterval = progress
        try await report { try await ChaosRunner(settings: settings, logger: $0).run() }
    }

    /// Carries out a run and prints its report: exit 1 when it did not pass, 3 when it could not
    /// be carried out. Logs go to stderr with the progress lines: stdout carries the report only.
    func report(_ run: (Logger) async throws -> some RunReport) async throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: "ach-loadtest")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .warning
        let report: any RunReport
        do {
            report = try await run(logger)
        } catch {
            FileHandle.standardError.write(Data("ach-loadtest: \(error)\n".utf8))
            throw ExitCode(3)
        }
        print(json ? try report.json() : report.table())
        if !report.passed { throw ExitCode(1) }
    }
}
