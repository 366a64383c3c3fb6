import CoreMetrics
import Foundation
import Logging
import Notifications
import Store

extension CallbackDispatcher {
    /// One HTTP attempt and its record. If recording fails, the lease runs out and the event is
    /// attempted again: at least once, never lost.
    func attempt(_ delivery: ClaimedDelivery) async {
        var logger = self.logger
        logger[metadataKey: "webhook_id"] = "\(delivery.id)"
        logger[metadataKey: "originator"] = "\(delivery.originator)"
        logger[metadataKey: "event_type"] = "\(delivery.eventType)"
        if let transfer = delivery.transferID { logger[metadataKey: "transfer_id"] = "\(transfer)" }
        guard let target = targets[delivery.originator] else { return }
        let started = ContinuousClock.now
        let answer = await sender.send(
            url: target.url, id: delivery.id, body: delivery.body, secret: target.secret,
            timestamp: Int(Date().timeIntervalSince1970), timeoutMilliseconds: settings.timeoutMilliseconds)
        metrics.attemptDuration.recordNanoseconds(Self.nanoseconds(ContinuousClock.now - started))
        let outcome = outcome(of: answer, attempts: delivery.attempts + 1)
        let owner = self.owner
        var status: String?
        for tries in 1...3 {
            do {
                status = try await results.withSession {
                    try CallbackDeliveries.record($0, id: delivery.id, owner: owner, outcome: outcome)
                }
                break
            } catch {
                logger.warning("cannot record a callback attempt", metadata: ["error": "\(error)", "try": "\(tries)"])
                try? await Task.sleep(for: .milliseconds(200 * tries))
            }
        }
        switch (outcome, status) {
        case (.delivered, _):
            metrics.delivered.increment()
            metrics.eventToDelivered.recordNanoseconds(
                Int64((delivery.ageSeconds * 1e9).rounded()) + Self.nanoseconds(ContinuousClock.now - started))
        case (.gone, _):
            metrics.gone.increment()
            logger.warning("callback receiver answered 410 Gone: endpoint disabled until re-enabled")
        case (.failed(_, let error, _, _), "dead"):
            metrics.dead.increment()
            logger.warning("callback is dead: no success within the maximum age", metadata: ["error": "\(error)"])
        case (.failed(_, let error, let retry, _), _):
            metrics.failed.increment()
            logger.debug(
                "callback attempt failed", metadata: ["error": "\(error)", "retry_in_ms": "\(retry)"])
        }
    }

    func outcome(of answer: WebhookAnswer, attempts: Int) -> CallbackOutcome {
        let retry = backoff.delayMilliseconds(afterAttempts: attempts)
        switch answer {
        case .status(let code) where (200..<300).contains(code):
            return .delivered(statusCode: code)
        case .status(410):
            return .gone
        case .status(let code):
            return .failed(
                statusCode: code, error: "HTTP \(code)", retryAfterMilliseconds: retry,
                maxAgeSeconds: settings.maxAgeSeconds)
        case .noAnswer(let error):
            return .failed(
                statusCode: nil, error: error, retryAfterMilliseconds: retry, maxAgeSeconds: settings.maxAgeSeconds)
        }
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}
