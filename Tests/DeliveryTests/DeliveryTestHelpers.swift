import Delivery
import Foundation
import TestSupport
import Testing

/// The `DeliveryError` that `body` throws, or nil (and a recorded issue) when it throws none.
func deliveryError(_ body: @escaping @Sendable () throws -> DeliveryOutcome) async -> DeliveryError? {
    await timedDeliveryError(body).error
}

/// Like `deliveryError`, with how long `body` itself ran.
func timedDeliveryError(_ body: @escaping @Sendable () throws -> DeliveryOutcome) async -> (
    error: DeliveryError?, duration: Duration
) {
    let (result, duration) = try! await onDispatchQueue { () -> (Result<DeliveryOutcome, any Error>, Duration) in
        let started = ContinuousClock.now
        let result = Result { try body() }
        return (result, ContinuousClock.now - started)
    }
    switch result {
    case .success(let outcome):
        Issue.record("expected a DeliveryError, got \(outcome)")
        return (nil, duration)
    case .failure(let error as DeliveryError):
        return (error, duration)
    case .failure(let error):
        Issue.record("expected a DeliveryError, got \(error)")
        return (nil, duration)
    }
}
