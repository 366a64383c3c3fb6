import ACH
import Foundation
import Logging
import ServiceLifecycle

/// The daemon's file schedule: at each destination's cutoffs (banking days, bank-local time) it
/// assembles and delivers; in between it retries deliveries that failed for a transient reason,
/// and at start-up it delivers whatever a previous run archived but did not send.
public struct FileService: Service, CustomStringConvertible {
    let coordinator: FileCoordinator
    let schedules: [String: (clock: BankClock, cutoffs: [TimeOfDay])]
    let retryInterval: Duration
    let logger: Logger
    public var description: String { "FileService" }

    public init(coordinator: FileCoordinator, configuration: WorkerConfiguration, logger: Logger) {
        self.coordinator = coordinator
        var schedules: [String: (BankClock, [TimeOfDay])] = [:]
        for (name, destination) in configuration.destinations {
            guard let clock = BankClock(identifier: destination.timeZone) else { continue }
            let cutoffs = destination.cutoffs.compactMap { TimeOfDay($0) }.sorted()
            schedules[name] = (clock, cutoffs)
        }
        self.schedules = schedules
        self.retryInterval = .seconds(10)
        self.logger = logger
    }

    public func run() async throws {
        _ = await coordinator.run(assemble: false)
        // A daemon that died just after a cutoff, before its next check, has not assembled that
        // cutoff's files; restarted (systemd: seconds later) it would wait for the next cutoff,
        // hours away. So a cutoff of the last check interval before start-up counts as due now.
        // If another daemon did assemble at it, this finds only what was accepted since.
        var lastCheck = Date() - Double(retryInterval.components.seconds) - 5
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await sleepUnlessShuttingDown(retryInterval)
            let now = Date()
            let due = schedules.filter { _, schedule in
                Self.cutoffPassed(between: lastCheck, and: now, clock: schedule.clock, cutoffs: schedule.cutoffs)
            }.map(\.key)
            lastCheck = now
            if !due.isEmpty {
                logger.info("cutoff reached; assembling files", metadata: ["destinations": "\(due.sorted())"])
                _ = await coordinator.run(destinations: due.sorted(), assemble: true)
            }
            _ = await coordinator.run(assemble: false)
        }
    }

    private func sleepUnlessShuttingDown(_ duration: Duration) async {
        let deadline = ContinuousClock.now + duration
        while !Task.isShuttingDownGracefully && !Task.isCancelled && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    /// True when a cutoff of a banking day fell in (from, to].
    static func cutoffPassed(between from: Date, and to: Date, clock: BankClock, cutoffs: [TimeOfDay]) -> Bool {
        let start = clock.localTime(at: from)
        let end = clock.localTime(at: to)
        var day = start.date
        while day <= end.date {
            if BankingCalendar.federalReserve.isBankingDay(day) {
                for cutoff in cutoffs {
                    let moment = BankLocalTime(date: day, time: cutoff)
                    if start < moment && moment <= end { return true }
                }
            }
            day = day.adding(days: 1)
        }
        return false
    }
}
