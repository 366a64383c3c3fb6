import ACH
import Foundation
import Store

/// `ach-worker cancel`: a transfer that is not in a file yet becomes `cancelled` and is never
/// paid. Once batched, only the bank can reverse it, so that is refused.
///
/// Safe against the pool and the file assembler: both lock or guard the same rows, so either the
/// cancel comes first (the worker's result is discarded, the assembler skips the transfer) or
/// they do (the cancel then sees `batched` and refuses).
public struct TransferCancel: OperatorOperation {
    public let command = "cancel"
    let filter: TransferFilter
    let references: TransferReferences

    public init(references: [String], originator: String?) throws {
        guard !references.isEmpty else { throw OperatorError(.usage, "say which transfers: ids or keys") }
        var filter = TransferFilter()
        filter.originator = originator
        let named = TransferReferences(references: references)
        named.narrow(&filter)
        self.references = named
        self.filter = filter
    }

    public func plan(_ session: PGSession) throws -> OperatorPlan {
        let rows = try OperatorTransfers.select(session, filter)
        let (toDecide, refused) = references.resolve(
            Array(rows.prefix(filter.limit)), narrowed: filter.originator != nil)
        return OperatorPlan(items: toDecide.map(decide) + refused, truncated: rows.count > filter.limit)
    }

    public func recheck(_ session: PGSession, ids: [String]) throws -> [OperatorItem] {
        try OperatorTransfers.lock(session, ids: ids.compactMap(UUID.init(uuidString:))).map(decide)
    }

    public func apply(_ session: PGSession, ids: [String], actor: String, detail: String) throws -> Set<String> {
        let changed = try OperatorTransfers.cancel(
            session, ids: ids.compactMap(UUID.init(uuidString:)), actor: actor, detail: detail)
        return Set(changed.map { $0.uuidString.lowercased() })
    }

    func decide(_ row: OperatorTransfer) -> OperatorItem {
        switch row.status {
        case "pending", "failed":
            return TransferText.item(row, to: "cancelled")
        case "processing":
            return TransferText.item(
                row, to: "cancelled",
                notes: ["\(row.leaseOwner ?? "a worker") is validating it; its result will be discarded"])
        case "accepted":
            let day = row.resolvedEffectiveDate.map { " settling \($0)" } ?? ""
            return TransferText.item(
                row, to: "cancelled",
                notes: [
                    "gives its amount back to \(row.transfer.originator)'s daily \(row.transfer.direction.rawValue) "
                        + "exposure\(day)"
                ])
        case "rejected":
            return TransferText.item(
                row,
                refusal: OperatorRefusal(
                    .notCancellable,
                    "was rejected (\(TransferText.codes(row.rejections))): it will never be paid, so there is nothing to cancel"
                ))
        case "cancelled":
            return TransferText.item(
                row, refusal: OperatorRefusal(.alreadyCancelled, "was already cancelled \(TransferText.byWhom(row))"))
        default:  // batched, sent, settled, returned
            return TransferText.item(
                row,
                refusal: OperatorRefusal(
                    .tooLateToCancel,
                    "is \(row.status) (\(TransferText.filed(row))): too late to cancel here; ask the bank for a reversal"
                ))
        }
    }
}
