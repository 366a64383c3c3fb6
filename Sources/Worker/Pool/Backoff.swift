/// Exponential backoff with full jitter, for reconnecting to PostgreSQL and retrying writes.
struct Backoff {
    var initial: Duration = .milliseconds(100)
    var maximum: Duration = .seconds(5)
    private(set) var failures = 0

    mutating func reset() { failures = 0 }

    /// Whether a failure now — before `next()` counts it — means PostgreSQL cannot be reached
    /// (for `/readyz`). The first since the last success does not: a connection that went stale
    /// while the server restarted fails once on its first use and is replaced by the retry a few
    /// milliseconds later. A claimer that sat idle through an outage (slots full) met that only
    /// after the others had finished the work, and the daemon reported itself unready with
    /// nothing wrong. A second failure in a row does.
    var nextFailureIsOutage: Bool { failures > 0 }

    /// The delay before the next attempt: random in [0, min(max, initial·2^failures)].
    mutating func next() -> Duration {
        let exponent = min(failures, 16)
        failures += 1
        let ceiling = min(maximum, initial * (1 << exponent))
        let millis = Int64(ceiling.components.seconds * 1000 + ceiling.components.attoseconds / 1_000_000_000_000_000)
        return .milliseconds(Int64.random(in: max(1, millis / 4)...max(1, millis)))
    }
}
