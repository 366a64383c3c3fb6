import Store

/// One operator command over a selection of records (`retry transfers`, `retry files`,
/// `retry callbacks`, `cancel`), in three steps that `OperatorRunner` drives:
///
/// 1. `plan`: select without locks and decide, per record, change or refuse. This is the dry
///    run's output, and what a large selection asks confirmation for.
/// 2. `recheck`: in the applying transaction, lock the planned records and decide again on what
///    they are now — another operator, a worker or the file assembler may have moved them.
/// 3. `apply`: change the records that still qualify, each guarded by its status in SQL.
///
/// `plan` and `recheck` share one decision function, so a dry run prints what a real run does.
public protocol OperatorOperation: Sendable {
    /// The command as the audit row names it, e.g. `retry transfers`.
    var command: String { get }
    /// What `command` would do now, without locks or changes.
    func plan(_ session: PGSession) throws -> OperatorPlan
    /// Locks `ids` until the transaction ends and decides again.
    func recheck(_ session: PGSession, ids: [String]) throws -> [OperatorItem]
    /// Changes `ids` (all decided as changes under lock); returns the ids that changed.
    func apply(_ session: PGSession, ids: [String], actor: String, detail: String) throws -> Set<String>
}

/// Decisions for a selection, before anything changes.
public struct OperatorPlan: Sendable {
    public var items: [OperatorItem]
    /// More records matched than the selection's limit; only the first ones are in `items`.
    public var truncated: Bool

    public init(items: [OperatorItem], truncated: Bool) {
        self.items = items
        self.truncated = truncated
    }

    public var changes: [OperatorItem] { items.filter(\.isChange) }
    public var refusals: [OperatorItem] { items.filter { !$0.isChange } }
}

/// What an operator command did (or, for a dry run, would do): printed, or encoded for `--json`.
public struct OperatorResult: Sendable, Codable {
    public var command: String
    public var dryRun: Bool
    public var operatorName: String
    public var reason: String
    /// The `operator_actions` row; nil for a dry run.
    public var auditID: Int64?
    public var truncated: Bool
    public var changed: [OperatorItem]
    public var refused: [OperatorItem]
    /// `retry files --deliver`: what the immediate delivery did.
    public var delivery: Delivery? = nil

    public struct Delivery: Sendable, Codable {
        public var sent: [String]
        public var failures: [String]

        public init(sent: [String], failures: [String]) {
            self.sent = sent
            self.failures = failures
        }
    }

    public init(
        command: String, dryRun: Bool, operatorName: String, reason: String, auditID: Int64?, truncated: Bool,
        changed: [OperatorItem], refused: [OperatorItem]
    ) {
        self.command = command
        self.dryRun = dryRun
        self.operatorName = operatorName
        self.reason = reason
        self.auditID = auditID
        self.truncated = truncated
        self.changed = changed
        self.refused = refused
    }

    enum CodingKeys: String, CodingKey {
        case command, reason, truncated, changed, refused, delivery
        case dryRun = "dry_run"
        case operatorName = "operator"
        case auditID = "audit_id"
    }

    /// Exit 0 only when everything selected changed: nothing matched, or anything refused, is 1.
    public var succeeded: Bool { !changed.isEmpty && refused.isEmpty }
}

/// A request the operator has to fix: unusable selection, or a feature this database lacks.
public struct OperatorError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The flags do not describe a selection (usage error, exit 2).
        public static let usage = Code("USAGE")
        /// The command needs something this database or build does not have (exit 2).
        public static let unavailable = Code("UNAVAILABLE")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
