import ACH
import Foundation
import Logging
import Store
import Worker

/// File assembly and delivery during and after a run, through the daemon's own
/// `FileCoordinator` (advisory lock, archive, OpenPGP, outbox).
///
/// While the pool runs, a file is assembled as soon as a full one (`maxEntriesPerFile`) is due,
/// as a busy bank's cutoffs would; once the pool is done, the rest goes out, and transfers
/// scheduled for later days are filed at those days' windows (the clock is moved forward for
/// assembly only: each such file is dated the banking day before its entries settle).
struct FileCycle: Sendable {
    let coordinator: FileCoordinator
    let connection: PGConnection
    let maxEntriesPerFile: Int
    let logger: Logger
    let clock = BankClock()!
    let calendar = BankingCalendar.federalReserve

    init(coordinator: FileCoordinator, connection: PGConnection, maxEntriesPerFile: Int, logger: Logger) {
        self.coordinator = coordinator
        self.connection = connection
        self.maxEntriesPerFile = maxEntriesPerFile
        self.logger = logger
    }

    /// Assembles and delivers full files until `stop` is set. `accepted` is the pool's running
    /// count of accepted transfers: the database is asked what is due only once about a file's
    /// worth was accepted since the last look, so that polling does not load the server.
    func whileRunning(accepted: @escaping @Sendable () -> Int, until stop: @escaping @Sendable () -> Bool)
        async throws
    {
        let originators = [TransferGenerator.originator]
        var baseline = 0
        while !stop() {
            guard accepted() - baseline >= maxEntriesPerFile * 9 / 10 else {
                try await Task.sleep(for: .milliseconds(250))
                continue
            }
            let today = clock.localTime(at: Date()).date
            let horizon = calendar.nextBankingDay(after: today)
            let due = try await connection.withSession {
                try LoadTestStore.dueAcceptedEntries($0, originators: originators, horizon: horizon)
            }
            if due >= maxEntriesPerFile {
                try requireNoFailures(await coordinator.run(fullFilesOnly: true))
                let left = try await connection.withSession {
                    try LoadTestStore.dueAcceptedEntries($0, originators: originators, horizon: horizon)
                }
                baseline = accepted() - left
            } else {
                try await Task.sleep(for: .milliseconds(250))
            }
        }
    }

    /// Files everything accepted: what is due now, then each later settlement day's window.
    func finish() async throws {
        try requireNoFailures(await coordinator.run())
        let originators = [TransferGenerator.originator]
        var windows = 0
        while let date = try await connection.withSession({
            try LoadTestStore.earliestWaiting($0, originators: originators)
        }) {
            windows += 1
            guard windows <= 60 else {
                throw LoadTestError(.pipelineStuck, "transfers settling on \(date) are still not filed")
            }
            let day = calendar.previousBankingDay(before: date)
            let now = clock.instant(at: BankLocalTime(date: day, secondOfDay: 12 * 3600))
            logger.info("filing scheduled transfers at a later window", metadata: ["window": "\(day)"])
            try requireNoFailures(await coordinator.run(now: max(now, Date())))
        }
    }

    private func requireNoFailures(_ summary: FileCoordinator.Summary) throws {
        guard summary.failures.isEmpty else {
            throw LoadTestError(
                .pipelineStuck, "file assembly or delivery failed: \(summary.failures.joined(separator: "; "))")
        }
    }
}
