import ACH
import Foundation

/// The outcome of validating one transfer: every violated rule, when it settles, and the NACHA
/// entries it becomes.
public struct Evaluation: Sendable, Hashable {
    public let transferID: UUID
    /// All failures, in `TransferRules.all` order. Empty means accepted.
    public internal(set) var violations: [RuleViolation]
    /// The resolved settlement date (store it: rules 24 and 25 look it up for later batches).
    /// Nil when a schedule rule rejected the request.
    public let effectiveDate: CalendarDate?
    /// Whether the entries go out as Same Day ACH (a past-cutoff request may have been converted).
    public let sameDay: Bool
    /// The same-day window the entries are planned for.
    public let sameDayWindow: SameDayWindow?
    /// The requested date when resolution moved it (weekend/holiday roll, next same-day window).
    public let effectiveDateMovedFrom: CalendarDate?
    /// The planned NACHA entries; their amounts sum exactly to the transfer's amount. Empty when
    /// the transfer cannot become entries (bad amount, SEC code or account type, too many parts).
    public let entries: [PlannedEntry]

    // What the batch step needs to compare transfers, captured while the transfer is at hand.
    let originator: String
    let direction: TransferDirection
    let amountCents: Int64
    let idempotencyKey: IdempotencyKey?
    let duplicateKey: DuplicateKey?

    public var isAccepted: Bool { violations.isEmpty }

    /// The violated codes, in order.
    public var codes: [RuleCode] { violations.map(\.code) }

    /// The exposure bucket this transfer fills when accepted.
    var exposureKey: ExposureKey? {
        guard let effectiveDate, amountCents > 0 else { return nil }
        return ExposureKey(originator: originator, effectiveDate: effectiveDate, direction: direction)
    }
}

/// One NACHA entry detail record to be written for a transfer.
public struct PlannedEntry: Sendable, Hashable {
    public let amountCents: Int64
    public let transactionCode: TransactionCode

    public init(amountCents: Int64, transactionCode: TransactionCode) {
        self.amountCents = amountCents
        self.transactionCode = transactionCode
    }
}

extension Evaluation {
    init(facts f: TransferFacts, violations: [RuleViolation]) {
        let transfer = f.transfer
        var entries: [PlannedEntry] = []
        if let code = f.transactionCode {
            if transfer.prenote && transfer.amountCents == 0 {
                entries = [PlannedEntry(amountCents: 0, transactionCode: code)]
            } else if let split = f.split, split.count <= f.context.settings.maxEntriesPerTransfer {
                entries = split.map { PlannedEntry(amountCents: $0, transactionCode: code) }
            }
        }
        self.init(
            transferID: transfer.id, violations: violations, effectiveDate: f.schedule.effectiveDate,
            sameDay: f.schedule.sameDay, sameDayWindow: f.schedule.window,
            effectiveDateMovedFrom: f.schedule.movedFrom, entries: entries, originator: transfer.originator,
            direction: transfer.direction, amountCents: transfer.amountCents,
            idempotencyKey: TextChecks.isBlank(transfer.idempotencyKey)
                ? nil : IdempotencyKey(originator: transfer.originator, rawKey: transfer.idempotencyKey),
            duplicateKey: TransferRules.duplicateKey(f))
    }
}
