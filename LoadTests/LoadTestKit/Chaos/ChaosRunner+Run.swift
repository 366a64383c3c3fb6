import ACH
import Foundation
import Store
import Synchronization
import TestSupport
import Worker

extension ChaosRunner {
    /// Counts of what the schedule did, read by the progress line and the report.
    final class Tally: Sendable {
        let kills = AtomicCounter()
        /// Kills that hit a daemon while it had a connection open to the bank.
        let uploadKills = AtomicCounter()
        let pgRestarts = AtomicCounter()
        let sftpOutages = AtomicCounter()
        let receiverOutages = AtomicCounter()
        let unexpectedExits = AtomicCounter()
        /// Daemons down on purpose (killed, waiting for their restart): the supervisor leaves them.
        let down = Mutex<Set<Int>>([])
    }

    func chaos(_ stage: Stage, seed: UInt64, tag: String) async throws -> ChaosReport {
        let since = try await stage.connection.withSession { try LoadTestStore.now($0) }
        // The endpoint is registered before any transfer is decided, as the daemons do at start:
        // from then on every status change must reach the receiver.
        try await stage.connection.withSession {
            try CallbackEndpoints.sync($0, urls: [TransferGenerator.originator: stage.receiver.url])
        }
        for daemon in stage.daemons { try daemon.start() }

        let today = BankClock()!.localTime(at: Date()).date
        let seeder = Seeder(
            generator: TransferGenerator(profile: settings.profile, runTag: tag, today: today),
            connection: PGConnection(url: stage.url, label: "seed", logger: logger), total: settings.transfers,
            vault: try stage.configuration.accountVault())
        let duration = settings.durationSeconds
        let second = Calendar(identifier: .gregorian).component(.second, from: Date())
        let schedule = ChaosSchedule.make(
            seed: seed, duration: duration, kills: settings.kills, outage: settings.outageSeconds,
            firstBoundary: Double(60 - second))
        let tally = Tally()
        let started = ContinuousClock.now
        progress.say(
            "chaos for \(Int(duration)) s: \(number(settings.transfers)) transfers, \(settings.kills) kills, "
                + "1 PostgreSQL restart, SFTP and receiver down \(Int(settings.outageSeconds)) s each")
        let rate = max(1, Int(Double(settings.transfers) / (duration * 0.7)))
        let seeding = Task { try await seeder.steadyThroughOutages(rate: rate) }
        let stopSupervising = Latch()
        let supervisor = Task { await supervise(stage.daemons, tally: tally, until: stopSupervising) }
        let status: @Sendable () -> String = {
            let uploaded =
                (try? FileManager.default.contentsOfDirectory(atPath: stage.sftp.uploadDirectory))?.filter {
                    !$0.hasPrefix(".")
                }.count ?? 0
            return "enqueued \(number(seeder.enqueued.count))  kills \(tally.kills.count)"
                + "  pg restarts \(tally.pgRestarts.count)  uploaded files \(uploaded)"
                + "  daemons up \(stage.daemons.filter(\.isRunning).count)"
        }
        do {
            try await progress.while(status) {
                var watches: [Task<Void, Never>] = []
                for event in schedule.events {
                    let wait = event.at - (ContinuousClock.now - started).seconds
                    if wait > 0 { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
                    try await perform(event.action, stage: stage, tally: tally, watches: &watches)
                }
                for watch in watches { await watch.value }
                try await seeding.value
                progress.say("chaos over; waiting for the pool to decide everything")
                try await waitUntilDecided(stage, since: since)
            }
        } catch {
            seeding.cancel()
            stopSupervising.set()
            await supervisor.value
            throw error
        }
        // Let the last restart happen, then stop both daemons gracefully.
        let restarts = ContinuousClock.now + .seconds(15)
        while !tally.down.withLock({ $0.isEmpty }) && ContinuousClock.now < restarts {
            try await Task.sleep(for: .milliseconds(100))
        }
        stopSupervising.set()
        await supervisor.value
        var uncleanStops = 0
        for daemon in stage.daemons {
            let status = await daemon.terminate()
            if status != 0 {
                uncleanStops += 1
                progress.say("daemon \(daemon.index) stopped with status \(status.map(String.init) ?? "none")")
            }
        }
        let finish = try await finishAndAccount(stage, since: since)
        let elapsed = (ContinuousClock.now - started).seconds
        let r = finish.accounting.result
        return ChaosReport(
            transfers: settings.transfers, seed: seed, elapsedSeconds: elapsed, kills: tally.kills.count,
            killsPlanned: settings.kills, killsDuringUpload: tally.uploadKills.count,
            pgRestarts: tally.pgRestarts.count, sftpOutages: tally.sftpOutages.count,
            receiverOutages: tally.receiverOutages.count, unexpectedExits: tally.unexpectedExits.count,
            uncleanStops: uncleanStops + finish.uncleanStops, accepted: r.sent, rejected: r.rejected, files: r.files,
            entries: r.entries, uploadedFiles: finish.uploads.files,
            abandonedTemporaryFiles: finish.uploads.abandonedTemporaryFiles,
            callbacksExpected: finish.callbacks.expected, callbacksRequests: finish.callbacks.requests,
            lost: finish.accounting.lost, duplicatedEntries: r.entriesRepeated + r.entriesUnknown,
            duplicateUploads: finish.uploads.duplicateUploads, undeliveredEvents: finish.callbacks.undelivered,
            eventsMissing: r.eventsMissing, eventsRepeated: r.eventsRepeated,
            invalidFiles: finish.accounting.invalidFiles, fileTotalMismatches: r.fileTotalMismatches,
            filesNotSent: r.filesNotSent, unverifiedCallbacks: finish.callbacks.unverified)
    }

    private func perform(
        _ action: ChaosSchedule.Action, stage: Stage, tally: Tally, watches: inout [Task<Void, Never>]
    ) async throws {
        switch action {
        case .kill(let planned, let restartAfter):
            await kill(planned: planned, restartAfter: restartAfter, stage: stage, tally: tally)
        case .killUploader(let planned, let restartAfter, let watch):
            // Watched beside the rest of the schedule, which goes on meanwhile.
            let runner = self
            watches.append(
                Task {
                    await runner.killUploader(
                        planned: planned, restartAfter: restartAfter, watch: watch, stage: stage, tally: tally)
                })
        case .restartPostgres:
            progress.say("PostgreSQL: pg_ctl restart -m immediate")
            let script = try ProjectFiles.locate("LoadTests/postgres.sh")
            _ = try await Subprocess.output("/bin/bash", [script, "crash-restart"])
            tally.pgRestarts.add(1)
            progress.say("PostgreSQL is back")
        case .stopSFTP:
            progress.say("the bank's SFTP server goes down")
            try await stage.sftp.stop()
            tally.sftpOutages.add(1)
        case .startSFTP:
            try await stage.sftp.restart()
            progress.say("the bank's SFTP server is back")
        case .stopReceiver:
            progress.say("the webhook receiver goes down")
            await stage.receiver.stop()
            tally.receiverOutages.add(1)
        case .startReceiver:
            try await stage.receiver.start()
            progress.say("the webhook receiver is back")
        }
    }

    /// SIGKILLs the planned daemon (the other one while the planned one is down; while both
    /// are, it waits for a restart) and restarts it after `restartAfter` seconds, as systemd
    /// would.
    func kill(
        planned: Int, restartAfter: Double, stage: Stage, tally: Tally, why: String = "at a random moment"
    ) async {
        let deadline = ContinuousClock.now + .seconds(10)
        var chosen: ChaosDaemon?
        while chosen == nil && ContinuousClock.now < deadline {
            // Chosen and marked down in one step: two kills at once never pick the same daemon.
            chosen = tally.down.withLock { down in
                let candidates = stage.daemons.filter { $0.isRunning && !down.contains($0.index) }
                guard let victim = candidates.first(where: { $0.index == planned }) ?? candidates.first else {
                    return nil
                }
                down.insert(victim.index)
                return victim
            }
            if chosen == nil { try? await Task.sleep(for: .milliseconds(50)) }
        }
        guard let victim = chosen else {
            progress.say("no daemon came back within 10 s; this kill is skipped")
            return
        }
        await victim.kill()
        tally.kills.add(1)
        progress.say(
            "SIGKILL daemon \(victim.index) \(why) (kill \(tally.kills.count)); restart in "
                + String(format: "%.1f s", restartAfter))
        let progress = self.progress
        Task {
            try? await Task.sleep(for: .milliseconds(Int(restartAfter * 1000)))
            do {
                try victim.start()
            } catch {
                progress.say("cannot restart daemon \(victim.index): \(error)")
            }
            tally.down.withLock { _ = $0.remove(victim.index) }
        }
    }

    /// Watches for up to `watch` seconds for a daemon with a connection open to the bank and
    /// kills that one mid-upload; if none uploads meanwhile, kills the planned daemon.
    func killUploader(planned: Int, restartAfter: Double, watch: Double, stage: Stage, tally: Tally) async {
        let deadline = ContinuousClock.now + .milliseconds(Int(watch * 1000))
        while ContinuousClock.now < deadline {
            let busy = tally.down.withLock { $0 }
            if let uploader = UploadWatch.uploader(
                among: stage.daemons.filter { !busy.contains($0.index) }, sftpPort: stage.sftp.port)
            {
                tally.uploadKills.add(1)
                await kill(
                    planned: uploader.index, restartAfter: restartAfter, stage: stage, tally: tally,
                    why: "in the middle of an upload")
                return
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        await kill(
            planned: planned, restartAfter: restartAfter, stage: stage, tally: tally, why: "(no upload seen)")
    }

    /// A daemon that exits by itself (not killed by the schedule) is counted and restarted, as
    /// systemd would.
    private func supervise(_ daemons: [ChaosDaemon], tally: Tally, until stop: Latch) async {
        while !stop.isSet {
            try? await Task.sleep(for: .milliseconds(200))
            for daemon in daemons where !daemon.isRunning && !stop.isSet {
                guard !tally.down.withLock({ $0.contains(daemon.index) }) else { continue }
                tally.unexpectedExits.add(1)
                progress.say(
                    "daemon \(daemon.index) exited by itself (status \(daemon.unexpectedExit.map(String.init) ?? "?")); "
                        + "restarting it (log: \(daemon.log))")
                try? daemon.start()
            }
        }
    }

    /// Until no transfer of the run is pending or processing any more — also those waiting for a
    /// retry after a transient error (the database restart), whose `run_at` is still ahead and
    /// which the daemons' `--drain` condition would not wait for — riding out a database that may
    /// still be recovering.
    private func waitUntilDecided(_ stage: Stage, since: Double, timeout: Duration = .seconds(600)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let counts = try? await stage.connection.withSession({
                try LoadTestStore.statusCounts($0, originator: TransferGenerator.originator, since: since)
            }), counts["pending", default: 0] + counts["processing", default: 0] == 0 {
                return
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        throw LoadTestError(.pipelineStuck, "transfers still pending or processing after \(timeout)")
    }
}
