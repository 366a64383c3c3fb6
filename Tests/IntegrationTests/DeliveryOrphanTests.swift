import Delivery
import Foundation
import Store
import TestSupport
import Testing

/// A daemon that dies (or loses the database) after archiving a file's encrypted bytes and before
/// recording them leaves an encrypted copy nobody knows about. Found by `ach-loadtest --chaos`:
/// the next attempt encrypted again, the archive refused the different bytes, and the file failed
/// for good with its transfers stuck in `batched`.
@Suite("Delivery after a crash between archiving and recording the encrypted bytes", .serialized)
struct DeliveryOrphanTests {
    @Test("the encrypted copy archived but not recorded is adopted and delivered, not encrypted again")
    func unrecordedEncryptedCopyIsAdopted() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let keys = try await BankDeliveryTests.keys()
        let work = try makeTemporaryDirectory()
        try await SFTPTestServer.with { server in
            let config = try BankDeliveryTests.config(
                database, server: server, work: work,
                encryption: """
                              type: openpgp
                              recipientKeyFile: "\(keys)/bank.asc"
                    """)
            try await Fixtures.seed(database, Fixtures.transfers(40))
            // The bank is away: the file is assembled, encrypted and archived, not uploaded.
            try await server.stop()
            let down = try await Daemon.run(["run", "--drain"], config: config)
            #expect(down.status == 1, "\(down.stderr)")
            let path = try #require(
                try await database.query("SELECT delivery_path FROM ach_files WHERE status = 'archived'").scalar)
            let orphan = try #require(FileManager.default.contents(atPath: path))
            // As if the attempt had died before recording the bytes it archived.
            _ = try await database.query("UPDATE ach_files SET delivery_path = NULL, delivery_sha256 = NULL")

            try await server.restart()
            let flushed = try await Daemon.run(["flush"], config: config)
            #expect(flushed.status == 0, "\(flushed.stderr)")
            let names = try server.uploadedNames()
            #expect(names.count == 1)
            let uploaded = FileManager.default.contents(atPath: server.uploadDirectory + "/" + (names.first ?? ""))
            #expect(uploaded == orphan, "the archived encrypted bytes went to the bank, not a second encryption")
            #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'sent'") == 40)
            #expect(
                try await database.query("SELECT delivery_sha256 FROM ach_files").scalar
                    == SHA256.hex([UInt8](orphan)))
        }
    }
}
