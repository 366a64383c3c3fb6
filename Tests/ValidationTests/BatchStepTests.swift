import ACH
import Dispatch
import Synchronization
import Testing
import Validation

/// `applyBatchLimits`: rules that depend on the other transfers of the same batch.
@Suite struct BatchStepTests {
    let validator = TransferValidator()

    private func context(creditLimit: Int64, history: TransferHistory = TransferHistory()) -> ValidationContext {
        var context = Fixtures.context(history: history)
        context.editPolicy { $0.dailyCreditLimitCents = creditLimit }
        return context
    }

    @Test func exposureAccumulatesAcrossTheBatchInOrder() {
        let batch = (1...3).map { Fixtures.transfer(key: "k\($0)", amount: 12_000 + Int64($0)) }
        let results = validator.validate(batch, in: context(creditLimit: 30_000))
        #expect(results.map(\.codes) == [[], [], [.dailyExposureLimit]])
        #expect(results[2].violations[0].message.contains("$240.03"))  // 120.01 + 120.02 committed
    }

    @Test func exposureAddsTheDatabaseUsage() {
        let key = ExposureKey(originator: "acme", effectiveDate: Fixtures.tomorrow, direction: .credit)
        let history = TransferHistory(exposureUsedCents: [key: 20_000])
        let results = validator.validate(
            [Fixtures.transfer(key: "a", amount: 10_000), Fixtures.transfer(key: "b", amount: 1)],
            in: context(creditLimit: 30_000, history: history))
        #expect(results.map(\.codes) == [[], [.dailyExposureLimit]])
    }

    @Test func rejectedTransfersDoNotConsumeExposure() {
        var bad = Fixtures.transfer(key: "a", amount: 25_000)
        bad.routingNumber = "021000022"
        let good = Fixtures.transfer(key: "b", amount: 25_000)
        let results = validator.validate([bad, good], in: context(creditLimit: 30_000))
        #expect(results.map(\.codes) == [[.routingCheckDigit], []])
    }

    @Test func overLimitTransferIsRejectedButLaterSmallerOnesStillFit() {
        let batch = [
            Fixtures.transfer(key: "a", amount: 20_000), Fixtures.transfer(key: "b", amount: 20_001),
            Fixtures.transfer(key: "c", amount: 10_000),
        ]
        #expect(
            validator.validate(batch, in: context(creditLimit: 30_000)).map(\.codes) == [[], [.dailyExposureLimit], []])
    }

    @Test func exposureBucketsAreSeparatePerDirectionAndDate() {
        var debit = Fixtures.transfer(key: "d", amount: 25_000, direction: .debit)
        debit.authorization = "AUTH-1"
        var later = Fixtures.transfer(key: "l", amount: 25_000)
        later.effectiveDate = Fixtures.day("2025-06-05")
        let batch = [Fixtures.transfer(key: "c", amount: 25_000), debit, later]
        #expect(validator.validate(batch, in: context(creditLimit: 30_000)).allSatisfy { $0.isAccepted })
    }

    @Test func duplicateWithinTheBatchRejectsTheLaterOne() {
        let batch = [Fixtures.transfer(key: "a"), Fixtures.transfer(key: "b"), Fixtures.transfer(key: "c", amount: 1)]
        let results = validator.validate(batch, in: Fixtures.context())
        #expect(results.map(\.codes) == [[], [.probableDuplicate], []])
        #expect(results[1].violations[0].message.contains("same batch"))
        #expect(!results[1].violations[0].message.contains(Fixtures.account))
    }

    @Test func aRejectedTransferIsNotADuplicateOriginal() {
        var first = Fixtures.transfer(key: "a")
        first.receiverName = ""
        let results = validator.validate([first, Fixtures.transfer(key: "b")], in: Fixtures.context())
        #expect(results.map(\.codes) == [[.receiverNameInvalid], []])
    }

    @Test func duplicateWindowZeroSwitchesDuplicateDetectionOff() {
        var settings = ValidationSettings()
        settings.duplicateWindowDays = 0
        let batch = [Fixtures.transfer(key: "a"), Fixtures.transfer(key: "b")]
        #expect(validator.validate(batch, in: Fixtures.context(settings: settings)).allSatisfy { $0.isAccepted })
    }

    @Test func repeatedIdempotencyKeyWithinTheBatchRejectsTheLaterOne() {
        let batch = [
            Fixtures.transfer(key: " Order-9", amount: 100), Fixtures.transfer(key: "order-9 ", amount: 200),
            Fixtures.transfer(key: "order-9", amount: 300, originator: "other"),
        ]
        let results = validator.validate(
            batch, in: Fixtures.context(policies: [Fixtures.policy(), .init(name: "other")]))
        #expect(results.map(\.codes) == [[], [.idempotencyKeyReused], []])
    }

    @Test func aKeyRejectedByTheDatabaseIsReportedOnce() {
        let history = TransferHistory(idempotencyKeysInUse: [IdempotencyKey(originator: "acme", rawKey: "x")])
        let batch = [Fixtures.transfer(key: "x", amount: 100), Fixtures.transfer(key: "X", amount: 200)]
        let results = validator.validate(batch, in: Fixtures.context(history: history))
        #expect(results.map(\.codes) == [[.idempotencyKeyReused], [.idempotencyKeyReused]])
    }

    @Test func batchViolationsKeepCatalogueOrder() {
        var transfer = Fixtures.transfer(key: "b", amount: 40_000)
        transfer.currency = "EUR"
        let results = validator.validate(
            [Fixtures.transfer(key: "a", amount: 40_000), transfer], in: context(creditLimit: 50_000))
        #expect(results[1].codes == [.probableDuplicate, .dailyExposureLimit, .currencyNotUSD])
    }

    @Test func concurrentEvaluationMatchesSerial() {
        let batch = (0..<2_000).map { i in
            var t = Fixtures.transfer(key: "k\(i % 1_900)", amount: Int64(1 + i % 50) * 1_000)
            if i % 7 == 0 { t.routingNumber = "021000022" }
            return t
        }
        let context = context(creditLimit: 500_000)
        let serial = validator.validate(batch, in: context)
        let slots = EvaluationSlots(count: batch.count)
        DispatchQueue.concurrentPerform(iterations: batch.count) { i in
            slots.store(validator.evaluate(batch[i], in: context), at: i)
        }
        #expect(validator.applyBatchLimits(to: slots.all, in: context) == serial)
        #expect(serial.contains { $0.codes.contains(.dailyExposureLimit) })
    }

    @Test func historyQueryListsEachLookUpOnce() {
        let batch = [Fixtures.transfer(key: " A"), Fixtures.transfer(key: "a"), Fixtures.transfer(key: "b", amount: 5)]
        let query = TransferHistory.query(for: batch)
        #expect(query.transferIDs == batch.map(\.id))
        #expect(query.originators == ["acme"])
        #expect(query.idempotencyKeys.map(\.key) == ["a", "b"])
        #expect(query.duplicateCandidates.map(\.amountCents) == [12_345, 5])
    }
}

/// Result slots filled from `concurrentPerform`, as the worker does.
private final class EvaluationSlots: Sendable {
    private let values: Mutex<[Evaluation?]>

    init(count: Int) { values = Mutex(Array(repeating: nil, count: count)) }

    func store(_ value: Evaluation, at index: Int) { values.withLock { $0[index] = value } }
    var all: [Evaluation] { values.withLock { $0.map { $0! } } }
}
