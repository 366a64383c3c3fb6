import ACH
import Foundation
import Testing

@Suite("ach-worker cancel", .serialized)
struct CancelCommandTests {
    @Test("a pending transfer is cancelled with the operator's event and is never processed")
    func pendingTransferIsCancelled() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let setup = try OperatorSupport.setup(database)
        try await Fixtures.seed(database, Fixtures.transfers(2))

        let result = try await OperatorSupport.run(
            ["cancel", "t-0", "--reason", "customer withdrew the payment"], setup, as: "carol")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("cancelled"))
        #expect(result.stdout.contains("pending → cancelled"))
        #expect(
            try await database.scalarInt(
                """
                SELECT count(*) FROM transfer_events
                 WHERE from_status = 'pending' AND to_status = 'cancelled' AND actor = 'operator:carol'
                   AND detail->>'reason' = 'customer withdrew the payment' AND detail->>'action' = 'cancel'
                """) == 1)

        #expect(try await Daemon.run(["run", "--drain"], config: setup.config).status == 0)
        #expect(try await OperatorSupport.status(database, key: "t-0") == "cancelled")
        #expect(try await OperatorSupport.status(database, key: "t-1") == "sent")

        // Once sent it is too late; a second cancel of t-0 says who cancelled it.
        let late = try await OperatorSupport.run(["cancel", "t-1", "t-0", "--reason", "r", "--json"], setup)
        #expect(late.status == 1)
        #expect(OperatorSupport.refusalCodes(late.stdout).sorted() == ["ALREADY_CANCELLED", "TOO_LATE_TO_CANCEL"])
        let messages = OperatorSupport.items(late.stdout, "refused").compactMap {
            ($0["refusal"] as? [String: Any])?["message"] as? String
        }
        #expect(messages.contains { $0.contains("already cancelled by carol at ") })
        #expect(messages.contains { $0.contains("reversal") })
        // A cancelled transfer is never retried either.
        let retry = try await OperatorSupport.run(["retry", "transfers", "t-0", "--reason", "r", "--json"], setup)
        #expect(OperatorSupport.refusalCodes(retry.stdout) == ["ALREADY_CANCELLED"])
    }

    @Test("cancelling an accepted transfer gives its amount back to the originator's daily exposure")
    func acceptedTransferGivesExposureBack() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let setup = try OperatorSupport.setup(database)
        // Settles in two weeks: accepted now, filed only in the window before that day.
        var transfers = Fixtures.transfers(2)
        let later = Self.today().adding(days: 14)
        for i in transfers.indices { transfers[i].effectiveDate = later }
        try await Fixtures.seed(database, transfers)
        #expect(try await Daemon.run(["run", "--drain"], config: setup.config).status == 0)
        #expect(try await OperatorSupport.status(database, key: "t-0") == "accepted")
        let before = try await database.scalarInt("SELECT sum(used_cents) FROM originator_exposure")
        #expect(before == Int(transfers[0].amountCents + transfers[1].amountCents))

        let result = try await OperatorSupport.run(["cancel", "t-0", "--reason", "duplicate order", "--json"], setup)
        #expect(result.status == 0, "\(result.stderr)")
        let notes = OperatorSupport.items(result.stdout, "changed").first?["notes"] as? [String] ?? []
        #expect(notes.contains { $0.contains("exposure") })
        #expect(
            try await database.scalarInt("SELECT sum(used_cents) FROM originator_exposure")
                == Int(transfers[1].amountCents))
        #expect(try await OperatorSupport.status(database, key: "t-0") == "cancelled")
    }

    @Test("rejected transfers cannot be cancelled, and a key used by two originators needs --originator")
    func rejectedAndAmbiguousAreRefused() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let setup = try OperatorSupport.setup(database)
        try await Fixtures.seed(database, Fixtures.transfers(1) + Fixtures.transfers(1, originator: "other"))

        let ambiguous = try await OperatorSupport.run(["cancel", "t-0", "--reason", "r", "--json"], setup)
        #expect(ambiguous.status == 1)
        #expect(OperatorSupport.refusalCodes(ambiguous.stdout) == ["AMBIGUOUS_REFERENCE", "AMBIGUOUS_REFERENCE"])
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'cancelled'") == 0)

        let dry = try await OperatorSupport.run(
            ["cancel", "t-0", "--originator", "other", "--reason", "r", "--dry-run"], setup)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("would cancel"))
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'cancelled'") == 0)

        // The `other` originator is not configured: the pool rejects its transfer.
        #expect(try await Daemon.run(["run", "--drain"], config: setup.config).status == 0)
        let rejected = try await OperatorSupport.run(
            ["cancel", "t-0", "--originator", "other", "--reason", "r", "--json"], setup)
        #expect(rejected.status == 1)
        #expect(OperatorSupport.refusalCodes(rejected.stdout) == ["NOT_CANCELLABLE"])
        let missing = try await OperatorSupport.run(["cancel", "no-such-key", "--reason", "r"], setup)
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("NOT_FOUND"))
    }

    static func today() -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "America/New_York")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
