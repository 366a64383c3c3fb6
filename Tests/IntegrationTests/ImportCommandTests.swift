import Foundation
import Testing

@Suite("ach-worker import, status and inspect", .serialized)
struct ImportCommandTests {
    static let header =
        "idempotency_key,originator,direction,amount,sec_code,receiver_name,receiver_id,routing_number,account_number,account_type,effective_date,same_day,entry_description,addenda,prenote,web_payment_type,authorization"

    static func write(_ lines: [String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString).csv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func row(_ key: String, amount: String = "12.34", routing: String = "091000019") -> String {
        "\(key),demo,credit,\(amount),PPD,JANE DOE,,\(routing),123456789,checking,,false,PAYROLL,,false,,"
    }

    @Test("malformed rows are refused with their line numbers and nothing is enqueued")
    func malformedFileEnqueuesNothing() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let config = try Daemon.writeConfig(database)
        let file = try Self.write([
            Self.header, Self.row("a1"), Self.row("a2", amount: "12.345"), Self.row("a3"),
            "a4,demo,sideways,1.00,PPD,X,,091000019,1,checking,,false,PAYROLL,,false,,", Self.row("a5", amount: "1e5"),
        ])
        let result = try await Daemon.run(["import", file], config: config)
        #expect(result.status == 1)
        #expect(result.stderr.contains("line 3"))
        #expect(result.stderr.contains("line 5"))
        #expect(result.stderr.contains("line 6"))
        #expect(!result.stderr.contains("line 2,"))
        #expect(result.stderr.contains("nothing was enqueued"))
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers") == 0)
    }

    @Test("importing the same file twice enqueues nothing the second time and says so")
    func reimportIsANoOp() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let config = try Daemon.writeConfig(database)
        let file = try Self.write([Self.header] + (0..<100).map { Self.row("k\($0)", amount: "\($0 + 1).00") })
        let first = try await Daemon.run(["import", file], config: config)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("enqueued 100 transfers"))
        let second = try await Daemon.run(["import", file], config: config)
        #expect(second.status == 0)
        #expect(second.stdout.contains("nothing new"))
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers") == 100)
        #expect(try await database.scalarInt("SELECT count(*) FROM transfer_events") == 100)
    }

    @Test("a well-formed row that breaks a rule is enqueued, then rejected with its code; inspect and status show it")
    func businessRuleViolationsAreRejectedByTheRules() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let config = try Daemon.writeConfig(database)
        let file = try Self.write([Self.header, Self.row("good"), Self.row("bad-routing", routing: "091000018")])
        #expect(try await Daemon.run(["import", file], config: config).status == 0)
        let drained = try await Daemon.run(["run", "--drain"], config: config)
        #expect(drained.status == 0, "\(drained.stderr)")

        let inspect = try await Daemon.run(["inspect", "bad-routing", "--json"], config: config)
        #expect(inspect.status == 0, "\(inspect.stderr)")
        let details = try JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8)) as? [String: Any]
        #expect(details?["status"] as? String == "rejected")
        let codes = (details?["rejections"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
        #expect(codes.contains("ROUTING_CHECK_DIGIT"))
        #expect(!inspect.stdout.contains("123456789"), "the account number must be masked")

        let status = try await Daemon.run(["status", "--json"], config: config)
        let object = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        let counts = object?["counts"] as? [String: Int]
        #expect(counts?["sent"] == 1, "the drain files and delivers what it accepted")
        #expect(counts?["rejected"] == 1)
        #expect(counts?["pending"] == 0)
        #expect(object?["in_flight"] as? Int == 0)
        #expect(object?["oldest_pending_seconds"] != nil)

        let missing = try await Daemon.run(["inspect", "no-such-key"], config: config)
        #expect(missing.status == 1)
    }

    @Test("a configuration error names the key and exits 2")
    func badConfigurationExitsTwo() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let config = try Daemon.writeConfig(database, extra: "pool:\n  maxInFlite: 10")
        let result = try await Daemon.run(["status"], config: config)
        #expect(result.status == 2)
        #expect(result.stderr.contains("pool.maxInFlite"))
    }
}
