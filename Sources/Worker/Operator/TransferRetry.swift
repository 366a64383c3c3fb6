import ACH
import Foundation
import Store

/// `ach-worker retry transfers`: `failed` and `rejected` transfers back to `pending` with a fresh
/// attempt budget. The pool validates them again like any new transfer.
///
/// It refuses anything that could pay twice: a transfer in a file (`batched`, `sent`, …), and a
/// rejected transfer for which a rule it was rejected for still fails — checked now, with the
/// same rules and database look-ups the pool uses (`RulesProcessor`).
public struct TransferRetry: OperatorOperation {
    public let command = "retry transfers"
    let filter: TransferFilter
    let references: TransferReferences
    let processor: RulesProcessor

    /// - Parameters:
    ///   - references: ids or idempotency keys; the other conditions narrow them further.
    ///   - filter: statuses, codes, originator, time range, limit.
    public init(references: [String], filter: TransferFilter, processor: RulesProcessor) throws {
        var filter = filter
        if !filter.codes.isEmpty {
            guard filter.statuses.isEmpty || filter.statuses.contains("rejected") else {
                throw OperatorError(
                    .usage, "--code selects rejected transfers; it cannot be combined with --status failed")
            }
            filter.statuses = ["rejected"]
        }
        let hasCondition =
            !filter.statuses.isEmpty || filter.originator != nil || filter.since != nil || filter.until != nil
        guard !references.isEmpty || hasCondition else {
            throw OperatorError(
                .usage, "say which transfers: ids or keys, --status, --code, --originator, --since or --until")
        }
        // Without ids or keys, a selection means the transfers an operator can retry.
        if references.isEmpty && filter.statuses.isEmpty { filter.statuses = ["failed"] }
        let named = TransferReferences(references: references)
        named.narrow(&filter)
        self.references = named
        self.filter = filter
        self.processor = processor
    }

    public func plan(_ session: PGSession) throws -> OperatorPlan {
        let rows = try OperatorTransfers.select(session, filter)
        let kept = Array(rows.prefix(filter.limit))
        let narrowed =
            !filter.statuses.isEmpty || filter.originator != nil || filter.since != nil || filter.until != nil
        let (toDecide, refused) = references.resolve(kept, narrowed: narrowed)
        return OperatorPlan(items: try decide(session, toDecide) + refused, truncated: rows.count > filter.limit)
    }

    public func recheck(_ session: PGSession, ids: [String]) throws -> [OperatorItem] {
        try decide(session, OperatorTransfers.lock(session, ids: ids.compactMap(UUID.init(uuidString:))))
    }

    public func apply(_ session: PGSession, ids: [String], actor: String, detail: String) throws -> Set<String> {
        let changed = try OperatorTransfers.requeue(
            session, ids: ids.compactMap(UUID.init(uuidString:)), actor: actor, detail: detail)
        return Set(changed.map { $0.uuidString.lowercased() })
    }

    func decide(_ session: PGSession, _ rows: [OperatorTransfer]) throws -> [OperatorItem] {
        let failing = try revalidate(session, rows.filter { $0.status == "rejected" })
        return rows.map { row in
            switch row.status {
            case "failed":
                var notes = ["used \(row.attempts) attempt(s)"]
                if let error = row.lastError { notes.append("last error: \(error)") }
                return TransferText.item(row, to: "pending", notes: notes)
            case "rejected":
                return decideRejected(row, failingNow: failing[row.id] ?? [])
            case "pending":
                if let event = row.lastEvent, event.action == command {
                    return TransferText.item(
                        row,
                        refusal: OperatorRefusal(
                            .alreadyRetried, "was already retried \(TransferText.byWhom(row)); it is pending"))
                }
                return TransferText.item(
                    row, refusal: OperatorRefusal(.alreadyQueued, "is pending: it is already waiting for a worker"))
            case "processing":
                return TransferText.item(
                    row,
                    refusal: OperatorRefusal(
                        .alreadyQueued,
                        "is being processed by \(row.leaseOwner ?? "a worker") (attempt \(row.attempts))"))
            case "accepted":
                return TransferText.item(
                    row, refusal: OperatorRefusal(.notRetryable, "is accepted and waits for its file: nothing to retry")
                )
            case "cancelled":
                return TransferText.item(
                    row,
                    refusal: OperatorRefusal(
                        .alreadyCancelled,
                        "was cancelled \(TransferText.byWhom(row)): a cancelled transfer is never retried"))
            default:  // batched, sent, settled, returned
                return TransferText.item(
                    row,
                    refusal: OperatorRefusal(
                        .wouldPayTwice,
                        "is \(row.status) (\(TransferText.filed(row))): it is already in a file for the bank, "
                            + "so retrying it could pay it twice"))
            }
        }
    }

    /// Refused while any rule it was rejected for still fails; otherwise retried, noting the rules
    /// that will reject it again for a new reason.
    func decideRejected(_ row: OperatorTransfer, failingNow: [Rejection]) -> OperatorItem {
        let original = Set(row.rejections.map(\.code))
        let still = failingNow.filter { original.contains($0.code) }
        guard still.isEmpty else {
            let details = still.map { "\($0.code): \($0.message)" }.joined(separator: "; ")
            return TransferText.item(
                row,
                refusal: OperatorRefusal(
                    .ruleStillFails,
                    "was rejected for \(TransferText.codes(row.rejections)) and "
                        + "\(still.count == 1 ? "this rule still fails" : "these rules still fail") — \(details)"))
        }
        var notes = [
            "was rejected for \(TransferText.codes(row.rejections)); \(original.count == 1 ? "it passes" : "they pass") now"
        ]
        let fresh = failingNow.filter { !original.contains($0.code) }
        if !fresh.isEmpty {
            notes.append("will be rejected again for \(TransferText.codes(fresh)) unless that changes first")
        }
        return TransferText.item(row, to: "pending", notes: notes)
    }

    /// Rejections each transfer gets if validated now, through the pool's own processor and
    /// look-ups, in batches as the pool claims them.
    func revalidate(_ session: PGSession, _ rows: [OperatorTransfer]) throws -> [UUID: [Rejection]] {
        var result: [UUID: [Rejection]] = [:]
        var start = 0
        while start < rows.count {
            let batch = rows[start..<min(start + 1000, rows.count)].map {
                ClaimedTransfer(transfer: $0.transfer, attempts: $0.attempts, createdAt: 0)
            }
            let context = try processor.loadContext(for: batch, session: session)
            for outcome in processor.decide(batch, context: context) {
                if case .rejected(let rejections) = outcome.decision { result[outcome.id] = rejections }
            }
            start += batch.count
        }
        return result
    }
}
