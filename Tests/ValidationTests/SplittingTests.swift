import ACH
import Testing
import Validation

@Suite struct SplittingTests {
    @Test func amountExactlyAtTheLimitIsOneEntry() {
        let split = AmountSplit(total: 1_000, maxPart: 1_000)!
        #expect(Array(split) == [1_000])
        #expect(split.isSingleEntry)
    }

    @Test func oneCentOverTheLimitIsTwoNearlyEqualEntries() {
        #expect(Array(AmountSplit(total: 1_001, maxPart: 1_000)!) == [501, 500])
    }

    @Test func thousandPartsSumExactlyAndStayUnderTheLimit() {
        let maxPart: Int64 = 1_000_000
        let exact = AmountSplit(total: 1_000 * maxPart, maxPart: maxPart)!
        #expect(exact.count == 1_000)
        #expect(exact.allSatisfy { $0 == maxPart })

        let uneven = AmountSplit(total: 1_000 * maxPart - 1, maxPart: maxPart)!
        #expect(uneven.count == 1_000)
        #expect(uneven.reduce(0, +) == 1_000 * maxPart - 1)
        #expect(uneven.filter { $0 == maxPart }.count == 999)
        #expect(uneven.last == maxPart - 1)
    }

    @Test func limitOfOneCentGivesOneCentEntries() {
        #expect(Array(AmountSplit(total: 5, maxPart: 1)!) == [1, 1, 1, 1, 1])
    }

    @Test func hugeSplitsAreCountedWithoutBeingMaterialised() {
        let split = AmountSplit(total: Int64.max, maxPart: 1)!
        #expect(split.count == Int(Int64.max))
        #expect(split.first == 1 && split[split.count - 1] == 1)
    }

    @Test func nonPositiveInputsDoNotSplit() {
        #expect(AmountSplit(total: 0, maxPart: 10) == nil)
        #expect(AmountSplit(total: -1, maxPart: 10) == nil)
        #expect(AmountSplit(total: 10, maxPart: 0) == nil)
    }

    @Test func partsAreFewestAndAsEqualAsPossible() {
        for total: Int64 in [1, 2, 7, 99, 100, 101, 999, 1_000, 12_345, 99_999] {
            for maxPart: Int64 in [1, 2, 3, 7, 10, 99, 100, 1_000, 100_000] {
                let split = AmountSplit(total: total, maxPart: maxPart)!
                #expect(split.reduce(0, +) == total)
                #expect(split.allSatisfy { $0 >= 1 && $0 <= maxPart })
                #expect(Int64(split.count - 1) * maxPart < total, "not the fewest parts")
                #expect(split.max()! - split.min()! <= 1, "not as equal as possible")
            }
        }
    }

    @Test func evaluationPlansEntriesAtTheOriginatorsMaxEntryAmount() {
        var context = Fixtures.context()
        context.editPolicy { $0.maxEntryAmountCents = 5_000 }
        let evaluation = TransferValidator().validate([Fixtures.transfer(amount: 12_345)], in: context)[0]
        #expect(evaluation.isAccepted)
        #expect(evaluation.entries.map(\.amountCents) == [4_115, 4_115, 4_115])
        #expect(evaluation.entries.allSatisfy { $0.transactionCode == .checkingCredit })
    }

    @Test func evaluationSplitsAtTheNachaFieldWithoutAnOriginatorLimit() {
        let field = ValidationSettings.nachaAmountFieldMaxCents
        let context = Fixtures.context(policies: [OriginatorPolicy(name: "acme")])
        let evaluation = TransferValidator().validate([Fixtures.transfer(amount: 2 * field + 1)], in: context)[0]
        #expect(evaluation.isAccepted)
        #expect(evaluation.entries.count == 3)
        #expect(evaluation.entries.reduce(0) { $0 + $1.amountCents } == 2 * field + 1)
    }

    @Test func sameDaySplitsAtTheSameDayLimitOnlyWhenAllowed() {
        var transfer = Fixtures.transfer(amount: 250_000_000)
        transfer.sameDay = true
        var settings = ValidationSettings()
        #expect(
            TransferValidator().validate([transfer], in: Fixtures.context(settings: settings))[0].codes == [
                .sameDayLimit
            ])

        settings.sameDayOverLimitHandling = .split
        let split = TransferValidator().validate([transfer], in: Fixtures.context(settings: settings))[0]
        #expect(split.isAccepted)
        #expect(split.entries.map(\.amountCents) == [83_333_334, 83_333_333, 83_333_333])
    }

    @Test func maxEntryAmountIsTheSmallestApplicableLimit() {
        var settings = ValidationSettings()
        let policy = OriginatorPolicy(name: "a", maxEntryAmountCents: 200_000_000)
        #expect(settings.maxEntryAmountCents(for: nil, sameDay: true) == ValidationSettings.nachaAmountFieldMaxCents)
        #expect(settings.maxEntryAmountCents(for: policy, sameDay: true) == 200_000_000)
        settings.sameDayOverLimitHandling = .split
        #expect(settings.maxEntryAmountCents(for: policy, sameDay: true) == 100_000_000)
        #expect(settings.maxEntryAmountCents(for: policy, sameDay: false) == 200_000_000)
        settings.entryAmountFieldMaxCents = 50_000_000_000  // cannot widen the NACHA field
        #expect(settings.maxEntryAmountCents(for: nil, sameDay: false) == ValidationSettings.nachaAmountFieldMaxCents)
    }

    @Test func prenoteIsOneZeroEntryWithAPrenoteCode() {
        var transfer = Fixtures.transfer(amount: 0)
        transfer.prenote = true
        transfer.accountType = "savings"
        let evaluation = TransferValidator().validate([transfer], in: Fixtures.context())[0]
        #expect(evaluation.entries == [PlannedEntry(amountCents: 0, transactionCode: .savingsCreditPrenote)])
    }

    @Test func rejectedTooManyPartsPlansNoEntries() {
        var context = Fixtures.context()
        context.editPolicy { $0.maxEntryAmountCents = 1 }
        let evaluation = TransferValidator().evaluate(Fixtures.transfer(amount: 1_001), in: context)
        #expect(evaluation.codes == [.amountFieldLimit])
        #expect(evaluation.entries.isEmpty)
    }
}
