import ACH
import Foundation
import Validation

/// A valid transfer and context: every rule test starts here and changes one thing.
enum Fixtures {
    static func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    static func at(_ date: String, _ hour: Int, _ minute: Int) -> BankLocalTime {
        BankLocalTime(date: day(date), secondOfDay: hour * 3600 + minute * 60)
    }

    /// Tuesday 2025-06-03, 09:00 bank time: every same-day window is still open today.
    static let now = at("2025-06-03", 9, 0)
    /// The next banking day after `now`, where a dateless standard entry settles.
    static let tomorrow = day("2025-06-04")

    static let account = "98765432101"

    static func transfer(
        key: String = "order-1", amount: Int64 = 12_345, direction: TransferDirection = .credit,
        originator: String = "acme"
    ) -> Transfer {
        Transfer(
            idempotencyKey: key, originator: originator, direction: direction, amountCents: amount,
            secCode: "PPD", receiverName: "JANE DOE", receiverID: "EMP-0042", routingNumber: "021000021",
            accountNumber: account, accountType: "checking", entryDescription: "PAYROLL")
    }

    static func policy() -> OriginatorPolicy {
        OriginatorPolicy(
            name: "acme", companyName: "ACME CORP", companyID: "1234567890",
            maxTransferAmountCents: 500_000_000, dailyDebitLimitCents: 1_000_000_000,
            dailyCreditLimitCents: 1_000_000_000)
    }

    static func context(
        now: BankLocalTime = Fixtures.now, policies: [OriginatorPolicy] = [Fixtures.policy()],
        settings: ValidationSettings = ValidationSettings(), history: TransferHistory = TransferHistory()
    ) -> ValidationContext {
        ValidationContext(now: now, originators: policies, settings: settings, history: history)
    }
}

extension ValidationContext {
    /// Edits the one configured originator in place (tests only have "acme").
    mutating func editPolicy(_ name: String = "acme", _ edit: (inout OriginatorPolicy) -> Void) {
        var policy = originators[name]!
        edit(&policy)
        originators[name] = policy
    }
}
