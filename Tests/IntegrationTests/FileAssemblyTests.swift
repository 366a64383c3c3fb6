import ACH
import Foundation
import Store
import Testing

/// Reads every file a run delivered and checks it against the database: valid NACHA, totals equal
/// to the database's, and every entry of every sent transfer in exactly one file.
struct FileAudit {
    var files: [String: NACHAFile] = [:]
    var entryCount = 0

    static func check(_ database: TestDatabase, outbox: String) async throws -> FileAudit {
        var audit = FileAudit()
        var seenTraces: Set<String> = []
        for name in try FileManager.default.contentsOfDirectory(atPath: outbox).sorted() where !name.hasPrefix(".") {
            let bytes = [UInt8](FileManager.default.contents(atPath: outbox + "/" + name)!)
            let report = NACHAValidator.validate(bytes)
            #expect(report.isValid, "\(name): \(report.rendered(name: name))")
            let file = try NACHAReader.read(bytes)
            audit.files[name] = file
            let row = try await database.query(
                "SELECT debit_total_cents, credit_total_cents, entry_count, status::text FROM ach_files WHERE name = $1",
                [name]
            ).rows.first
            #expect(row?[0] == String(file.control.totalDebit), "\(name) debit total differs from the database")
            #expect(row?[1] == String(file.control.totalCredit), "\(name) credit total differs from the database")
            #expect(row?[2] == String(file.entryCount))
            #expect(row?[3] == "sent")
            for batch in file.batches {
                for entry in batch.entries {
                    #expect(
                        seenTraces.insert(entry.detail.traceNumber).inserted, "trace \(entry.detail.traceNumber) twice")
                    audit.entryCount += 1
                }
            }
        }
        let expected = try await database.scalarInt(
            "SELECT coalesce(sum(cardinality(entry_amounts)), 0) FROM transfers WHERE status = 'sent'")
        #expect(audit.entryCount == expected, "every entry of every sent transfer is in exactly one file")
        let sentAmount = try await database.query(
            "SELECT coalesce(sum(amount_cents), 0) FROM transfers WHERE status = 'sent'"
        ).scalar
        let fileAmount = audit.files.values.reduce(Int64(0)) { $0 + $1.control.totalCredit + $1.control.totalDebit }
        #expect(sentAmount == String(fileAmount), "the files move exactly the sent transfers' money")
        return audit
    }
}

@Suite("File assembly and delivery", .serialized)
struct FileAssemblyTests {
    static func config(_ database: TestDatabase, outbox: String, archive: String, extra: String = "") throws -> String {
        try Daemon.writeConfig(
            database,
            extra: """
                files:
                  archiveDirectory: "\(archive)"
                  drainDeliveryTimeoutSeconds: 3
                originators:
                  demo:
                    companyName: DEMO CORP
                    companyID: "1234567890"
                    destination: demo-bank
                    maxEntryAmountCents: 2000
                \(Daemon.demoBank("    maxEntriesPerFile: 700\n    directory: \"\(outbox)\""))
                \(extra)
                """)
    }

    @Test("two daemons at once: every entry lands in exactly one valid file whose totals equal the database's")
    func twoDaemonsFileEachEntryOnce() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let folder = try makeFolder()
        // Amounts of $1–$41 against a $20 entry limit: about half the transfers are split into 2–3 entries.
        try await Fixtures.seed(database, Fixtures.transfers(4_000))
        let config = try Self.config(database, outbox: folder + "/outbox", archive: folder + "/archive")

        let a = try Daemon.start(["run", "--drain"], config: config, environment: ["ACH_WORKER_ID": "a"])
        let b = try Daemon.start(["run", "--drain"], config: config, environment: ["ACH_WORKER_ID": "b"])
        let (ra, rb) = (await a.finish(), await b.finish())
        #expect(ra.status == 0, "\(ra.stderr)")
        #expect(rb.status == 0, "\(rb.stderr)")

        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'sent'") == 4_000)
        #expect(
            try await database.scalarInt("SELECT count(*) FROM transfers WHERE cardinality(entry_amounts) > 1") > 100)
        let audit = try await FileAudit.check(database, outbox: folder + "/outbox")
        #expect(audit.files.count >= 6, "700 entries per file")
        let modifiers = try await database.query("SELECT file_id_modifier FROM ach_files ORDER BY file_id_modifier")
        #expect(Set(modifiers.rows.map { $0[0] }).count == audit.files.count, "a distinct file ID modifier per file")
        // A split transfer's entries share one file.
        #expect(
            try await database.scalarInt(
                "SELECT count(*) FROM (SELECT transfer_id FROM ach_entries GROUP BY transfer_id HAVING count(DISTINCT file_id) > 1) x"
            )
                == 0)
        // The archive holds the same bytes, with the recorded hash, mode 0600.
        for row in try await database.query("SELECT archive_path, sha256, name FROM ach_files").rows {
            let path = row[0]!
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            let archived = FileManager.default.contents(atPath: path)
            #expect(archived == FileManager.default.contents(atPath: folder + "/outbox/" + row[2]!))
        }
    }

    @Test("a crash between upload and bookkeeping: the next run marks the file sent without uploading it again")
    func crashAfterUploadDoesNotUploadTwice() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let folder = try makeFolder()
        try await Fixtures.seed(database, Fixtures.transfers(50))
        let config = try Self.config(database, outbox: folder + "/outbox", archive: folder + "/archive")

        let crashed = try await Daemon.run(
            ["run", "--drain"], config: config, environment: ["ACH_WORKER_FAULT_EXIT_AFTER_UPLOAD": "1"])
        #expect(crashed.status == 86, "\(crashed.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder + "/outbox")
        #expect(names.count == 1)
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'batched'") == 50)
        let before = try FileManager.default.attributesOfItem(atPath: folder + "/outbox/" + names[0])

        let flushed = try await Daemon.run(["flush"], config: config)
        #expect(flushed.status == 0, "\(flushed.stderr)")
        let after = try FileManager.default.attributesOfItem(atPath: folder + "/outbox/" + names[0])
        #expect(before[.systemFileNumber] as? Int == after[.systemFileNumber] as? Int, "the file was not rewritten")
        #expect(before[.modificationDate] as? Date == after[.modificationDate] as? Date)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/outbox") == names)
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'sent'") == 50)
        #expect(
            try await database.scalarInt(
                "SELECT count(*) FROM file_events WHERE to_status = 'sent' AND (detail->>'already_present')::boolean")
                == 1)
        _ = try await FileAudit.check(database, outbox: folder + "/outbox")
    }

    @Test("files lists what was sent, with hash and archive path")
    func filesCommandListsFiles() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let folder = try makeFolder()
        try await Fixtures.seed(database, Fixtures.transfers(10))
        let config = try Self.config(database, outbox: folder + "/outbox", archive: folder + "/archive")
        #expect(try await Daemon.run(["run", "--drain"], config: config).status == 0)
        let listed = try await Daemon.run(["files", "--json"], config: config)
        let files = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]]
        #expect(files?.count == 1)
        #expect(files?.first?["status"] as? String == "sent")
        #expect((files?.first?["sha256"] as? String)?.count == 64)
        #expect((files?.first?["archive_path"] as? String)?.hasPrefix(folder + "/archive/") == true)
        #expect(files?.first?["entry_count"] as? Int == 10)
        #expect(try await Daemon.run(["flush"], config: config).stdout.contains("nothing due"))
    }

    func makeFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ach-files-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
