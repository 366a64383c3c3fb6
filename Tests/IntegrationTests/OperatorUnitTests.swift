import Foundation
import Store
import Testing
import Worker

/// The pure parts of the operator commands: no database.
@Suite("Operator commands: times, identity, results")
struct OperatorUnitTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static let times: [(String, Double)] = [
        ("2026-11-22T09:30:00Z", 1_795_339_800.0),
        ("2026-11-22T04:30:00-05:00", 1_795_339_800.0),
        ("2026-11-22T09:30:00.250Z", 1_795_339_800.25),
        ("2026-11-22T09:30:00", 1_795_339_800.0),
        ("2026-11-22T09:30", 1_795_339_800.0),
        ("2026-11-22", 1_795_305_600.0),
        ("45s", 1_795_000_000.0 - 45),
        ("90m", 1_795_000_000.0 - 5_400),
        ("6h", 1_795_000_000.0 - 21_600),
        ("2d", 1_795_000_000.0 - 172_800),
        ("1w", 1_795_000_000.0 - 604_800),
    ]

    @Test("--since and --until read ISO 8601, bare UTC dates and times, and ages", arguments: times)
    func timesParse(_ text: String, _ expected: Double) {
        #expect(OperatorTime.parse(text, now: Self.now)?.timeIntervalSince1970 == expected)
    }

    @Test("unreadable times are refused", arguments: ["", "yesterday", "6 hours", "-2h", "infh", "2026-13-01", "h"])
    func badTimesAreRefused(_ text: String) {
        #expect(OperatorTime.parse(text, now: Self.now) == nil)
    }

    @Test("the operator is --operator when given, else an OS account name, never empty")
    func operatorIdentity() {
        #expect(OperatorIdentity.resolve(explicit: " alice ") == "alice")
        #expect(!OperatorIdentity.resolve(explicit: nil).isEmpty)
        #expect(!OperatorIdentity.resolve(explicit: "  ").isEmpty)
        #expect(OperatorIdentity.display(actor: "operator:bob") == "bob")
        #expect(OperatorIdentity.display(actor: "host-1234") == "host-1234")
    }

    @Test("a result succeeds only when something changed and nothing was refused")
    func resultExitCodes() {
        let change = OperatorItem(
            kind: .file, id: "1", label: "a.ach", owner: "bank", status: "failed", newStatus: "archived")
        let refusal = OperatorItem(
            kind: .file, id: "2", label: "b.ach", owner: "bank", status: "sent",
            refusal: OperatorRefusal(.wouldDeliverTwice, "was delivered"))
        func result(_ changed: [OperatorItem], _ refused: [OperatorItem]) -> OperatorResult {
            OperatorResult(
                command: "retry files", dryRun: false, operatorName: "alice", reason: "r", auditID: 1, truncated: false,
                changed: changed, refused: refused)
        }
        #expect(result([change], []).succeeded)
        #expect(!result([change], [refusal]).succeeded)
        #expect(!result([], [refusal]).succeeded)
        #expect(!result([], []).succeeded, "nothing matched")
        #expect(change.isChange && !refusal.isChange)
    }
}
