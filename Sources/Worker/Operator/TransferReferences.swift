import ACH
import Foundation
import Store

/// Transfers named on the command line by id or idempotency key.
///
/// A key is unique per originator only, so one key may name several payments; acting on all of
/// them because an operator typed a key would be a surprise with money attached. Such a key is
/// refused until the operator gives the id or `--originator`.
struct TransferReferences: Sendable {
    let references: [String]

    /// Adds the references to `filter`: a reference that reads as a uuid may be an id or a key.
    func narrow(_ filter: inout TransferFilter) {
        for reference in references {
            if let id = UUID(uuidString: reference) { filter.ids.append(id) }
            filter.keys.append(reference)
        }
    }

    /// Splits `rows` into those to decide on and refusals: references that matched nothing, and
    /// every transfer of an ambiguous key. Without references every row is to be decided.
    func resolve(_ rows: [OperatorTransfer], narrowed: Bool) -> (rows: [OperatorTransfer], refused: [OperatorItem]) {
        guard !references.isEmpty else { return (rows, []) }
        var refused: [OperatorItem] = []
        var excluded = Set<UUID>()
        for reference in references {
            let matches = rows.filter {
                $0.id.uuidString.caseInsensitiveCompare(reference) == .orderedSame
                    || $0.transfer.idempotencyKey == reference
            }
            if matches.isEmpty {
                let message =
                    "no transfer has id or idempotency key \"\(reference)\""
                    + (narrowed ? " and matches the other conditions" : "")
                refused.append(
                    OperatorItem(
                        kind: .transfer, id: reference, label: reference, owner: nil, status: "",
                        refusal: OperatorRefusal(.notFound, message)))
            } else if matches.count > 1 {
                let originators = matches.map(\.transfer.originator).joined(separator: ", ")
                for row in matches where excluded.insert(row.id).inserted {
                    refused.append(
                        TransferText.item(
                            row,
                            refusal: OperatorRefusal(
                                .ambiguous,
                                "\"\(reference)\" names \(matches.count) transfers (originators \(originators)): "
                                    + "give the id, or --originator")))
                }
            }
        }
        return (rows.filter { !excluded.contains($0.id) }, refused)
    }
}

/// Sentences about transfers, shared by `retry transfers` and `cancel`.
enum TransferText {
    static func item(
        _ row: OperatorTransfer, to newStatus: String? = nil, refusal: OperatorRefusal? = nil, notes: [String] = []
    ) -> OperatorItem {
        OperatorItem(
            kind: .transfer, id: row.id.uuidString.lowercased(), label: row.transfer.idempotencyKey,
            owner: row.transfer.originator, status: row.status, newStatus: refusal == nil ? newStatus : nil,
            refusal: refusal, notes: notes)
    }

    /// "file demo-bank-20261123-A.ach, trace 091000010000001".
    static func filed(_ row: OperatorTransfer) -> String {
        var parts: [String] = []
        if let name = row.fileName { parts.append("file \(name)") }
        if !row.traceNumbers.isEmpty {
            parts.append(
                (row.traceNumbers.count == 1 ? "trace " : "traces ") + row.traceNumbers.joined(separator: ", "))
        }
        return parts.joined(separator: ", ")
    }

    /// "by alice at 2026-11-22T10:00:00Z", from the newest event.
    static func byWhom(_ row: OperatorTransfer) -> String {
        guard let event = row.lastEvent else { return "" }
        return "by \(OperatorIdentity.display(actor: event.actor)) at \(event.at)"
    }

    static func codes(_ rejections: [Rejection]) -> String {
        rejections.map(\.code).joined(separator: ", ")
    }
}
