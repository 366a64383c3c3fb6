import Foundation
import Logging
import Store
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// PostgreSQL going away under a running daemon (SPEC §9): the daemon reports not-ready while it
/// cannot reach the database, reconnects by itself with backoff, and loses or repeats nothing.
/// Runs against a private cluster of its own, since it stops the server.
@Suite("PostgreSQL outages", .serialized)
struct DatabaseOutageTests {
    static var scripts: String { BankDeliveryTests.scriptsFolder }

    /// Runs `script` with scripts/lib.sh loaded. Its output goes to a file, not to a pipe, and
    /// every other descriptor the shell inherited is closed first: the PostgreSQL server it
    /// starts would otherwise inherit them and keep them open for its lifetime — this command's
    /// output pipe, and the pipes of every test running meanwhile (the test process's pipes are
    /// not close-on-exec), whose readers would then wait for end-of-file until the server stops.
    static func shell(_ script: String, _ arguments: String...) async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("outage-\(UUID()).log").path
        let closeInherited =
            "for fd in $(ls /proc/$$/fd); do [ \"$fd\" -gt 2 ] && eval \"exec $fd>&-\"; done 2>/dev/null"
        do {
            try await SFTPTestServer.run(
                "/bin/bash",
                [
                    "-c",
                    closeInherited + "; source \"\(scripts)/lib.sh\" && { " + script
                        + "; } </dev/null >\"\(log)\" 2>&1",
                    "_",
                ] + arguments)
        } catch {
            throw TestSetupError("\(error): \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        }
    }

    @Test(
        "the daemon is not ready while PostgreSQL is down, reconnects when it is back, and decides every transfer once")
    func serverStoppedAndStarted() async throws {
        let directory = try makeTemporaryDirectory()
        let port = String(try freeLoopbackPort())
        try await Self.shell("start_postgres \"$1\" \"$2\" && create_database \"$PG_ADMIN_URL\" ach", directory, port)
        do {
            try await outage(directory: directory, port: port)
        } catch {
            try? await Self.shell("stop_postgres \"$1\"", directory)
            throw error
        }
        try await Self.shell("stop_postgres \"$1\"", directory)
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func outage(directory: String, port: String) async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let database = TestDatabase(
            name: "ach", url: "postgresql://postgres@127.0.0.1:\(port)/ach",
            adminURL: "postgresql://postgres@127.0.0.1:\(port)/postgres", logger: logger)
        let connection = database.connect("migrate")
        try await Migrator.migrate(connection, logger: logger)
        await connection.close()
        try await Fixtures.seed(database, Fixtures.transfers(8_000))

        let metricsPort = try freeLoopbackPort()
        // Short leases: a claim cut off at its commit leaves its transfers leased to this daemon
        // without its knowing; they come back when the lease expires.
        let config = try Daemon.writeConfig(
            database, metricsPort: metricsPort,
            extra: """
                pool:
                  claimBatchSize: 200
                  maxInFlight: 2000
                  leaseSeconds: 10
                  processingTimeoutSeconds: 5
                  reapIntervalSeconds: 1
                """)
        let daemon = try Daemon.start(["run"], config: config, environment: ["ACH_WORKER_FAULT_DECIDE_DELAY_MS": "5"])
        defer { if daemon.process.isRunning { daemon.signal(SIGKILL) } }
        let readyz = "http://127.0.0.1:\(metricsPort)/readyz"
        let started = ContinuousClock.now
        while try await database.scalarInt("SELECT count(*) FROM transfers WHERE status <> 'pending'") < 1_500 {
            guard ContinuousClock.now - started < .seconds(30) else {
                throw TestSetupError("the daemon decided fewer than 1,500 transfers in 30 s")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await ObservabilityTests.get(readyz).0 == 200)

        // A crash of the server, as `pg_ctl stop -m immediate` makes it, in the middle of the run.
        try await Self.shell("as_pg \"$(pg_bin)/pg_ctl\" -D \"$1/data\" -m immediate -w stop", directory)
        var sawNotReady = false
        for _ in 0..<150 where !sawNotReady {
            try await Task.sleep(for: .milliseconds(100))
            sawNotReady = (try? await ObservabilityTests.get(readyz).0) == 503
        }
        #expect(sawNotReady, "/readyz never said 503 while PostgreSQL was down")
        // Long enough for the retry delays to grow: 0.1 s doubling, so by the fifth failure a
        // delay is drawn from [0.4 s, 1.6 s]; retries at a fixed pace would stay at 0.1 s.
        try await Task.sleep(for: .seconds(6))
        #expect(daemon.process.isRunning, "the daemon must ride out the outage, not exit")
        #expect((try? await ObservabilityTests.get(readyz).0) == 503)

        try await Self.shell("start_postgres \"$1\" \"$2\"", directory, port)
        // Ready again within about a second of the restart: the suspects' lane claims once a
        // second without backing off and re-marks the pool ready. The claimers, after this long
        // an outage, sleep up to 5 s between tries; before the lane did it, /readyz could say 503
        // for that long with the database back (two of four CI runs saw it after the last
        // decision, when no claimer had work left).
        let restarted = ContinuousClock.now
        var readyAgain = false
        while !readyAgain && ContinuousClock.now - restarted < .seconds(10) {
            readyAgain = (try? await ObservabilityTests.get(readyz).0) == 200
            if !readyAgain { try await Task.sleep(for: .milliseconds(100)) }
        }
        let readyIn = ContinuousClock.now - restarted
        #expect(readyIn < .seconds(3), "/readyz said 200 \(readyIn) after PostgreSQL was back")
        var decided = 0
        for _ in 0..<1_200 where decided < 8_000 {
            try await Task.sleep(for: .milliseconds(100))
            decided =
                (try? await database.scalarInt(
                    "SELECT count(*) FROM transfers WHERE status IN ('accepted', 'rejected', 'batched', 'sent')")) ?? 0
        }
        #expect(decided == 8_000)
        // Still ready once the work is done (the daemon's log is printed below if not).
        let readyAtEnd = try await ObservabilityTests.get(readyz).0
        daemon.signal(SIGTERM)
        let run = await daemon.finish()
        #expect(readyAtEnd == 200, "the daemon's log:\n\(run.stderr.suffix(6000))")
        #expect(run.status == 0)
        let delays = Self.retryDelays(run.stderr)
        #expect(delays.count >= 3, "claims or writes failed and were retried while the server was down")
        #expect((delays.max() ?? 0) > 0.4, "the retry delay grew (backoff): \(delays)")
        #expect(
            try await database.scalarInt(
                """
                SELECT count(*) FROM (SELECT transfer_id FROM transfer_events
                                       WHERE to_status IN ('accepted', 'rejected')
                                       GROUP BY transfer_id HAVING count(*) <> 1) x
                """) == 0)
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'failed'") == 0)
    }

    /// The `retry_in` of every retry warning of the pool in a daemon's log, in seconds: the
    /// claimers' ("claim failed") and, when the in-flight cap was reached and claimers only wait,
    /// the completer's ("could not write outcomes").
    static func retryDelays(_ log: String) -> [Double] {
        log.split(separator: "\n").filter {
            $0.contains("claim failed") || $0.contains("could not write outcomes")
        }.compactMap { line in
            guard let range = line.range(of: "retry_in=") else { return nil }
            return Double(line[range.upperBound...].prefix { $0.isNumber || $0 == "." || $0 == "e" || $0 == "-" })
        }
    }
}
