import Foundation
import TestSupport
import Testing

/// The load-test runner end to end against the test PostgreSQL: a small mixed run through the
/// real pool, rules, NACHA files, OpenPGP and outbox, then its exactly-once accounting.
@Suite("ach-loadtest", .serialized)
struct LoadTestRunnerTests {
    static var binary: String {
        URL(fileURLWithPath: Daemon.binary).deletingLastPathComponent().appendingPathComponent("ach-loadtest").path
    }

    static func run(_ database: TestDatabase, _ arguments: [String], environment: [String: String] = [:]) async throws
        -> (Int32, [String: Any], String)
    {
        let run = try await Daemon.launch(
            binary, arguments + ["--json", "--progress", "0"],
            environment: ["DATABASE_URL": database.url].merging(environment.mapValues(Optional.some)) { $1 }
        ).finish(timeout: .seconds(300))
        return (run.status, report(run.stdout), run.stderr)
    }

    /// A run's `--json` report, empty when it printed none.
    static func report(_ stdout: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any] ?? [:]
    }

    @Test("2,000 mixed transfers: nothing lost or duplicated, every one decided, files delivered, cap held")
    func smallMixedRunAccountsForEveryTransfer() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let work = try makeTemporaryDirectory()
        let (status, report, stderr) = try await Self.run(
            database,
            [
                "--transfers", "2000", "--profile", "mixed", "--max-in-flight", "300", "--claim-batch", "100",
                "--file-entries", "700", "--ceiling-rows", "50000", "--ceiling-seconds", "1", "--floor-rows", "50000",
                "--floor-seconds", "1", "--work-dir", work,
            ])
        #expect(status == 0, "\(stderr)")
        #expect(report["transfers"] as? Int == 2000)
        #expect(report["lost"] as? Int == 0)
        #expect(report["duplicated"] as? Int == 0)
        let accepted: Int = report["accepted"] as? Int ?? -1
        let rejected: Int = report["rejected"] as? Int ?? -1
        let decided = accepted + rejected
        #expect(decided == 2000)
        // The mixed profile breaks a rule in ~5% of transfers: some, but far from all, are rejected.
        #expect((40...200).contains(rejected), "rejected \(rejected)")
        #expect((report["files"] as? Int ?? 0) > 2, "2,000 transfers at 700 entries a file, plus scheduled days")
        let inFlight = report["max_in_flight"] as? [String: Any] ?? [:]
        #expect(inFlight["cap"] as? Int == 300)
        #expect((1...300).contains(inFlight["observed"] as? Int ?? 0))
        #expect((report["ceiling_per_second"] as? Double ?? 0) > 0)
        #expect((report["floor_per_second"] as? Double ?? 0) > 0)
        #expect((report["ratio_to_floor"] as? Double ?? 0) > 0)
        let baselineTables = try await database.scalarInt(
            "SELECT count(*) FROM pg_class WHERE relname IN ('ceiling_transfers', 'floor_transfers', 'floor_events')")
        #expect(baselineTables == 0, "the baselines drop their own tables")
        #expect((report["transfers_per_second"] as? Double ?? 0) > 0)
        let latency = report["latency_ms"] as? [String: Any] ?? [:]
        let sent = latency["pending_to_sent"] as? [String: Any] ?? [:]
        #expect((sent["p99"] as? Double ?? 0) > 0)
        // The files themselves: every outbox file is OpenPGP, and the database saw every sent file.
        let outbox = try FileManager.default.contentsOfDirectory(atPath: work + "/outbox")
        #expect(!outbox.isEmpty && outbox.allSatisfy { $0.hasSuffix(".ach.pgp") })
        #expect(try await database.scalarInt("SELECT count(*) FROM ach_files WHERE status = 'sent'") == outbox.count)
        #expect(
            try await database.scalarInt("SELECT count(*) FROM transfers WHERE status NOT IN ('sent', 'rejected')") == 0
        )
    }

    @Test(
        "the accounting reads the files: one removed after delivery counts as lost, one copied as duplicated",
        arguments: [("drop-file", "lost"), ("copy-file", "duplicated")])
    func accountingCatchesWhatTheFilesDoNotMatch(fault: String, key: String) async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let (status, report, stderr) = try await Self.run(
            database,
            [
                "--transfers", "600", "--profile", "valid", "--file-entries", "250", "--ceiling-seconds", "0",
                "--floor-seconds", "0", "--work-dir", try makeTemporaryDirectory(),
            ],
            environment: ["ACH_LOADTEST_FAULT": fault])
        #expect(status == 1, "\(stderr)")
        #expect((report[key] as? Int ?? 0) >= 250, "\(key): \(report[key] ?? "missing")")
        #expect(report["accepted"] as? Int == 600, "the database itself is complete")
    }
}
