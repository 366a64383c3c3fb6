import ACH
import Foundation
import Store
import TestSupport
import Testing
import Vault
import Worker

/// Account numbers at rest (SPEC §9): sealed in the database, readable only in memory while a
/// file is written and in the archive; compared by keyed hash; re-sealed by `keys rotate`.
@Suite("Account numbers sealed at rest", .serialized)
struct AccountSealingTests {
    /// Account numbers that cannot occur by chance anywhere else in a row.
    static func accounts(_ count: Int, seed: Int) -> [String] {
        (0..<count).map { "58\(seed)\(String(400_000_000 + $0 * 13))" }
    }

    static func transfers(_ accounts: [String], prefix: String) -> [Transfer] {
        var transfers = Fixtures.transfers(accounts.count, prefix: prefix)
        for i in transfers.indices { transfers[i].accountNumber = accounts[i] }
        return transfers
    }

    /// Every entry's account number in the archived files, as the bank will read them.
    static func archivedAccounts(_ database: TestDatabase) async throws -> [String] {
        let paths = try await database.query("SELECT archive_path FROM ach_files").rows.compactMap { $0[0] }
        var accounts: [String] = []
        for path in paths {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            let file = try NACHAReader.read(bytes)
            for batch in file.batches {
                accounts += batch.entries.map { $0.detail.accountNumber.trimmingCharacters(in: .whitespaces) }
            }
        }
        return accounts
    }

    @Test("the database holds no readable account number; the file carries each one; inspect shows four digits")
    func sealedInTheDatabaseReadableInTheFile() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let accounts = Self.accounts(300, seed: 1)
        try await Fixtures.seed(database, Self.transfers(accounts, prefix: "s"))
        let run = try await Daemon.run(["run", "--drain"], config: try Daemon.writeConfig(database))
        #expect(run.status == 0, "\(run.stderr)")

        #expect(
            try await database.scalarInt("SELECT count(*) FROM transfers WHERE account_number NOT LIKE 'v1:k1:%'") == 0)
        let rows = try await database.query("SELECT t::text FROM transfers t").rows.compactMap { $0[0] }.joined()
        let events = try await database.query("SELECT e::text FROM transfer_events e").rows.compactMap { $0[0] }
            .joined()
        for account in accounts {
            #expect(!rows.contains(account), "\(account) readable in transfers")
            #expect(!events.contains(account), "\(account) readable in events")
        }
        #expect(try await Self.archivedAccounts(database).sorted() == accounts.sorted())

        let inspect = try await Daemon.run(["inspect", "s-7"], config: try Daemon.writeConfig(database))
        #expect(inspect.stdout.contains("account ****\(accounts[7].suffix(4))"), "\(inspect.stdout)")
        #expect(!inspect.stdout.contains(accounts[7]))
    }

    @Test(
        "with files.encryptArchive the archived file is sealed, opens to exactly what the bank got, and refuses tampering"
    )
    func sealedArchive() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let accounts = Self.accounts(50, seed: 3)
        try await Fixtures.seed(database, Self.transfers(accounts, prefix: "a"))
        let archive = try makeTemporaryDirectory()
        let config = try Daemon.writeConfig(
            database, extra: "files:\n  archiveDirectory: \"\(archive)\"\n  encryptArchive: true\n")
        let run = try await Daemon.run(["run", "--drain"], config: config)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'sent'") == 50)

        let path = try #require(try await database.query("SELECT archive_path FROM ach_files").scalar)
        let stored = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(AccountVault.isSealedFile(stored))
        let text = String(decoding: stored, as: UTF8.self)
        for account in accounts { #expect(!text.contains(account), "\(account) readable in the archive") }

        let outbox = config.replacingOccurrences(of: ".yaml", with: "") + "/outbox"
        let delivered = try FileManager.default.contentsOfDirectory(atPath: outbox)
        #expect(delivered.count == 1)
        let bank = try [UInt8](Data(contentsOf: URL(fileURLWithPath: outbox + "/" + (delivered.first ?? ""))))
        #expect(try TestAccountKeys.vault.openFile(stored, name: path) == bank)
        let file = try NACHAReader.read(bank)
        let inFile = file.batches.flatMap {
            $0.entries.map { $0.detail.accountNumber.trimmingCharacters(in: .whitespaces) }
        }
        #expect(inFile.sorted() == accounts.sorted())

        var altered = stored
        altered[altered.count - 1] ^= 1
        #expect(throws: VaultError.self) { try TestAccountKeys.vault.openFile(altered, name: "altered") }
    }

    @Test("the database refuses a readable account number, and a sealed one moved to another transfer does not open")
    func readableAccountsAreRefused() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        do {
            _ = try await database.query(
                """
                INSERT INTO transfers (idempotency_key, originator, direction, amount_cents, sec_code,
                                       receiver_name, routing_number, account_number, entry_description)
                VALUES ('plain', 'demo', 'credit', 100, 'PPD', 'X', '091000019', '12345678', 'PAYROLL')
                """)
            Issue.record("a readable account number was stored")
        } catch let error as StoreError {
            #expect(error.message.contains("transfers_account_sealed"), "\(error)")
        }
        let sealed = TestAccountKeys.vault.seal("12345678", transferID: UUID())
        #expect(throws: VaultError.self) { try TestAccountKeys.vault.open(sealed, transferID: UUID()) }
    }

    @Test("probable duplicates are still found, by keyed hash")
    func duplicatesByHash() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let config = try Daemon.writeConfig(database)
        let first = Self.transfers(["58911112222"], prefix: "first")
        try await Fixtures.seed(database, first)
        #expect(try await Daemon.run(["run", "--drain"], config: config).status == 0)

        var again = Self.transfers(["58911112222", "58911113333"], prefix: "again")
        again[0].amountCents = first[0].amountCents
        again[1].amountCents = first[0].amountCents
        try await Fixtures.seed(database, again)
        #expect(try await Daemon.run(["run", "--drain"], config: config).status == 0)
        let statuses = try await database.query(
            "SELECT idempotency_key, status, coalesce(rejection::text, '') FROM transfers ORDER BY idempotency_key")
        let byKey = Dictionary(uniqueKeysWithValues: statuses.rows.map { ($0[0] ?? "", ($0[1] ?? "", $0[2] ?? "")) })
        #expect(byKey["again-0"]?.0 == "rejected")
        #expect(byKey["again-0"]?.1.contains("PROBABLE_DUPLICATE") == true)
        #expect(byKey["again-1"]?.0 == "sent", "another account, same amount: not a duplicate")
    }

    @Test(
        "keys rotate re-seals every row under the new key beside a running daemon, and seals rows from before sealing")
    func rotation() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let accounts = Self.accounts(3_000, seed: 2)
        try await Fixtures.seed(database, Self.transfers(accounts, prefix: "r"))
        // Two rows as a database from before migration 0011 would hold them.
        let legacy = ["58977770001", "58977770002"]
        _ = try await database.query("ALTER TABLE transfers DROP CONSTRAINT transfers_account_sealed")
        for (i, account) in legacy.enumerated() {
            _ = try await database.query(
                """
                INSERT INTO transfers (idempotency_key, originator, direction, amount_cents, sec_code,
                                       receiver_name, routing_number, account_number, entry_description)
                VALUES ($1, 'demo', 'credit', 4242, 'PPD', 'OLD ROW', '091000019', $2, 'PAYROLL')
                """, ["legacy-\(i)", account])
        }
        // And one already sent then: it has no keyed hash, so no fingerprint for rule
        // PROBABLE_DUPLICATE until the rotation gives it both.
        _ = try await database.query(
            """
            INSERT INTO transfers (idempotency_key, originator, direction, amount_cents, sec_code, receiver_name,
                                   routing_number, account_number, entry_description, status,
                                   resolved_effective_date, decided_at)
            VALUES ('legacy-sent', 'demo', 'credit', 4343, 'PPD', 'OLD ROW', '091000019', '58977770003',
                    'PAYROLL', 'sent', current_date, now())
            """)
        _ = try await database.query(
            "ALTER TABLE transfers ADD CONSTRAINT transfers_account_sealed CHECK (account_number LIKE 'v1:%') NOT VALID"
        )

        // The key file gains k2, which becomes current.
        let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("rotate-\(UUID()).keys").path
        let text =
            try String(contentsOfFile: TestAccountKeys.file, encoding: .utf8)
            + VaultKeyRing.newKeyLine(id: "k2") + "\n"
        FileManager.default.createFile(
            atPath: keyFile, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        let config = try Daemon.writeConfig(
            database, extra: "accountKeys:\n  file: \"\(keyFile)\"\n  current: k2\npool:\n  claimBatchSize: 100")

        let daemon = try Daemon.start(["run"], config: config, environment: ["ACH_WORKER_FAULT_DECIDE_DELAY_MS": "20"])
        while try await database.scalarInt("SELECT count(*) FROM transfers WHERE status <> 'pending'") < 200 {
            try await Task.sleep(for: .milliseconds(20))
        }
        let rotate = try await Daemon.run(["keys", "rotate", "--batch", "250", "--json"], config: config)
        #expect(rotate.status == 0, "\(rotate.stdout) \(rotate.stderr)")
        #expect(rotate.stdout.contains("\"sealed_from_plaintext\" : 3"), "\(rotate.stdout)")
        #expect(rotate.stdout.contains("\"remaining\" : 0"), "\(rotate.stdout)")
        daemon.signal(SIGTERM)
        #expect(await daemon.finish().status == 0)

        #expect(
            try await database.scalarInt("SELECT count(*) FROM transfers WHERE account_number NOT LIKE 'v1:k2:%'") == 0)
        #expect(
            try await database.scalarInt(
                "SELECT count(*) FROM transfers WHERE account_hash IS NULL OR account_last4 IS NULL") == 0)
        #expect(
            try await database.scalarInt(
                """
                SELECT count(*) FROM transfers t
                  JOIN transfer_fingerprints f ON f.transfer_id = t.id
                   AND f.fingerprint = ach_fingerprint(t.originator, t.routing_number, t.account_hash,
                                                       t.amount_cents, t.direction::text)
                 WHERE t.idempotency_key = 'legacy-sent'
                """) == 1)
        let drained = try await Daemon.run(["run", "--drain"], config: config)
        #expect(drained.status == 0, "\(drained.stderr)")
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'sent'") == 3_003)
        #expect(try await Self.archivedAccounts(database).sorted() == (accounts + legacy).sorted())

        // The old key is gone from a file that only has k2 now: everything still opens.
        let rotated = text.split(separator: "\n").filter { !$0.hasPrefix("k1 ") }.joined(separator: "\n") + "\n"
        try rotated.write(toFile: keyFile, atomically: false, encoding: .utf8)
        let again = try await Daemon.run(["keys", "rotate"], config: config)
        #expect(again.status == 0 && again.stdout.contains("resealed 0"), "\(again.stdout) \(again.stderr)")
    }
}
