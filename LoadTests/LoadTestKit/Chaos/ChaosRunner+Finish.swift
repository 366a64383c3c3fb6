import Foundation
import Store
import TestSupport
import Worker

extension ChaosRunner {
    struct Finish: Sendable {
        var accounting: Accounting.Outcome
        var uploads: UploadAudit.Outcome
        var callbacks: CallbackAudit.Outcome
        var uncleanStops: Int
    }

    /// After the chaos, with the daemons stopped: deliver what waits in backoff and file what
    /// is left (scheduled days included) with the daemons' own code; let the daemons run once
    /// more until the receiver has every event; then read the bank's folder and the receiver's
    /// log against the database.
    func finishAndAccount(_ stage: Stage, since: Double) async throws -> Finish {
        progress.say("daemons stopped; delivering and filing what is left")
        let coordinator = try FileCoordinator(configuration: stage.configuration, actor: "ach-loadtest", logger: logger)
        // Files a daemon left waiting for a retry (after the SFTP outage) go now, not at their
        // backoff's end.
        var summary = await coordinator.run(assemble: false, ignoringBackoff: true)
        var attempts = 1
        while !summary.failures.isEmpty && attempts < 10 {
            try await Task.sleep(for: .seconds(2))
            summary = await coordinator.run(assemble: false, ignoringBackoff: true)
            attempts += 1
        }
        guard summary.failures.isEmpty else {
            throw LoadTestError(.pipelineStuck, "files not delivered: \(summary.failures.joined(separator: "; "))")
        }
        let files = FileCycle(
            coordinator: coordinator, connection: PGConnection(url: stage.url, label: "file-cycle", logger: logger),
            maxEntriesPerFile: settings.entriesPerFile, logger: logger)
        try await files.finish()

        let expected = try await stage.connection.withSession {
            try LoadTestCallbacks.expectedIDs(
                $0, originator: TransferGenerator.originator, destination: LoadTestConfiguration.destination,
                since: since)
        }
        progress.say("running the daemons again until the receiver has all \(number(expected.count)) events")
        let audit = CallbackAudit(log: stage.receiver.logPath)
        for daemon in stage.daemons { try daemon.start() }
        let deadline = ContinuousClock.now + .seconds(180)
        var callbacks = audit.compare(expected: expected)
        while callbacks.undelivered > 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .seconds(1))
            callbacks = audit.compare(expected: expected)
        }
        var uncleanStops = 0
        for daemon in stage.daemons where await daemon.terminate() != 0 { uncleanStops += 1 }
        await stage.receiver.stop()
        callbacks = audit.compare(expected: expected)

        progress.say("accounting: decrypting and reading back every file in the bank's folder")
        let folder = stage.sftp.uploadDirectory
        if let fault = AccountingFault.current { try fault.apply(to: folder) }
        let accounting = try await Accounting(connection: stage.connection, bankKey: stage.bankKey, outbox: folder).run(
            originator: TransferGenerator.originator, destination: LoadTestConfiguration.destination, since: since,
            seeded: settings.transfers)
        let uploads = try await UploadAudit(folder: folder, bankKey: stage.bankKey).run()
        return Finish(accounting: accounting, uploads: uploads, callbacks: callbacks, uncleanStops: uncleanStops)
    }
}
