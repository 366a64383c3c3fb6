import CoreMetrics
import Metrics

/// The pool's metrics through swift-metrics; the daemon bootstraps Prometheus behind them.
struct PoolMetrics: Sendable {
    let claimed = Counter(label: "ach_transfers_claimed_total")
    let accepted = Counter(label: "ach_transfers_completed_total", dimensions: [("outcome", "accepted")])
    let rejected = Counter(label: "ach_transfers_completed_total", dimensions: [("outcome", "rejected")])
    let retried = Counter(label: "ach_transfers_completed_total", dimensions: [("outcome", "retry")])
    let leaseLost = Counter(label: "ach_transfers_lease_lost_total")
    let reaped = Counter(label: "ach_transfers_reaped_total")
    let inFlight = Gauge(label: "ach_in_flight")
    let inFlightCap = Gauge(label: "ach_in_flight_cap")
    let claimDuration = Metrics.Timer(label: "ach_claim_duration_seconds")
    let flushDuration = Metrics.Timer(label: "ach_complete_flush_duration_seconds")
    let decideDuration = Metrics.Timer(label: "ach_validate_batch_duration_seconds")
    let pendingToDecided = Metrics.Timer(label: "ach_pending_to_decided_seconds")
    let databaseErrors = Counter(label: "ach_database_errors_total")

    func rejection(code: String) -> Counter {
        Counter(label: "ach_rejections_total", dimensions: [("code", code)])
    }
}
