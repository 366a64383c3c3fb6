import Foundation
import Store

/// `ach-worker retry callbacks`: `dead` callback deliveries (their receiver failed for about a
/// day) back to pending, due now, with a fresh attempt budget and maximum age. The same
/// `webhook-id` is sent again, so a receiver that did get it can tell.
///
/// On a database without the callback tables `plan` reports the feature as unavailable (exit 2)
/// instead of pretending nothing matched.
public struct CallbackRetry: OperatorOperation {
    public let command = "retry callbacks"
    let filter: CallbackRedelivery.Filter

    public init(filter: CallbackRedelivery.Filter, all: Bool) throws {
        let hasCondition =
            !filter.ids.isEmpty || filter.originator != nil || !filter.eventTypes.isEmpty || filter.since != nil
            || filter.until != nil
        guard hasCondition || all else {
            throw OperatorError(
                .usage, "say which callbacks: ids, --originator, --event-type, --since, --until or --all")
        }
        self.filter = filter
    }

    public func plan(_ session: PGSession) throws -> OperatorPlan {
        guard try CallbackRedelivery.isInstalled(session) else {
            throw OperatorError(.unavailable, "retry callbacks: this database has no callback outbox yet")
        }
        let rows = try CallbackRedelivery.select(session, filter)
        let kept = Array(rows.prefix(filter.limit))
        let refused = filter.ids.filter { id in !kept.contains { $0.id == id } }.map { id in
            OperatorItem(
                kind: .callback, id: id, label: id, owner: nil, status: "",
                refusal: OperatorRefusal(
                    .notFound, "no dead callback has id \"\(id)\" (and matches the other conditions)"))
        }
        return OperatorPlan(items: kept.map(decide) + refused, truncated: rows.count > filter.limit)
    }

    public func recheck(_ session: PGSession, ids: [String]) throws -> [OperatorItem] {
        try CallbackRedelivery.lock(session, ids: ids).map(decide)
    }

    public func apply(_ session: PGSession, ids: [String], actor: String, detail: String) throws -> Set<String> {
        try CallbackRedelivery.requeue(session, ids: ids, actor: actor, detail: detail)
    }

    func decide(_ event: CallbackRedelivery.Event) -> OperatorItem {
        var item = OperatorItem(
            kind: .callback, id: event.id, label: event.eventType, owner: event.originator, status: event.status)
        if event.status == "dead" {
            item.newStatus = "pending"
            item.notes = ["\(event.attempts) failed attempt(s)"]
            if let error = event.lastError { item.notes.append("last error: \(error)") }
        } else if let last = event.lastEvent, last.action == command {
            item.refusal = OperatorRefusal(
                .alreadyRetried, "was already retried by \(OperatorIdentity.display(actor: last.actor)) at \(last.at)")
        } else {
            item.refusal = OperatorRefusal(.alreadyQueued, "is \(event.status), not dead: nothing to redeliver")
        }
        return item
    }
}
