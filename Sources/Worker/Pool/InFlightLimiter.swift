import Synchronization

/// The process-wide in-flight cap.
///
/// A claimer *reserves* slots before it claims, so that the number of claimed-but-unfinished
/// transfers can never exceed the cap, even for a moment; once the claim returns, the
/// reservation becomes the transfers actually *held* (the rest is given back). A held slot is
/// freed when the transfer's outcome is written.
public final class InFlightLimiter: Sendable {
    private struct State {
        var reserved = 0
        var held = 0
        var highWater = 0
    }

    public let capacity: Int
    private let state = Mutex(State())

    public init(capacity: Int) {
        precondition(capacity > 0, "maxInFlight must be positive")
        self.capacity = capacity
    }

    /// Reserves up to `wanted` slots and returns how many it got (0 when full).
    public func reserve(upTo wanted: Int) -> Int {
        state.withLock { state in
            let granted = max(0, min(wanted, capacity - state.reserved - state.held))
            state.reserved += granted
            return granted
        }
    }

    /// Turns a reservation of `reserved` slots into `claimed` held transfers.
    public func commit(reserved: Int, claimed: Int) {
        precondition(claimed <= reserved, "claimed more transfers than slots reserved")
        state.withLock { state in
            state.reserved -= reserved
            state.held += claimed
            state.highWater = max(state.highWater, state.held)
        }
    }

    /// Frees `count` held slots (their outcomes are stored).
    public func release(_ count: Int) {
        guard count > 0 else { return }
        state.withLock { state in
            state.held -= count
            precondition(state.held >= 0, "released more in-flight slots than were held")
        }
    }

    /// Transfers claimed and not yet finished.
    public var inFlight: Int { state.withLock { $0.held } }
    /// The most transfers ever held at once, for tests and the load-test report.
    public var highWater: Int { state.withLock { $0.highWater } }
}
