import ACH
import Foundation
import Store
import Testing
import Worker

/// The roles of migration 0010: the daemon runs as `ach_worker` without DELETE or TRUNCATE, and
/// a producer as `ach_producer` may only insert transfers.
@Suite("Least privilege: the ach_worker and ach_producer roles")
struct LeastPrivilegeTests {
    /// A login role that is a member of `group`, for this test only; returns its URL for `database`.
    static func loginRole(in group: String, for database: TestDatabase) async throws -> (name: String, url: String) {
        let name = "t_\(group)_\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await database.query("CREATE ROLE \(name) LOGIN IN ROLE \(group)")
        guard let scheme = database.url.range(of: "://"), let at = database.url.range(of: "@") else {
            throw TestSetupError("the test database URL has no user: \(database.url)")
        }
        return (name, database.url.replacingCharacters(in: scheme.upperBound..<at.lowerBound, with: name))
    }

    static func dropRole(_ name: String, _ database: TestDatabase) async {
        await database.drop()
        let admin = PGConnection(url: database.adminURL, label: "admin", logger: database.logger)
        _ = try? await admin.withSession { try $0.execute("DROP ROLE IF EXISTS \(name)") }
        await admin.close()
    }

    /// The error PostgreSQL gives `sql` run on `url`, or nil when it succeeds.
    static func failure(of sql: String, on url: String, _ database: TestDatabase) async -> String? {
        let connection = PGConnection(url: url, label: "role", logger: database.logger)
        defer { Task { await connection.close() } }
        do {
            _ = try await connection.withSession { try $0.query(sql) }
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("the daemon drains the queue as ach_worker, which may not delete or truncate anything")
    func workerRole() async throws {
        let database = try await TestDatabase.create()
        let role = try await Self.loginRole(in: "ach_worker", for: database)
        defer { Task { await Self.dropRole(role.name, database) } }
        try await Fixtures.seed(database, Fixtures.transfers(300))

        let config = try Daemon.writeConfig(database)
        let run = try await Daemon.run(["run", "--drain"], config: config, environment: ["DATABASE_URL": role.url])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'sent'") == 300)

        for sql in [
            "DELETE FROM transfers", "TRUNCATE transfer_events", "DELETE FROM ach_entries", "DELETE FROM ach_files",
            "DELETE FROM operator_actions", "CREATE TABLE sneaky (id int)",
        ] {
            let error = await Self.failure(of: sql, on: role.url, database)
            #expect(error?.contains("permission denied") == true, "\(sql): \(error ?? "succeeded")")
        }
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers") == 300)
    }

    /// A producer's INSERT of one transfer, written as `TransferSubmission` writes it: the account
    /// number sealed, with its lookup hash and last four. A tab in `key` is sent as `\t`.
    static func producerInsert(key: String, amount: Int) -> String {
        let id = UUID()
        let account = TestAccountKeys.vault.stored(
            Transfer(
                id: id, idempotencyKey: key, originator: "demo", direction: .credit, amountCents: Int64(amount),
                secCode: "PPD", receiverName: "JANE DOE", routingNumber: "091000019", accountNumber: "12345678",
                entryDescription: "PAYROLL"))
        return """
            INSERT INTO transfers (id, idempotency_key, originator, direction, amount_cents, sec_code,
                                   receiver_name, routing_number, account_number, account_hash, account_last4,
                                   entry_description)
            VALUES ('\(id)', E'\(key.replacingOccurrences(of: "\t", with: "\\t"))', 'demo', 'credit', \(amount),
                    'PPD', 'JANE DOE', '091000019', '\(account.sealed)', '\(account.lookupHash)',
                    '\(account.lastFour)', 'PAYROLL')
            """
    }

    @Test("a producer may insert transfers and do nothing else")
    func producerRole() async throws {
        let database = try await TestDatabase.create()
        let role = try await Self.loginRole(in: "ach_producer", for: database)
        defer { Task { await Self.dropRole(role.name, database) } }

        #expect(await Self.failure(of: Self.producerInsert(key: "p-1", amount: 1250), on: role.url, database) == nil)
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'pending'") == 1)

        for sql in [
            "SELECT account_number FROM transfers", "UPDATE transfers SET amount_cents = 1",
            "DELETE FROM transfers", "SELECT * FROM transfer_events",
            "INSERT INTO transfer_events (transfer_id, to_status, actor) SELECT gen_random_uuid(), 'sent', 'x'",
            "SELECT * FROM ach_files",
        ] {
            let error = await Self.failure(of: sql, on: role.url, database)
            #expect(error?.contains("permission denied") == true, "\(sql): \(error ?? "succeeded")")
        }
    }

    @Test("a producer's insert records the normalized key, so a key reused with other case or spaces is rejected")
    func producerKeysAreRecorded() async throws {
        let database = try await TestDatabase.create()
        let role = try await Self.loginRole(in: "ach_producer", for: database)
        defer { Task { await Self.dropRole(role.name, database) } }
        for (key, amount) in [("Key-7", 1250), (" key-7\t", 1300)] {
            #expect(
                await Self.failure(of: Self.producerInsert(key: key, amount: amount), on: role.url, database) == nil)
        }
        #expect(try await database.scalarInt("SELECT count(*) FROM transfer_keys WHERE normalized_key = 'key-7'") == 2)
        for sql in [
            "SELECT * FROM transfer_keys", "INSERT INTO transfer_keys VALUES ('demo', 'x', now(), gen_random_uuid())",
        ] {
            let error = await Self.failure(of: sql, on: role.url, database)
            #expect(error?.contains("permission denied") == true, "\(sql): \(error ?? "succeeded")")
        }
        // Appended, never changed — not even by the schema's owner.
        await #expect(throws: StoreError.self) {
            try await database.query("UPDATE transfer_keys SET normalized_key = 'x'")
        }

        let run = try await Daemon.run(["run", "--drain"], config: try Daemon.writeConfig(database))
        #expect(run.status == 0, "\(run.stderr)")
        let outcomes = try await database.query(
            "SELECT amount_cents::text, status::text, coalesce(rejection::text, '') FROM transfers ORDER BY created_at"
        ).rows
        #expect(outcomes.count == 2)
        #expect(outcomes.first?[1] == "sent", "\(outcomes)")
        #expect(
            outcomes.last?[1] == "rejected" && outcomes.last?[2]?.contains("IDEMPOTENCY_KEY_REUSED") == true,
            "\(outcomes)")
    }
}
