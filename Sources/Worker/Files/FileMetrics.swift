import CoreMetrics
import Store

/// What the file path counts, per destination, for `/metrics`: files assembled (and their
/// entries), assembly runs that failed (nothing of the destination is filed until the cause is
/// gone, so an operator must hear of it), files sent, and delivery attempts that failed — split
/// by whether the daemon retries them by itself or an operator has to (`retry files`). The files
/// waiting at any moment are the gauges `ach_files_undelivered` and `ach_files_failed`
/// (QueueDepthSampler).
struct FileMetrics: Sendable {
    private struct Destination: Sendable {
        let assembled: Counter
        let entries: Counter
        let assemblyFailures: Counter
        let sent: Counter
        let retried: Counter
        let failed: Counter
    }

    private let destinations: [String: Destination]

    /// `factory`: the process's metrics system unless a test passes its own; the counters bind to
    /// it here, so the daemon bootstraps its metrics before it makes its file coordinator.
    init(destinations names: [String], factory: any MetricsFactory) {
        var destinations: [String: Destination] = [:]
        for name in names {
            let destination = [("destination", name)]
            destinations[name] = Destination(
                assembled: Counter(label: "ach_files_assembled_total", dimensions: destination, factory: factory),
                entries: Counter(label: "ach_file_entries_assembled_total", dimensions: destination, factory: factory),
                assemblyFailures: Counter(
                    label: "ach_file_assembly_failures_total", dimensions: destination, factory: factory),
                sent: Counter(label: "ach_files_sent_total", dimensions: destination, factory: factory),
                retried: Counter(
                    label: "ach_file_delivery_failures_total", dimensions: destination + [("retried", "true")],
                    factory: factory),
                failed: Counter(
                    label: "ach_file_delivery_failures_total", dimensions: destination + [("retried", "false")],
                    factory: factory))
        }
        self.destinations = destinations
    }

    func assembled(_ file: FileRecord) {
        guard let counters = destinations[file.destination] else { return }
        counters.assembled.increment()
        counters.entries.increment(by: file.entryCount)
    }

    func assemblyFailed(destination: String) {
        destinations[destination]?.assemblyFailures.increment()
    }

    func delivered(_ report: FileDeliverer.Report, destination: String) {
        guard let counters = destinations[destination] else { return }
        counters.sent.increment(by: report.sent.count)
        for failure in report.failed {
            (failure.transient ? counters.retried : counters.failed).increment()
        }
    }
}
