import Store

/// What the pool does with a claimed batch. The pool knows nothing about rules: it claims, hands
/// the batch here, and writes back whatever outcomes come out.
public protocol TransferProcessor: Sendable {
    /// Whatever `decide` needs besides the transfers (look-ups, settings, "now").
    associatedtype Context: Sendable

    /// Loads the batch's context in a few queries, once per batch. Runs on the claiming
    /// connection's queue right after the claim, so it may block.
    func loadContext(for batch: [ClaimedTransfer], session: PGSession) throws -> Context

    /// Decides every transfer of the batch: one outcome per transfer, same order. CPU only, no
    /// I/O; runs on a Dispatch queue and may use `concurrentPerform` inside.
    func decide(_ batch: [ClaimedTransfer], context: Context) -> [TransferOutcome]
}
