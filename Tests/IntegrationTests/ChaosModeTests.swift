import Foundation
import TestSupport
import Testing

/// `ach-loadtest --chaos`, small: two real daemons killed and restarted, PostgreSQL
/// crash-restarted, the SFTP server and the webhook receiver down for a while — and nothing lost,
/// paid twice, uploaded twice or left untold. Runs on a private PostgreSQL cluster (the run
/// restarts it), shared by the two tests and stopped after each.
@Suite("ach-loadtest --chaos", .serialized)
struct ChaosModeTests {
    static let clusterDirectory = "/tmp/ach-chaos-pg-\(UUID().uuidString.prefix(8).lowercased())"
    static let clusterPort = (try? freeLoopbackPort()) ?? 54_352

    static var projectFolder: String {
        URL(fileURLWithPath: BankDeliveryTests.scriptsFolder).deletingLastPathComponent().path
    }

    /// Changes to the test runner's environment for a chaos run (nil removes a variable).
    static var environment: [String: String?] {
        [
            "DATABASE_URL": nil, "ACH_LOADTEST_PG_DIR": clusterDirectory, "ACH_LOADTEST_PG_PORT": String(clusterPort),
            "ACH_LOADTEST_PYTHON": ProcessInfo.processInfo.environment["ACH_TEST_PYTHON"],
        ]
    }

    /// Runs `ach-loadtest --chaos … --json` and returns its status, report and stderr; stops the
    /// cluster afterwards.
    static func chaos(_ arguments: [String], environment extra: [String: String] = [:]) async throws
        -> (Int32, [String: Any], String)
    {
        let run = try await Daemon.launch(
            LoadTestRunnerTests.binary, ["--chaos"] + arguments + ["--json", "--progress", "1"],
            environment: environment.merging(extra.mapValues(Optional.some)) { $1 }, in: projectFolder
        ).finish(timeout: .seconds(400))
        // Stopped with the same folder and port: without them the script would stop the default
        // cluster in .local/loadtest-pg, which a load test outside the suite may be using.
        try? await SFTPTestServer.run(
            "/usr/bin/env",
            [
                "ACH_LOADTEST_PG_DIR=\(clusterDirectory)", "ACH_LOADTEST_PG_PORT=\(clusterPort)", "/bin/bash",
                projectFolder + "/LoadTests/postgres.sh", "stop",
            ])
        return (run.status, LoadTestRunnerTests.report(run.stdout), run.stderr)
    }

    @Test("3,000 transfers through kills, a PostgreSQL crash-restart and outages: nothing lost, twice or untold")
    func smallChaosRunLosesAndRepeatsNothing() async throws {
        let (status, report, stderr) = try await Self.chaos([
            "--transfers", "3000", "--kills", "6", "--chaos-seconds", "40", "--outage-seconds", "5",
            "--file-entries", "250", "--seed", "7", "--work-dir", try makeTemporaryDirectory(),
        ])
        #expect(status == 0, "report: \(report)\n\(stderr.suffix(4000))")
        #expect(report["kills"] as? Int == 6)
        #expect(report["pg_restarts"] as? Int == 1)
        #expect(report["sftp_outages"] as? Int == 1)
        #expect(report["receiver_outages"] as? Int == 1)
        for key in ["lost", "duplicated_entries", "duplicate_uploads", "undelivered_events"] {
            #expect(report[key] as? Int == 0, "\(key): \(report[key] ?? "missing")")
        }
        #expect((report["accepted"] as? Int ?? 0) + (report["rejected"] as? Int ?? 0) == 3000)
        #expect((report["files"] as? Int ?? 0) >= 3)
        #expect((report["callbacks_expected"] as? Int ?? 0) > 6000, "accepted, batched, sent or rejected, files")
        #expect(report["seed"] as? Int == 7)
    }

    @Test("the chaos accounting reads the bank's folder: a file there twice is a duplicate upload")
    func aFileUploadedTwiceIsCounted() async throws {
        let (status, report, stderr) = try await Self.chaos(
            [
                "--transfers", "500", "--profile", "valid", "--kills", "2", "--chaos-seconds", "12",
                "--outage-seconds", "2", "--file-entries", "200", "--work-dir", try makeTemporaryDirectory(),
            ],
            environment: ["ACH_LOADTEST_FAULT": "copy-file"])
        #expect(status == 1, "\(stderr.suffix(4000))")
        #expect(report["duplicate_uploads"] as? Int == 1)
        #expect((report["duplicated_entries"] as? Int ?? 0) > 0, "the copy's entries are there twice")
        #expect(report["lost"] as? Int == 0)
        #expect(report["undelivered_events"] as? Int == 0)
    }
}
