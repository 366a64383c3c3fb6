/// What an operator command decided for one record: it changes (in a dry run: would change) from
/// `status` to `newStatus`, or it is refused, with a code and a sentence saying why.
///
/// Built from database rows whose account numbers never reach it, so it is safe to print.
public struct OperatorItem: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case transfer, file, callback, endpoint
    }

    public var kind: Kind
    /// The record's id; for a reference that matched nothing, the reference as given.
    public var id: String
    /// What an operator recognises it by: the idempotency key, the file name, the event type.
    public var label: String
    /// The originator (transfers, callbacks) or destination (files).
    public var owner: String?
    /// The status when the decision was made (empty when nothing matched).
    public var status: String
    /// Set when it changes.
    public var newStatus: String?
    public var refusal: OperatorRefusal?
    /// Facts the operator wants next to the decision: attempts used, the last error, rules that
    /// will reject it again.
    public var notes: [String]

    public init(
        kind: Kind, id: String, label: String, owner: String?, status: String, newStatus: String? = nil,
        refusal: OperatorRefusal? = nil, notes: [String] = []
    ) {
        self.kind = kind
        self.id = id
        self.label = label
        self.owner = owner
        self.status = status
        self.newStatus = newStatus
        self.refusal = refusal
        self.notes = notes
    }

    public var isChange: Bool { refusal == nil && newStatus != nil }

    enum CodingKeys: String, CodingKey {
        case kind, id, label, owner, status, refusal, notes
        case newStatus = "new_status"
    }
}

/// Why an operator command left a record alone.
public struct OperatorRefusal: Sendable, Codable, Equatable {
    /// A stable machine code, open like `StoreError.Code` so new reasons do not break scripts.
    public struct Code: RawRepresentable, Sendable, Codable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// No record has this id, idempotency key or file name.
        public static let notFound = Code(rawValue: "NOT_FOUND")
        /// An idempotency key used by several originators: name the id or give `--originator`.
        public static let ambiguous = Code(rawValue: "AMBIGUOUS_REFERENCE")
        /// The transfer is in a file (`batched`, `sent`, …): retrying could pay it twice.
        public static let wouldPayTwice = Code(rawValue: "WOULD_PAY_TWICE")
        /// The file was delivered: delivering it again would send it twice.
        public static let wouldDeliverTwice = Code(rawValue: "WOULD_DELIVER_TWICE")
        /// A rule the transfer was rejected for still fails.
        public static let ruleStillFails = Code(rawValue: "RULE_STILL_FAILS")
        /// Another operator retried it first.
        public static let alreadyRetried = Code(rawValue: "ALREADY_RETRIED")
        /// It is already waiting or being worked on.
        public static let alreadyQueued = Code(rawValue: "ALREADY_QUEUED")
        public static let alreadyCancelled = Code(rawValue: "ALREADY_CANCELLED")
        /// Nothing went wrong with it (e.g. `accepted`), so there is nothing to retry.
        public static let notRetryable = Code(rawValue: "NOT_RETRYABLE")
        /// Rejected transfers are never paid; cancelling them changes nothing.
        public static let notCancellable = Code(rawValue: "NOT_CANCELLABLE")
        /// Batched or sent: only the bank can reverse it now.
        public static let tooLateToCancel = Code(rawValue: "TOO_LATE_TO_CANCEL")
        /// The callback endpoint is enabled already: nothing to re-enable.
        public static let notDisabled = Code(rawValue: "NOT_DISABLED")
        /// Its state changed between the plan and the locked re-check.
        public static let changedMeanwhile = Code(rawValue: "CHANGED_MEANWHILE")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
