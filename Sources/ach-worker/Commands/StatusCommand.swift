import ArgumentParser
import Foundation
import Store

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the queue (transfers by status, in flight, oldest pending) and what needs an operator.")

    @OptionGroup var options: CommonOptions
    @Flag(name: .long, help: "Print JSON.") var json = false

    func run() async throws {
        let configuration = try options.loadConfiguration()
        let logger = options.makeLogger(configuration)
        let status = try await withDatabase(configuration, logger: logger) { try QueueStatus.load($0) }
        if json {
            try printJSON(status)
            return
        }
        for name in QueueStatus.allStatuses {
            print("\(name.padding(toLength: 11, withPad: " ", startingAt: 0)) \(status.counts[name] ?? 0)")
        }
        print("in flight   \(status.inFlight)")
        print("due now     \(status.duePending)")
        print("oldest pending \(String(format: "%.1f", status.oldestPendingSeconds)) s")
        if status.expiredLeases > 0 { print("expired leases waiting to be reclaimed: \(status.expiredLeases)") }
        print("files waiting for delivery \(status.undeliveredFiles)")
        print("failed files \(status.failedFiles)" + (status.failedFiles > 0 ? "  (ach-worker retry files)" : ""))
        for file in status.recentFailedFiles {
            print("  \(file.name)  \(file.destination)  \(file.attempts) attempt(s): \(file.lastError ?? "")")
        }
        if let dead = status.deadCallbacks {
            print("callbacks waiting \(status.callbackBacklog ?? 0)")
            print("dead callbacks \(dead)" + (dead > 0 ? "  (ach-worker retry callbacks)" : ""))
        } else {
            print("dead callbacks n/a (no callback outbox yet)")
        }
        for endpoint in status.disabledCallbackEndpoints {
            print(
                "callback endpoint disabled: \(endpoint.originator) \(endpoint.url) since \(endpoint.disabledAt ?? "")"
                    + " (\(endpoint.disabledReason ?? "")); ach-worker callbacks enable \(endpoint.originator) --reason …"
            )
        }
        if (status.counts["failed"] ?? 0) > 0 {
            print("failed transfers can be retried: ach-worker retry transfers --status failed --reason …")
        }
    }
}
