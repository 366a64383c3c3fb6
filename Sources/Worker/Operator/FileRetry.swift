import Foundation
import Store

/// `ach-worker retry files`: files whose delivery failed for a reason retrying would not fix
/// (host key, authentication, a different file already at the bank) go back to `archived`, due
/// now, once the operator has fixed the cause. The daemon — or `flush`, or `--deliver` — sends
/// the very bytes archived before the first attempt; a file is never assembled twice.
public struct FileRetry: OperatorOperation {
    public let command = "retry files"
    let filter: FileFilter
    let references: [String]

    /// - Parameters:
    ///   - references: file ids or names.
    ///   - all: every failed file (with the other conditions).
    public init(references: [String], all: Bool, filter: FileFilter) throws {
        var filter = filter
        guard !references.isEmpty || all || filter.destination != nil || filter.since != nil || filter.until != nil
        else {
            throw OperatorError(.usage, "say which files: ids or names, --destination, --since, --until or --all")
        }
        if references.isEmpty { filter.statuses = ["failed"] }
        for reference in references {
            if let id = UUID(uuidString: reference) { filter.ids.append(id) }
            filter.names.append(reference)
        }
        self.filter = filter
        self.references = references
    }

    public func plan(_ session: PGSession) throws -> OperatorPlan {
        let rows = try OperatorFiles.select(session, filter)
        let kept = Array(rows.prefix(filter.limit))
        var refused: [OperatorItem] = []
        for reference in references {
            let matched = kept.contains {
                $0.record.id.uuidString.caseInsensitiveCompare(reference) == .orderedSame || $0.record.name == reference
            }
            if !matched {
                let narrowed = filter.destination != nil || filter.since != nil || filter.until != nil
                refused.append(
                    OperatorItem(
                        kind: .file, id: reference, label: reference, owner: nil, status: "",
                        refusal: OperatorRefusal(
                            .notFound,
                            "no file has id or name \"\(reference)\""
                                + (narrowed ? " and matches the other conditions" : ""))))
            }
        }
        return OperatorPlan(items: kept.map(decide) + refused, truncated: rows.count > filter.limit)
    }

    public func recheck(_ session: PGSession, ids: [String]) throws -> [OperatorItem] {
        try OperatorFiles.lock(session, ids: ids.compactMap(UUID.init(uuidString:))).map(decide)
    }

    public func apply(_ session: PGSession, ids: [String], actor: String, detail: String) throws -> Set<String> {
        let changed = try OperatorFiles.requeue(
            session, ids: ids.compactMap(UUID.init(uuidString:)), actor: actor, detail: detail)
        return Set(changed.map { $0.uuidString.lowercased() })
    }

    func decide(_ file: OperatorFile) -> OperatorItem {
        let record = file.record
        var item = OperatorItem(
            kind: .file, id: record.id.uuidString.lowercased(), label: record.name, owner: record.destination,
            status: record.status)
        switch record.status {
        case "failed":
            item.newStatus = "archived"
            item.notes = ["\(record.attempts) failed attempt(s)"]
            if let error = record.lastError { item.notes.append("last error: \(error)") }
        case "sent":
            item.refusal = OperatorRefusal(
                .wouldDeliverTwice,
                "was delivered at \(record.sentAt ?? "an earlier attempt"): sending it again would deliver it twice")
        default:  // archived
            if let event = file.lastEvent, event.action == command {
                item.refusal = OperatorRefusal(
                    .alreadyRetried,
                    "was already retried by \(OperatorIdentity.display(actor: event.actor)) at \(event.at) "
                        + "and waits for delivery")
            } else {
                item.refusal = OperatorRefusal(
                    .alreadyQueued, "waits for delivery already (next attempt at \(file.nextAttemptAt))")
            }
        }
        return item
    }

    /// The destinations of files that changed: what `--deliver` flushes.
    public static func destinations(of result: OperatorResult) -> [String] {
        Array(Set(result.changed.compactMap(\.owner))).sorted()
    }
}
