import ACH
import Testing
import Validation

@Suite struct RuleTests {
    let validator = TransferValidator()

    @Test func baselineTransferPassesEveryRule() {
        let evaluation = validator.validate([Fixtures.transfer()], in: Fixtures.context())[0]
        #expect(evaluation.violations == [])
        #expect(evaluation.effectiveDate == Fixtures.tomorrow)
        #expect(evaluation.entries == [PlannedEntry(amountCents: 12_345, transactionCode: .checkingCredit)])
    }

    /// Each case fails if its rule is removed or stops firing, and if any other rule fires too.
    @Test(arguments: RuleCase.all)
    func oneChangeTriggersExactlyItsRule(_ rule: RuleCase) {
        let (valid, broken) = rule.scenarios()
        #expect(validator.validate([valid.0], in: valid.1)[0].violations == [], "starting point must be valid")
        let codes = validator.validate([broken.0], in: broken.1)[0].codes
        #expect(codes == [rule.code])
    }

    /// With its rule switched off the broken transfer passes: no other rule covers for it, so the
    /// case above really tests that rule.
    @Test(arguments: RuleCase.all)
    func withoutItsRuleTheChangeGoesUnnoticed(_ rule: RuleCase) {
        let (_, broken) = rule.scenarios()
        let without = TransferValidator(rules: TransferRules.all.filter { $0.code != rule.code })
        #expect(without.validate([broken.0], in: broken.1)[0].violations == [])
    }

    @Test(arguments: RuleCase.all)
    func messagesNeverContainTheFullAccountNumber(_ rule: RuleCase) {
        let (_, broken) = rule.scenarios()
        for violation in validator.validate([broken.0], in: broken.1)[0].violations {
            #expect(!violation.message.isEmpty)
            #expect(!violation.message.contains(Fixtures.account), "\(violation)")
            #expect(!violation.message.contains("\n"))
        }
    }

    @Test func everyRuleHasAMutationTest() {
        let tested = Set(RuleCase.all.map(\.code))
        let missing = TransferRules.all.map(\.code).filter { !tested.contains($0) }
        #expect(missing == [])
    }

    @Test func catalogueHasAtLeast25DistinctDocumentedRules() {
        let codes = TransferRules.all.map(\.code)
        #expect(codes.count >= 29)
        #expect(Set(codes).count == codes.count)
        for rule in TransferRules.all {
            #expect(!rule.description.isEmpty && !rule.description.contains("\n"), "\(rule.code)")
            #expect(rule.code.rawValue.allSatisfy { $0.isUppercase || $0 == "_" }, "\(rule.code)")
        }
        #expect(TransferRules.rule(.routingCheckDigit)?.description.contains("3-7-1") == true)
    }

    @Test func allFailuresAreReportedTogetherInCatalogueOrder() {
        var transfer = Fixtures.transfer()
        transfer.amountCents = 0
        transfer.routingNumber = "021000022"
        transfer.receiverName = ""
        transfer.currency = "EUR"
        transfer.secCode = "XYZ"
        let codes = validator.validate([transfer], in: Fixtures.context())[0].codes
        #expect(
            codes == [
                .amountNotPositive, .routingCheckDigit, .secCodeUnsupported, .receiverNameInvalid, .currencyNotUSD,
            ])
    }

    @Test func aRuleLeftOutOfTheValidatorDoesNotRun() {
        var transfer = Fixtures.transfer()
        transfer.currency = "EUR"
        let partial = TransferValidator(rules: TransferRules.all.filter { $0.code != .currencyNotUSD })
        #expect(partial.validate([transfer], in: Fixtures.context())[0].violations == [])
    }

    @Test func idempotencyKeysNormaliseLikeTheSQLExpression() {
        #expect(IdempotencyKey.normalize(" \tOrder-17\r\n") == "order-17")
        #expect(IdempotencyKey.normalize("ÄBC") == "Äbc")  // ASCII only, as lower(… COLLATE "C")
        #expect(IdempotencyKey.normalize("   ") == "")
        #expect(IdempotencyKey(originator: "a", rawKey: "K ") == IdempotencyKey(originator: "a", normalizedKey: "k"))
    }

    @Test func maskedAccountKeepsOnlyTheLastFour() {
        var transfer = Fixtures.transfer()
        transfer.accountNumber = "123456789012345678"
        let message = validator.evaluate(transfer, in: Fixtures.context()).violations[0].message
        #expect(message.contains("**************5678"))
    }
}
