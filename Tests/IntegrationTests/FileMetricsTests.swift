import Foundation
import Logging
import MetricsTestKit
import Store
import Testing
import Worker

@Suite("The file path's counters")
struct FileMetricsTests {
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
        let accept = {
            await WorkerPool(
                settings: PoolSettings(configuration), processor: try RulesProcessor(configuration: configuration),
                logger: logger
            ).run(mode: .drain)
        }

        // Eight different payments (the same ones again would be rejected as probable duplicates).
        let transfers = Fixtures.transfers(8)
        try await Fixtures.seed(database, Array(transfers[..<5]))
        try await accept()
        let first = await coordinator.run()
        #expect(first.assembled.count == 1 && first.sent.isEmpty && first.failures.count == 1)
        try await Fixtures.seed(database, Array(transfers[5...]))
        try await accept()
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
}
