import ACH
import Foundation
import Testing
import Validation

@Suite struct BlockedPartiesTests {
    let list = BlockedParties(
        names: ["Acme Trading", "  "],
        accounts: [.init(routingNumber: "021000021", accountNumber: "555-01"), .init(accountNumber: "777")])

    @Test(arguments: [
        ("ACME TRADING", true),
        ("Acme Trading, LLC", true),  // every blocked word present
        ("trading acme", true),
        ("ACME TRAD", false),  // words, not substrings
        ("ACME", false),
        ("", false),  // a blank configured name blocks nothing
    ])
    func namesMatchWhenEveryBlockedWordIsPresent(receiver: String, blocked: Bool) {
        #expect((list.blockedName(matching: receiver) != nil) == blocked)
    }

    @Test func accountsMatchPerBankOrEverywhere() {
        #expect(list.blocksAccount(routingNumber: "021000021", accountNumber: "55501"))
        #expect(!list.blocksAccount(routingNumber: "011000015", accountNumber: "55501"))
        #expect(list.blocksAccount(routingNumber: "011000015", accountNumber: "777"))
        #expect(!BlockedParties().blocksAccount(routingNumber: "021000021", accountNumber: "777"))
    }

    @Test func contextFromAnInstantUsesTheBanksLocalDay() {
        let clock = BankClock(identifier: "America/New_York")!
        let instant = Date(timeIntervalSince1970: 1_748_919_600)  // 2025-06-03T03:00:00Z
        let context = ValidationContext(instant: instant, clock: clock, originators: [Fixtures.policy()])
        #expect(context.today == Fixtures.day("2025-06-02"))
        #expect(context.now.hour == 23)
    }
}
