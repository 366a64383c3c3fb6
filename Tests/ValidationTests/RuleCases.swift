import ACH
import Testing
import Validation

/// One rule test: from a valid starting point (the baseline, optionally adjusted by `setup` and
/// still valid), a single change must trigger exactly `code`.
struct RuleCase: Sendable, CustomTestStringConvertible {
    typealias Edit = @Sendable (inout Transfer, inout ValidationContext) -> Void

    let code: RuleCode
    let change: String
    let setup: Edit
    let mutate: Edit

    init(_ code: RuleCode, _ change: String, setup: @escaping Edit = { _, _ in }, mutate: @escaping Edit) {
        self.code = code
        self.change = change
        self.setup = setup
        self.mutate = mutate
    }

    var testDescription: String { "\(code): \(change)" }

    /// The valid starting point and the mutated transfer, in their contexts.
    func scenarios() -> (valid: (Transfer, ValidationContext), broken: (Transfer, ValidationContext)) {
        var transfer = Fixtures.transfer()
        var context = Fixtures.context()
        setup(&transfer, &context)
        let valid = (transfer, context)
        mutate(&transfer, &context)
        return (valid, (transfer, context))
    }
}

private let debit: RuleCase.Edit = { t, _ in
    t.direction = .debit
    t.authorization = "AUTH-2025-0001"
}

extension RuleCase {
    static let all: [RuleCase] = [
        RuleCase(.amountNotPositive, "amount 0") { t, _ in t.amountCents = 0 },
        RuleCase(.amountNotPositive, "negative amount") { t, _ in t.amountCents = -5 },
        RuleCase(
            .amountFieldLimit, "needs more entries than allowed",
            setup: { _, c in
                c.settings.maxEntriesPerTransfer = 2
                c.editPolicy { $0.maxEntryAmountCents = 10_000 }
            }
        ) { t, _ in t.amountCents = 20_001 },
        RuleCase(.sameDayLimit, "same-day over $1,000,000", setup: { t, _ in t.sameDay = true }) { t, _ in
            t.amountCents = 100_000_001
        },
        RuleCase(.routingFormat, "eight digits") { t, _ in t.routingNumber = "02100002" },
        RuleCase(.routingFormat, "letters") { t, _ in t.routingNumber = "02100002A" },
        RuleCase(.routingCheckDigit, "wrong check digit") { t, _ in t.routingNumber = "021000022" },
        RuleCase(.routingFedSymbol, "prefix 13 with a valid check digit") { t, _ in t.routingNumber = "130000006" },
        RuleCase(.accountNumberInvalid, "missing") { t, _ in t.accountNumber = "" },
        RuleCase(.accountNumberInvalid, "18 characters") { t, _ in t.accountNumber = "123456789012345678" },
        RuleCase(.accountNumberInvalid, "space inside") { t, _ in t.accountNumber = "1234 5678" },
        RuleCase(.accountNumberInvalid, "all zeros") { t, _ in t.accountNumber = "000-0000" },
        RuleCase(.accountTypeInvalid, "loan") { t, _ in t.accountType = "loan" },
        RuleCase(.accountTypeInvalid, "upper case") { t, _ in t.accountType = "CHECKING" },
        RuleCase(.transactionCodeInvalid, "TEL credit") { t, _ in t.secCode = "TEL" },
        RuleCase(.secCodeUnsupported, "IAT") { t, _ in t.secCode = "IAT" },
        RuleCase(.secCodeUnsupported, "lower case") { t, _ in t.secCode = "ppd" },
        RuleCase(.secCodeReceiverMismatch, "CCD without receiver id") { t, _ in
            t.secCode = "CCD"
            t.receiverID = ""
        },
        RuleCase(
            .secCodeReceiverMismatch, "CTX without addenda",
            setup: { t, _ in
                t.secCode = "CTX"
                t.addenda = ["ISA*00*"]
            }
        ) { t, _ in t.addenda = [] },
        RuleCase(
            .webPaymentType, "WEB debit without payment type",
            setup: { t, c in
                debit(&t, &c)
                t.secCode = "WEB"
                t.webPaymentType = "S"
            }
        ) { t, _ in t.webPaymentType = nil },
        RuleCase(.webPaymentType, "WEB payment type X", setup: { t, _ in t.secCode = "WEB" }) { t, _ in
            t.webPaymentType = "X"
        },
        RuleCase(.authorizationMissing, "debit without authorization", setup: debit) { t, _ in t.authorization = " " },
        RuleCase(.receiverNameInvalid, "blank") { t, _ in t.receiverName = "  " },
        RuleCase(.receiverNameInvalid, "23 characters") { t, _ in t.receiverName = "ABCDEFGHIJKLMNOPQRSTUVW" },
        RuleCase(.receiverNameInvalid, "accented letter") { t, _ in t.receiverName = "JOSÉ DOE" },
        RuleCase(.receiverIDInvalid, "16 characters") { t, _ in t.receiverID = "1234567890123456" },
        RuleCase(.receiverIDInvalid, "tab") { t, _ in t.receiverID = "EMP\t42" },
        RuleCase(.entryDescriptionInvalid, "missing") { t, _ in t.entryDescription = "" },
        RuleCase(.entryDescriptionInvalid, "11 characters") { t, _ in t.entryDescription = "PAYROLL2025" },
        RuleCase(.entryDescriptionInvalid, "reversal spelled otherwise") { t, _ in t.entryDescription = "Reversal" },
        RuleCase(.addendaCount, "two addenda on PPD") { t, _ in t.addenda = ["INV 1", "INV 2"] },
        RuleCase(
            .addendaCount, "addenda on TEL",
            setup: { t, c in
                debit(&t, &c); t.secCode = "TEL"
            }
        ) { t, _ in
            t.addenda = ["CALL 1"]
        },
        RuleCase(.addendaTextInvalid, "81 characters") { t, _ in t.addenda = [String(repeating: "X", count: 81)] },
        RuleCase(.addendaTextInvalid, "empty line") { t, _ in t.addenda = [""] },
        RuleCase(.effectiveDateInPast, "yesterday") { t, _ in t.effectiveDate = Fixtures.day("2025-06-02") },
        RuleCase(.effectiveDateInPast, "today without same-day") { t, _ in t.effectiveDate = Fixtures.day("2025-06-03")
        },
        RuleCase(.effectiveDateTooFar, "31 days ahead") { t, _ in t.effectiveDate = Fixtures.day("2025-07-04") },
        RuleCase(
            .effectiveDateNotBankingDay, "Saturday, set to reject",
            setup: { _, c in c.settings.nonBankingDayHandling = .reject }
        ) { t, _ in t.effectiveDate = Fixtures.day("2025-06-07") },
        RuleCase(
            .effectiveDateNotBankingDay, "Juneteenth, set to reject",
            setup: { _, c in c.settings.nonBankingDayHandling = .reject }
        ) { t, _ in t.effectiveDate = Fixtures.day("2025-06-19") },
        RuleCase(
            .sameDayCutoffPassed, "17:00, set to reject",
            setup: { t, c in
                t.sameDay = true
                c.settings.sameDayCutoffHandling = .reject
            }
        ) { _, c in c.now = Fixtures.at("2025-06-03", 17, 0) },
        RuleCase(.originatorUnknown, "unknown originator") { t, _ in t.originator = "globex" },
        RuleCase(.originatorInactive, "inactive") { _, c in c.editPolicy { $0.active = false } },
        RuleCase(.originatorSECCodeNotAllowed, "PPD not allowed") { _, c in c.editPolicy { $0.allowedSECCodes = [.ccd] }
        },
        RuleCase(.originatorDirectionNotAllowed, "credits not allowed") { _, c in
            c.editPolicy { $0.allowedDirections = [.debit] }
        },
        RuleCase(.originatorSameDayNotAllowed, "same-day not allowed", setup: { t, _ in t.sameDay = true }) { _, c in
            c.editPolicy { $0.sameDayAllowed = false }
        },
        RuleCase(.idempotencyKeyMissing, "blank key") { t, _ in t.idempotencyKey = " " },
        RuleCase(.idempotencyKeyReused, "key used before, other case and spaces") { _, c in
            c.history.idempotencyKeysInUse = [IdempotencyKey(originator: "acme", rawKey: " ORDER-1 ")]
        },
        RuleCase(.probableDuplicate, "same account, amount and date in the database") { t, c in
            let key = DuplicateKey(
                originator: "acme", routingNumber: t.routingNumber, accountNumber: t.accountNumber, direction: .credit,
                amountCents: t.amountCents, effectiveDate: Fixtures.tomorrow)
            c.history.duplicateCounts = [key: 1]
        },
        RuleCase(.dailyExposureLimit, "credits already near the limit") { _, c in
            let key = ExposureKey(originator: "acme", effectiveDate: Fixtures.tomorrow, direction: .credit)
            c.history.exposureUsedCents = [key: 1_000_000_000 - 12_344]
        },
        RuleCase(.dailyExposureLimit, "debit limit", setup: debit) { _, c in
            c.editPolicy { $0.dailyDebitLimitCents = 100 }
        },
        RuleCase(.transferAmountLimit, "over per-transfer maximum") { _, c in
            c.editPolicy { $0.maxTransferAmountCents = 12_344 }
        },
        RuleCase(.blockedParty, "blocked name, other case and punctuation") { _, c in
            c.settings.blockedParties = BlockedParties(names: ["Doe, Jane"])
        },
        RuleCase(.blockedParty, "blocked account at any bank") { _, c in
            c.settings.blockedParties = BlockedParties(accounts: [.init(accountNumber: "9876-5432-101")])
        },
        RuleCase(
            .prenoteInvalid, "prenote with an amount",
            setup: { t, _ in
                t.prenote = true; t.amountCents = 0
            }
        ) {
            t, _ in t.amountCents = 100
        },
        RuleCase(
            .prenoteInvalid, "prenote with addenda",
            setup: { t, _ in
                t.prenote = true; t.amountCents = 0
            }
        ) {
            t, _ in t.addenda = ["INV 1"]
        },
        RuleCase(.currencyNotUSD, "EUR") { t, _ in t.currency = "EUR" },
    ]
}
