import Foundation

/// The webhook receiver's log against the callback events the database holds: an event counts
/// as delivered only when the receiver recorded a request with its `webhook-id` whose signature
/// the independent `standardwebhooks` implementation verified and which it answered with a 2xx.
/// The receiver writes its log line before it answers, so nothing the daemons count as
/// delivered is missing from it.
struct CallbackAudit: Sendable {
    struct Outcome: Sendable {
        var expected = 0
        /// Expected events with a verified 2xx delivery.
        var delivered = 0
        /// Requests whose signature did not verify.
        var unverified = 0
        /// Requests received in all (retries and repeats included).
        var requests = 0
        var undelivered: Int { expected - delivered }
    }

    let log: String

    /// The ids with a verified 2xx delivery, and the count of requests that failed verification.
    func received() -> (ids: Set<String>, unverified: Int, requests: Int) {
        guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return ([], 0, 0) }
        var ids: Set<String> = []
        var unverified = 0
        var requests = 0
        for line in text.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                continue
            }
            requests += 1
            let verified = object["verified"] as? Bool ?? false
            if !verified { unverified += 1 }
            if verified, let status = object["answered"] as? Int, (200..<300).contains(status),
                let id = object["id"] as? String
            {
                ids.insert(id)
            }
        }
        return (ids, unverified, requests)
    }

    func compare(expected: [String]) -> Outcome {
        let (ids, unverified, requests) = received()
        let delivered = Set(expected).intersection(ids).count
        return Outcome(expected: Set(expected).count, delivered: delivered, unverified: unverified, requests: requests)
    }
}
