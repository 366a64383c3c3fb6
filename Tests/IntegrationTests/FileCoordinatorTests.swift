import Foundation
import Logging
import MetricsTestKit
import Store
import TestSupport
import Testing
import Worker

@Suite("The file coordinator: delivery beside assembly, and its counters")
struct FileCoordinatorTests {
    @Test("files assembled with their entries, sent, and failed deliveries by who retries them, per destination")
    func countersFollowTheFiles() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        // A fixed name, so a different file already there makes the first delivery fail for good.
        let setup = try OperatorSupport.setup(database, fileName: "{destination}-{modifier}.ach")
        try FileManager.default.createDirectory(atPath: setup.outbox, withIntermediateDirectories: true)
        try Data("someone else's file\n".utf8).write(to: URL(fileURLWithPath: setup.outbox + "/demo-bank-A.ach"))
        let configuration = try WorkerConfiguration.load(path: setup.config, environment: [:])
        let logger = Logger(label: "test")
        let metrics = TestMetrics()
        let coordinator = try FileCoordinator(
            configuration: configuration, actor: "test", metrics: metrics, logger: logger)

        // Eight different payments (the same ones again would be rejected as probable duplicates).
        let transfers = Fixtures.transfers(8)
        try await Fixtures.seed(database, Array(transfers[..<5]))
        try await Self.accept(configuration, logger: logger)
        let first = await coordinator.run()
        #expect(first.assembled.count == 1 && first.sent.isEmpty && first.failures.count == 1)
        try await Fixtures.seed(database, Array(transfers[5...]))
        try await Self.accept(configuration, logger: logger)
        let second = await coordinator.run()
        #expect(second.assembled.count == 1 && second.sent.count == 1 && second.failures.isEmpty)

        let bank = [("destination", "demo-bank")]
        #expect(try metrics.expectCounter("ach_files_assembled_total", bank).totalValue == 2)
        #expect(try metrics.expectCounter("ach_file_entries_assembled_total", bank).totalValue == 8)
        #expect(try metrics.expectCounter("ach_files_sent_total", bank).totalValue == 1)
        #expect(
            try metrics.expectCounter("ach_file_delivery_failures_total", bank + [("retried", "false")]).totalValue
                == 1)
        #expect(
            try metrics.expectCounter("ach_file_delivery_failures_total", bank + [("retried", "true")]).totalValue
                == 0)
        #expect(try await database.scalarInt("SELECT count(*) FROM ach_files WHERE status = 'failed'") == 1)
    }

    @Test("a failed assembly is counted per destination, and the transfers stay accepted for the next run")
    func assemblyFailuresAreCounted() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let setup = try OperatorSupport.setup(database)
        let configuration = try WorkerConfiguration.load(path: setup.config, environment: [:])
        let logger = Logger(label: "test")
        let metrics = TestMetrics()
        let coordinator = try FileCoordinator(
            configuration: configuration, actor: "test", metrics: metrics, logger: logger)
        try await Fixtures.seed(database, Fixtures.transfers(4))
        try await Self.accept(configuration, logger: logger)
        // Recording the file fails, as any error of the assembly's transaction would.
        _ = try await database.query(
            """
            CREATE FUNCTION refuse_file() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'the archive is full'; END $$
            """)
        _ = try await database.query(
            "CREATE TRIGGER refuse_file BEFORE INSERT ON ach_files FOR EACH ROW EXECUTE FUNCTION refuse_file()")
        let failed = await coordinator.run()
        #expect(failed.assembled.isEmpty && failed.failures.count == 1, "\(failed.failures)")
        let bank = [("destination", "demo-bank")]
        #expect(try metrics.expectCounter("ach_file_assembly_failures_total", bank).totalValue == 1)
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'accepted'") == 4)

        _ = try await database.query("DROP TRIGGER refuse_file ON ach_files")
        let next = await coordinator.run()
        #expect(next.assembled.count == 1 && next.failures.isEmpty, "\(next.failures)")
        #expect(try metrics.expectCounter("ach_file_assembly_failures_total", bank).totalValue == 1)
    }

    @Test("with delivery beside assembly, each file is still tried once per run, also when backoff is ignored")
    func eachFileTriedOncePerRun() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let work = try makeTemporaryDirectory()
        try await SFTPTestServer.with { server in
            // The bank's server is down: every upload fails at once (connection refused), a
            // failure the daemon retries later, so the files stay waiting.
            let config = try BankDeliveryTests.config(
                database, server: server, work: work, encryption: "      type: none",
                settings: "    maxEntriesPerFile: 2")
            try await server.stop()
            let configuration = try WorkerConfiguration.load(path: config, environment: [:])
            let logger = Logger(label: "test")
            try await Fixtures.seed(database, Fixtures.transfers(6))
            try await Self.accept(configuration, logger: logger)
            let coordinator = try FileCoordinator(
                configuration: configuration, actor: "test", metrics: TestMetrics(), logger: logger)

            // As `flush` and `run --drain` ask: every waiting file, backoff or not.
            let summary = await coordinator.run(ignoringBackoff: true)
            #expect(summary.assembled.count == 3)
            #expect(summary.failures.count == 3 && summary.transientFailures == 3, "\(summary.failures)")
            let files = try await database.query("SELECT name, attempts, status::text FROM ach_files ORDER BY name")
            #expect(files.rows.map { $0[1] } == ["1", "1", "1"], "\(files.rows)")
            #expect(files.rows.allSatisfy { $0[2] == "archived" })
        }
    }

    @Test("a cutoff files what was due when it began: transfers accepted meanwhile wait for the next one")
    func cutoffDoesNotChaseNewlyAcceptedTransfers() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let folder = try makeTemporaryDirectory()
        let config = try Daemon.writeConfig(
            database,
            extra: """
                files:
                  archiveDirectory: "\(folder)/archive"
                \(Daemon.demoBank("    maxEntriesPerFile: 100\n    directory: \"\(folder)/outbox\""))
                """)
        let configuration = try WorkerConfiguration.load(path: config, environment: [:])
        let logger = Logger(label: "test")
        try await Fixtures.seed(database, Fixtures.transfers(43))
        try await Self.accept(configuration, logger: logger)
        // Forty of them settle ten years out, so they are not due; below they become due one
        // every 10 ms while the cutoff runs, as transfers a pool is still deciding do.
        try await database.query(
            """
            UPDATE transfers SET resolved_effective_date = resolved_effective_date + 3650
             WHERE idempotency_key NOT IN ('t-0', 't-1', 't-2')
            """)
        let later = try await database.query(
            "SELECT id::text FROM transfers WHERE resolved_effective_date > current_date + 3000 ORDER BY id"
        ).rows.compactMap { $0[0] }
        #expect(later.count == 40)
        let trickle = Task {
            for id in later {
                try await database.query(
                    "UPDATE transfers SET resolved_effective_date = resolved_effective_date - 3650 WHERE id = $1::uuid",
                    [id])
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        let coordinator = try FileCoordinator(
            configuration: configuration, actor: "test", metrics: TestMetrics(), logger: logger)
        let summary = await coordinator.run()
        try await trickle.value
        #expect(summary.failures.isEmpty, "\(summary.failures)")
        // One file: what was due when the cutoff began (never full at 100 entries). Before, the
        // loop made a file of whatever had become due since, again and again.
        #expect(summary.assembled.count == 1, "\(summary.assembled.map(\.entryCount))")
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'accepted'") > 0)
    }

    /// Decides everything pending with the real pool and rules, in this process.
    static func accept(_ configuration: WorkerConfiguration, logger: Logger) async throws {
        await WorkerPool(
            settings: PoolSettings(configuration), processor: try RulesProcessor(configuration: configuration),
            logger: logger
        ).run(mode: .drain)
    }
}
