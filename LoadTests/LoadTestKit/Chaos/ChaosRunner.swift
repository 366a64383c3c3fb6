import Foundation
import Logging
import Store
import TestSupport
import Worker

/// `ach-loadtest --chaos`: two real `ach-worker run` daemons on one database, a real sshd as the
/// bank and a real webhook receiver, with transfers offered steadily while the schedule kills
/// daemons, crash-restarts PostgreSQL and takes the bank and the receiver away for a while.
/// Then everything is stopped gracefully, what is still due is filed and told, and the bank's
/// folder, the receiver's log and the database are compared.
public struct ChaosRunner: Sendable {
    let settings: ChaosSettings
    let logger: Logger
    let progress: Progress

    public init(settings: ChaosSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
        self.progress = Progress(interval: settings.progressInterval)
    }

    /// Everything the run started, for the schedule and the clean-up.
    struct Stage: Sendable {
        let url: String
        let work: String
        let connection: PGConnection
        let sftp: SFTPTestServer
        let receiver: WebhookReceiverProcess
        let daemons: [ChaosDaemon]
        let bankKey: BankKey
        let configuration: WorkerConfiguration
        let gnupg: String
    }

    public func run() async throws -> ChaosReport {
        if let given = ProcessInfo.processInfo.environment["DATABASE_URL"], !given.isEmpty {
            throw LoadTestError(
                .databaseNotReady,
                "--chaos restarts PostgreSQL, so it runs its own cluster (LoadTests/postgres.sh): unset DATABASE_URL")
        }
        let seed = settings.seed ?? UInt64.random(in: 0...UInt64(UInt32.max))
        progress.say("chaos seed \(seed) (repeat with --seed \(seed))")
        progress.say("starting the local PostgreSQL (LoadTests/postgres.sh)")
        let url = try await LocalPostgres.start(fresh: true)
        let connection = PGConnection(url: url, label: "chaos", logger: logger)
        try await Migrator.migrate(connection, logger: logger)
        guard try await connection.withSession({ try LoadTestStore.unfinished($0) }) == 0 else {
            throw LoadTestError(.databaseNotReady, "transfers are pending or processing already")
        }

        let tag = String(format: "%06d", Int.random(in: 0..<1_000_000))
        let work = try settings.workDirectory ?? LoadTestRunner.defaultWorkDirectory(tag: "chaos-" + tag)
        for folder in ["archive", "receiver"] {
            try FileManager.default.createDirectory(atPath: work + "/" + folder, withIntermediateDirectories: true)
        }
        // Short paths under /tmp: gpg-agent's socket path must stay under 108 bytes, and the
        // SFTP user (not us, when we are root) must be able to reach the server's folder.
        let gnupg = try makeShortTemporaryDirectory()
        let sftpFolder = try makeShortTemporaryDirectory()
        let bankKey = try await BankKey.generate(into: work)
        let secret = try ChaosConfiguration.writeSecrets(work: work)
        progress.say("starting the bank's SFTP server and the webhook receiver")
        let sftp = try await SFTPTestServer.start(directory: sftpFolder)
        let receiver: WebhookReceiverProcess
        do {
            receiver = try await WebhookReceiverProcess.start(folder: work + "/receiver", secret: secret)
        } catch {
            try? await sftp.stop()
            throw error
        }
        let writer = ChaosConfiguration(
            databaseURL: url, work: work, sftp: sftp, receiverURL: receiver.url, bankKey: bankKey,
            maxEntriesPerFile: settings.entriesPerFile, connections: settings.connections,
            logLevel: settings.daemonLogLevel)
        var configs: [String] = []
        for index in 0..<2 {
            configs.append(
                try writer.write(index: index, metricsPort: try freeLoopbackPort(), gnupg: gnupg + "/d\(index)"))
        }
        // The runner files what is left at the end with the daemons' own configuration and
        // code (FileCoordinator), in a GnuPG folder of its own.
        var configuration = try WorkerConfiguration.load(path: configs[0], environment: [:])
        configuration.files.gnupgDirectory = gnupg + "/runner"
        let binary = try ChaosDaemon.locateBinary()
        let daemons = (0..<2).map {
            ChaosDaemon(index: $0, binary: binary, config: configs[$0], log: work + "/daemon-\($0).log")
        }
        let stage = Stage(
            url: url, work: work, connection: connection, sftp: sftp, receiver: receiver, daemons: daemons,
            bankKey: bankKey, configuration: configuration, gnupg: gnupg)
        do {
            let report = try await chaos(stage, seed: seed, tag: tag)
            let keep = !report.passed || settings.keepFiles
            await cleanUp(stage, sftpFolder: keep ? nil : sftpFolder)
            if keep { progress.say("the bank's folder is kept: \(sftp.uploadDirectory)") }
            if report.passed && !settings.keepFiles && settings.workDirectory == nil {
                try? FileManager.default.removeItem(atPath: work)
            }
            return report
        } catch {
            for daemon in daemons { await daemon.kill() }
            await cleanUp(stage, sftpFolder: nil)
            progress.say("the work folder is kept for inspection: \(work)")
            throw error
        }
    }

    private func cleanUp(_ stage: Stage, sftpFolder: String?) async {
        await stage.receiver.stop()
        try? await stage.sftp.stop()
        await stage.bankKey.remove()
        for home in ["d0", "d1", "runner"] {
            _ = try? await Subprocess.run(
                "gpgconf",
                [
                    "--homedir", stage.gnupg + "/" + home + "/" + LoadTestConfiguration.destination, "--kill",
                    "gpg-agent",
                ])
        }
        try? FileManager.default.removeItem(atPath: stage.gnupg)
        if let sftpFolder { try? FileManager.default.removeItem(atPath: sftpFolder) }
        await stage.connection.close()
    }
}
