import Foundation
import Store
import TestSupport
import Testing

/// The whole path to a bank: files assembled by the daemon, encrypted with OpenPGP through GPGME
/// or CMS through OpenSSL, uploaded to a real OpenSSH server on 127.0.0.1, decrypted by the real
/// `gpg` / `openssl` and compared with the archive.
@Suite("Delivery to a bank over SFTP, encrypted", .serialized)
struct BankDeliveryTests {
    static func keys() async throws -> String {
        let folder = try makeTemporaryDirectory()
        try await SFTPTestServer.run("/bin/bash", [scriptsFolder + "/make-test-keys.sh", folder])
        return folder
    }

    static var scriptsFolder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts").path
    }

    /// `settings`: more lines for the destination (YAML indented four spaces), e.g. its file size.
    static func config(
        _ database: TestDatabase, server: SFTPTestServer, work: String, encryption: String, settings: String = ""
    ) throws -> String {
        try Daemon.writeConfig(
            database,
            extra: """
                files:
                  archiveDirectory: "\(work)/archive"
                  gnupgDirectory: "\(work)/g"
                  drainDeliveryTimeoutSeconds: 2
                \(Daemon.demoBank(
                    """
                    \(settings)
                        deliveryType: sftp
                        sftp:
                          host: 127.0.0.1
                          port: \(server.port)
                          username: \(server.user)
                          privateKeyFile: "\(server.keyPath)"
                          hostKeyFingerprint: "\(server.fingerprint)"
                          remoteDirectory: "\(server.uploadDirectory)"
                          connectTimeoutSeconds: 3
                        encryption:
                    \(encryption)
                    """))
                """)
    }

    @Test(
        "OpenPGP over SFTP: gpg decrypts the upload to the archived file; a stopped server delays, never loses, files")
    func openPGPOverSFTP() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let keys = try await Self.keys()
        let work = try makeTemporaryDirectory()
        try await SFTPTestServer.with { server in
            let config = try Self.config(
                database, server: server, work: work,
                encryption: """
                              type: openpgp
                              recipientKeyFile: "\(keys)/bank.asc"
                    """)
            let transfers = Fixtures.transfers(150)
            try await Fixtures.seed(database, Array(transfers.prefix(120)))
            let first = try await Daemon.run(["run", "--drain"], config: config)
            #expect(first.status == 0, "\(first.stderr)")
            let uploaded = try server.uploadedNames()
            #expect(uploaded.count == 1)
            #expect(uploaded.first?.hasSuffix(".ach.pgp") == true)
            let armored = try String(contentsOfFile: server.uploadDirectory + "/" + uploaded[0], encoding: .utf8)
            #expect(armored.hasPrefix("-----BEGIN PGP MESSAGE-----"))
            let plain = try await Self.output(
                "/usr/bin/gpg",
                [
                    "--homedir", keys + "/bank-gnupg", "--batch", "--quiet", "--decrypt",
                    server.uploadDirectory + "/" + uploaded[0],
                ])
            let archivePath = try await database.query("SELECT archive_path FROM ach_files").scalar!
            #expect(plain == FileManager.default.contents(atPath: archivePath), "decrypts to the archived NACHA file")
            _ = try await FileAudit.check(database, outbox: try Self.decryptedFolder(server, keys: keys))

            // The bank's server goes away: the next file waits (archived, batched), then goes.
            try await server.stop()
            try await Fixtures.seed(database, Array(transfers.suffix(30)))
            let down = try await Daemon.run(["run", "--drain"], config: config)
            #expect(down.status == 1, "drain reports the undelivered file")
            #expect(down.stderr.contains("DELIVERY_UNREACHABLE"), "\(down.stderr)")
            #expect(try await database.scalarInt("SELECT count(*) FROM ach_files WHERE status = 'archived'") == 1)
            #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'batched'") == 30)
            try await server.restart()
            let flushed = try await Daemon.run(["flush"], config: config)
            #expect(flushed.status == 0, "\(flushed.stderr)")
            #expect(try server.uploadedNames().count == 2)
            #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'sent'") == 150)
        }
    }

    @Test("CMS over SFTP, and the crash between upload and bookkeeping uploads nothing twice")
    func cmsOverSFTPWithCrashAfterUpload() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let keys = try await Self.keys()
        let work = try makeTemporaryDirectory()
        try await SFTPTestServer.with { server in
            let config = try Self.config(
                database, server: server, work: work,
                encryption: """
                              type: cms
                              certificateFile: "\(keys)/bank-cert.pem"
                    """)
            try await Fixtures.seed(database, Fixtures.transfers(40))
            let crashed = try await Daemon.run(
                ["run", "--drain"], config: config, environment: ["ACH_WORKER_FAULT_EXIT_AFTER_UPLOAD": "1"])
            #expect(crashed.status == 86, "\(crashed.stderr)")
            let names = try server.uploadedNames()
            #expect(names.count == 1 && names[0].hasSuffix(".ach.p7m"))
            let path = server.uploadDirectory + "/" + names[0]
            let before = try FileManager.default.attributesOfItem(atPath: path)

            let flushed = try await Daemon.run(["flush"], config: config)
            #expect(flushed.status == 0, "\(flushed.stderr)")
            let after = try FileManager.default.attributesOfItem(atPath: path)
            #expect(before[.systemFileNumber] as? Int == after[.systemFileNumber] as? Int, "not uploaded again")
            #expect(try server.uploadedNames() == names)
            let plain = try await Self.output(
                "/usr/bin/openssl",
                [
                    "cms", "-decrypt", "-binary", "-inform", "DER", "-in", path,
                    "-inkey", keys + "/bank-key.pem", "-recip", keys + "/bank-cert.pem",
                ])
            let archivePath = try await database.query("SELECT archive_path FROM ach_files").scalar!
            #expect(plain == FileManager.default.contents(atPath: archivePath))
            #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'sent'") == 40)
        }
    }

    @Test("a wrong pinned host key is a clear, non-retried failure and nothing is uploaded")
    func wrongHostKeyIsRefused() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let work = try makeTemporaryDirectory()
        try await SFTPTestServer.with { real in
            let server = real
            var config = try Self.config(database, server: server, work: work, encryption: "      type: none")
            let text = try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(
                of: server.fingerprint, with: "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
            config = config + ".wrong.yaml"
            try text.write(toFile: config, atomically: true, encoding: .utf8)
            try await Fixtures.seed(database, Fixtures.transfers(5))
            let result = try await Daemon.run(["run", "--drain"], config: config)
            #expect(result.status == 1)
            #expect(result.stderr.contains("DELIVERY_HOST_KEY_MISMATCH"), "\(result.stderr)")
            #expect(try server.uploadedNames().isEmpty)
            #expect(try await database.scalarInt("SELECT count(*) FROM ach_files WHERE status = 'failed'") == 1)
        }
    }

    /// Decrypts every upload into a folder so that `FileAudit` can read them.
    static func decryptedFolder(_ server: SFTPTestServer, keys: String) async throws -> String {
        let folder = try makeTemporaryDirectory()
        for name in try server.uploadedNames() {
            let plain = try await output(
                "/usr/bin/gpg",
                [
                    "--homedir", keys + "/bank-gnupg", "--batch", "--quiet", "--decrypt",
                    server.uploadDirectory + "/" + name,
                ])
            FileManager.default.createFile(
                atPath: folder + "/" + name.replacingOccurrences(of: ".pgp", with: ""), contents: plain)
        }
        return folder
    }

    static func output(_ executable: String, _ arguments: [String]) async throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = try await onDispatchQueue { pipe.fileHandleForReading.readDataToEndOfFile() }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(executable) \(arguments) failed")
        return data
    }
}
