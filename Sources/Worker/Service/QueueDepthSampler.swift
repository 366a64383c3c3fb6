import CoreMetrics
import Logging
import Metrics
import ServiceLifecycle
import Store

/// Publishes the queue depth by active status, the callback backlog and the files waiting for
/// delivery or for an operator as gauges every few seconds. Only the statuses a transfer still
/// moves on from are counted, through their partial indexes: counting the final ones would read
/// the whole table — millions of finished rows — from every daemon each time.
public struct QueueDepthSampler: Service, CustomStringConvertible {
    let connection: PGConnection
    let interval: Duration
    let logger: Logger
    public var description: String { "QueueDepthSampler" }

    public init(databaseURL: String, interval: Duration = .seconds(5), logger: Logger) {
        self.connection = PGConnection(url: databaseURL, label: "queue-depth", logger: logger)
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        let gauges = Dictionary(
            uniqueKeysWithValues: QueueStatus.activeStatuses.map {
                ($0, Gauge(label: "ach_queue_depth", dimensions: [("status", $0)]))
            })
        let oldest = Gauge(label: "ach_oldest_pending_seconds")
        let callbackBacklog = Gauge(label: "ach_callback_backlog")
        let deadCallbacks = Gauge(label: "ach_callbacks_dead")
        let undeliveredFiles = Gauge(label: "ach_files_undelivered")
        let failedFiles = Gauge(label: "ach_files_failed")
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if let status = try? await connection.withSession({ try QueueStatus.load($0, finalCounts: false) }) {
                for (name, gauge) in gauges { gauge.record(status.counts[name] ?? 0) }
                oldest.record(status.oldestPendingSeconds)
                callbackBacklog.record(status.callbackBacklog ?? 0)
                deadCallbacks.record(status.deadCallbacks ?? 0)
                undeliveredFiles.record(status.undeliveredFiles)
                failedFiles.record(status.failedFiles)
            }
            try? await Task.sleep(for: interval)
        }
        await connection.close()
    }
}
