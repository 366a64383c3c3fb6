import CoreMetrics
import Metrics

/// The dispatcher's metrics. The backlog gauge is sampled by `QueueDepthSampler` with the queue.
struct CallbackMetrics: Sendable {
    let delivered = Counter(label: "ach_callback_deliveries_total", dimensions: [("outcome", "delivered")])
    let failed = Counter(label: "ach_callback_deliveries_total", dimensions: [("outcome", "failed")])
    let dead = Counter(label: "ach_callback_deliveries_total", dimensions: [("outcome", "dead")])
    let gone = Counter(label: "ach_callback_deliveries_total", dimensions: [("outcome", "gone")])
    /// One HTTP attempt, request to answer.
    let attemptDuration = Metrics.Timer(label: "ach_callback_attempt_duration_seconds")
    /// Status change to a 2xx from the receiver.
    let eventToDelivered = Metrics.Timer(label: "ach_callback_delivery_latency_seconds")
    let inFlight = Gauge(label: "ach_callback_in_flight")
    let queued = Counter(label: "ach_callback_events_queued_total")
}
