import Store
import Worker

/// The pool's real processor with counters around it, for the progress line: how many transfers
/// were decided so far and how. The outcomes pass through unchanged.
struct CountingProcessor<Inner: TransferProcessor>: TransferProcessor {
    final class Counts: Sendable {
        let accepted = AtomicCounter()
        let rejected = AtomicCounter()
        var decided: Int { accepted.count + rejected.count }
    }

    let inner: Inner
    let counts = Counts()

    func loadContext(for batch: [ClaimedTransfer], session: PGSession) throws -> Inner.Context {
        try inner.loadContext(for: batch, session: session)
    }

    func decide(_ batch: [ClaimedTransfer], context: Inner.Context) -> [TransferOutcome] {
        let outcomes = inner.decide(batch, context: context)
        var accepted = 0
        for outcome in outcomes {
            if case .accepted = outcome.decision { accepted += 1 }
        }
        counts.accepted.add(accepted)
        counts.rejected.add(outcomes.count - accepted)
        return outcomes
    }
}
