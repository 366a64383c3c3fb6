import Store

/// Plans and applies an `OperatorOperation` on one connection (libpq work stays on the
/// connection's own queue, as everywhere else).
public struct OperatorRunner: Sendable {
    let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    public func plan(_ operation: some OperatorOperation) async throws -> OperatorPlan {
        try await connection.withSession { try operation.plan($0) }
    }

    /// The plan as a result, for `--dry-run` or when there is nothing to change.
    public func unchanged(_ plan: OperatorPlan, action: OperatorAction, dryRun: Bool) -> OperatorResult {
        OperatorResult(
            command: action.command, dryRun: dryRun, operatorName: action.operatorName, reason: action.reason,
            auditID: nil, truncated: plan.truncated, changed: plan.changes, refused: plan.refusals)
    }

    /// Applies `plan`'s changes in one transaction: lock, decide again, change, write the audit
    /// row. Only what the plan showed can change (a confirmed "retry 250" never retries 300).
    /// A concurrent operator who got there first makes a record a refusal that names them.
    public func execute(
        _ operation: some OperatorOperation, plan: OperatorPlan, action: OperatorAction
    ) async throws -> OperatorResult {
        let planned = plan.changes.map(\.id)
        return try await connection.withSession { session in
            try session.transaction {
                let auditID = try OperatorAction.reserveID(session)
                let rechecked = try operation.recheck(session, ids: planned)
                let wanted = rechecked.filter(\.isChange).map(\.id)
                let changed =
                    wanted.isEmpty
                    ? []
                    : try operation.apply(
                        session, ids: wanted, actor: action.actor, detail: action.eventDetail(auditID: auditID))
                let now = Dictionary(rechecked.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
                // In the plan's order; refusals of the plan (not found, in a file, …) stay as they were.
                let items = plan.items.map { item -> OperatorItem in
                    guard item.isChange else { return item }
                    guard var current = now[item.id] else {
                        return Self.refused(item, "it disappeared between the plan and the change")
                    }
                    if current.isChange && !changed.contains(item.id) {
                        // Locked and decided, yet the guarded UPDATE skipped it: report, never guess.
                        current = Self.refused(current, "its status changed while it was being changed")
                    }
                    return current
                }
                let result = OperatorResult(
                    command: action.command, dryRun: false, operatorName: action.operatorName, reason: action.reason,
                    auditID: auditID, truncated: plan.truncated, changed: items.filter(\.isChange),
                    refused: items.filter { !$0.isChange })
                try action.record(session, id: auditID, changed: result.changed.count, refused: result.refused.count)
                return result
            }
        }
    }

    static func refused(_ item: OperatorItem, _ why: String) -> OperatorItem {
        var item = item
        item.newStatus = nil
        item.refusal = OperatorRefusal(.changedMeanwhile, why)
        return item
    }
}
