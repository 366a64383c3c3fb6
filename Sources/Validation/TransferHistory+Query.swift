import ACH
import Foundation

extension TransferHistory {
    /// What to look up for one batch, as parallel-array friendly values for `unnest(…)`.
    public struct Query: Sendable, Hashable {
        /// The batch itself: exclude these ids from every look-up.
        public var transferIDs: [UUID]
        /// Distinct originators: filter for the exposure sums.
        public var originators: [String]
        /// Distinct (originator, normalised key) pairs to check for earlier holders.
        public var idempotencyKeys: [IdempotencyKey]
        /// Distinct (originator, routing, account, direction, amount) tuples: fetch committed transfers that
        /// match one, grouped by resolved effective date, to fill `duplicateCounts`.
        public var duplicateCandidates: [DuplicateCandidate]
    }

    /// A duplicate key without its date: the date of a batch transfer is only known after
    /// evaluation, so the look-up returns every date and the rule picks the right one.
    public struct DuplicateCandidate: Sendable, Hashable {
        public let originator: String
        public let routingNumber: String
        public let accountNumber: String
        public let direction: TransferDirection
        public let amountCents: Int64
    }

    /// The look-ups `transfers` need. Build the context's `TransferHistory` from their results.
    public static func query(for transfers: [Transfer]) -> Query {
        var originators: [String] = []
        var seenOriginators: Set<String> = []
        var keys: [IdempotencyKey] = []
        var seenKeys: Set<IdempotencyKey> = []
        var candidates: [DuplicateCandidate] = []
        var seenCandidates: Set<DuplicateCandidate> = []
        for t in transfers {
            if seenOriginators.insert(t.originator).inserted { originators.append(t.originator) }
            let key = IdempotencyKey(originator: t.originator, rawKey: t.idempotencyKey)
            if seenKeys.insert(key).inserted { keys.append(key) }
            let candidate = DuplicateCandidate(
                originator: t.originator, routingNumber: t.routingNumber, accountNumber: t.accountNumber,
                direction: t.direction, amountCents: t.amountCents)
            if seenCandidates.insert(candidate).inserted { candidates.append(candidate) }
        }
        return Query(
            transferIDs: transfers.map(\.id), originators: originators, idempotencyKeys: keys,
            duplicateCandidates: candidates)
    }
}
