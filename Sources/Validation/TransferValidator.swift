import ACH

/// Runs every rule on every transfer and reports all failures together (SPEC §4).
///
/// ## The two-step contract
///
/// 1. **`evaluate(_:in:)` — per transfer, concurrent.** Pure and thread-safe: it reads only the
///    transfer and the immutable `ValidationContext`, so the worker may call it for a whole batch
///    from `DispatchQueue.concurrentPerform`. It runs every rule that depends on this transfer
///    alone or on the database look-ups in `context.history`, resolves the effective date and
///    same-day window, and plans the split entries.
/// 2. **`applyBatchLimits(to:in:)` — per batch, serial, in claim order.** Adds what depends on
///    the batch's other transfers: an idempotency key repeated within the batch (the later
///    transfer loses), a probable duplicate of an earlier *accepted* transfer of the batch, and
///    the daily exposure limits, accumulated over the batch so that database usage plus earlier
///    accepted transfers plus this one must fit. Only accepted transfers consume exposure, and a
///    transfer is counted once — the database look-ups exclude the batch, so nothing is counted
///    twice.
///
/// Always run step 2 on the results of step 1 before acting on them; exposure limits are only
/// checked there. `validate(_:in:)` does both serially (CLI, tests).
public struct TransferValidator: Sendable {
    public let rules: [Rule]

    /// `rules` defaults to the full catalogue; pass a subset to switch rules off.
    public init(rules: [Rule] = TransferRules.all) {
        self.rules = rules
    }

    /// Step 1: every per-transfer rule, the schedule and the planned entries.
    public func evaluate(_ transfer: Transfer, in context: ValidationContext) -> Evaluation {
        let facts = TransferFacts(transfer: transfer, context: context)
        var violations: [RuleViolation] = []
        for rule in rules {
            if let check = rule.check, let message = check(facts) {
                violations.append(RuleViolation(code: rule.code, message: message))
            }
        }
        return Evaluation(facts: facts, violations: violations)
    }

    /// Steps 1 and 2 for a batch, serially.
    public func validate(_ transfers: [Transfer], in context: ValidationContext) -> [Evaluation] {
        applyBatchLimits(to: transfers.map { evaluate($0, in: context) }, in: context)
    }
}
