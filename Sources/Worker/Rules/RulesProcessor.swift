import ACH
import Dispatch
import Foundation
import Store
import Validation
import Vault

/// The pool's processor in production: runs every transfer rule on every claimed transfer.
///
/// Per batch: the database look-ups are loaded once (`loadContext`, on the claiming connection),
/// then the per-transfer rules run in parallel with `concurrentPerform`, then the batch step
/// (exposure, in-batch duplicates) runs serially in claim order.
public struct RulesProcessor: TransferProcessor {
    public struct Context: Sendable {
        let validation: ValidationContext
        /// The batch with account numbers opened, in claim order; an error where one would not
        /// open (that transfer is retried, and fails once its attempts are used up).
        let opened: [Result<Transfer, VaultError>]
    }

    let validator = TransferValidator()
    let policies: [OriginatorPolicy]
    let settings: ValidationSettings
    let schedule: SameDaySchedule
    let clock: BankClock
    let vault: AccountVault
    let faults: FaultInjection
    /// See `FaultInjection.decideDelayMilliseconds`; zero in production.
    let decideDelayMicroseconds: UInt32

    public init(configuration: WorkerConfiguration, faults: FaultInjection = FaultInjection()) throws {
        policies = try configuration.originatorPolicies()
        settings = try configuration.validationSettings()
        schedule = try configuration.sameDaySchedule()
        guard let clock = BankClock(identifier: configuration.validation.timeZone) else {
            throw ConfigurationError(
                .badValue, at: "validation.timeZone", "unknown time zone \(configuration.validation.timeZone)")
        }
        self.clock = clock
        vault = try configuration.accountVault()
        self.faults = faults
        decideDelayMicroseconds = UInt32(max(0, faults.decideDelayMilliseconds)) * 1000
    }

    public func loadContext(for batch: [ClaimedTransfer], session: PGSession) throws -> Context {
        let transfers = batch.map(\.transfer)
        let lookups = try RuleLookups.load(
            session, batch: transfers, normalizedKeys: transfers.map { IdempotencyKey.normalize($0.idempotencyKey) },
            duplicateWindowDays: settings.duplicateWindowDays)
        let vault = self.vault
        let opened = transfers.map { transfer in Result { () throws(VaultError) in try vault.opened(transfer) } }
        return Context(validation: validationContext(lookups, opened: opened, now: Date()), opened: opened)
    }

    func validationContext(
        _ lookups: RuleLookups, opened: [Result<Transfer, VaultError>], now: Date
    ) -> ValidationContext {
        var history = TransferHistory()
        history.idempotencyKeysInUse = Set(
            lookups.keysInUse.map { IdempotencyKey(originator: $0.originator, normalizedKey: $0.normalizedKey) })
        // The database matched accounts by keyed hash; the rules compare readable numbers, which
        // only this batch's own transfers have.
        for case .success(let t) in opened {
            for (date, count) in lookups.duplicates[t.id] ?? [:] {
                history.duplicateCounts[
                    DuplicateKey(
                        originator: t.originator, routingNumber: t.routingNumber, accountNumber: t.accountNumber,
                        direction: t.direction, amountCents: t.amountCents, effectiveDate: date)] = count
            }
        }
        for (key, cents) in lookups.exposure {
            history.exposureUsedCents[
                ExposureKey(originator: key.originator, effectiveDate: key.effectiveDate, direction: key.direction)] =
                cents
        }
        return ValidationContext(
            now: clock.localTime(at: now), originators: policies, settings: settings, schedule: schedule,
            history: history)
    }

    public func decide(_ batch: [ClaimedTransfer], context: Context) -> [TransferOutcome] {
        if decideDelayMicroseconds > 0 { usleep(decideDelayMicroseconds) }
        faults.poison(batch.lazy.map(\.transfer.idempotencyKey))
        let readable = context.opened.compactMap { try? $0.get() }
        let evaluations = evaluateInParallel(readable, context.validation)
        var final = validator.applyBatchLimits(to: evaluations, in: context.validation)[...]
        return zip(batch, context.opened).map { claimed, opened in
            switch opened {
            case .success:
                return TransferOutcome(id: claimed.transfer.id, decision: Self.decision(final.removeFirst()))
            case .failure(let error):
                return TransferOutcome(id: claimed.transfer.id, decision: .retry(error: error.description))
            }
        }
    }

    /// Step 1 on all cores: the rules of one transfer do not look at any other transfer.
    func evaluateInParallel(_ transfers: [Transfer], _ context: ValidationContext) -> [Evaluation] {
        let chunk = 64
        let chunks = (transfers.count + chunk - 1) / chunk
        let results = UnsafeMutableBufferPointer<Evaluation?>.allocate(capacity: transfers.count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let validator = self.validator
        // Each iteration writes a disjoint range of `results`, so no two threads share a slot.
        nonisolated(unsafe) let output = results
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            for i in (c * chunk)..<min((c + 1) * chunk, transfers.count) {
                output[i] = validator.evaluate(transfers[i], in: context)
            }
        }
        return results.map { $0! }
    }

    static func decision(_ evaluation: Evaluation) -> TransferOutcome.Decision {
        guard evaluation.isAccepted, let date = evaluation.effectiveDate, !evaluation.entries.isEmpty else {
            var rejections = evaluation.violations.map { Rejection(code: $0.code.rawValue, message: $0.message) }
            if rejections.isEmpty {
                // Defensive: an evaluation that passed every rule but produced no entries or date
                // is a bug in the rules; reject loudly rather than file something incomplete.
                rejections = [Rejection(code: "INTERNAL_NO_ENTRIES", message: "validation produced no entries")]
            }
            return .rejected(rejections)
        }
        return .accepted(
            effectiveDate: date, sameDay: evaluation.sameDay, entryAmounts: evaluation.entries.map(\.amountCents))
    }
}
