import Foundation
import TestSupport
import Testing
import Worker

/// Secrets in files other accounts can read are refused when the configuration loads.
@Suite("Secret files must be private")
struct SecretFilePermissionTests {
    /// A configuration file in a fresh directory, with `mode`; returns its path.
    static func write(_ text: String, named name: String, mode: Int, in directory: String) throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    static func sftpDestination(keyFile: String) -> String {
        """
        destinations:
          demo-bank:
            immediateDestination: "091000019"
            immediateDestinationName: BANK
            immediateOrigin: "1234567890"
            immediateOriginName: US
            odfiIdentification: "09100001"
            deliveryType: sftp
            sftp:
              host: 127.0.0.1
              username: ach
              privateKeyFile: \(keyFile)
              hostKeyFingerprint: "SHA256:AAAA"

        """
    }

    @Test("an SFTP private key readable by the group is refused, naming the key and the fix")
    func groupReadableKeyIsRefused() throws {
        let directory = try makeTemporaryDirectory()
        let key = try Self.write("-----BEGIN OPENSSH PRIVATE KEY-----\n", named: "id", mode: 0o640, in: directory)
        let config = try Self.write(Self.sftpDestination(keyFile: key), named: "c.yaml", mode: 0o644, in: directory)
        do {
            _ = try WorkerConfiguration.load(path: config, environment: [:])
            Issue.record("a group-readable private key was accepted")
        } catch let error as ConfigurationError {
            #expect(error.code == .insecureFile)
            #expect(error.location == "destinations.demo-bank.sftp.privateKeyFile")
            #expect(error.message.contains("mode 640"))
            #expect(error.message.contains("chmod 600 \(key)"))
        }
        // The same key, private: loads.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
        let loaded = try WorkerConfiguration.load(path: config, environment: [:])
        #expect(loaded.destinations["demo-bank"]?.sftp.privateKeyFile == key)
    }

    @Test("a configuration file with a database password must be private; without one it may be shared")
    func configurationWithPassword() throws {
        let directory = try makeTemporaryDirectory()
        let withPassword = "database:\n  url: postgresql://ach:s3cret@127.0.0.1:5432/ach\n"
        let shared = try Self.write(withPassword, named: "a.yaml", mode: 0o604, in: directory)
        #expect(throws: ConfigurationError.self) { try WorkerConfiguration.load(path: shared, environment: [:]) }
        let keyword = try Self.write(
            "database:\n  url: \"host=127.0.0.1 password=s3cret\"\n", named: "b.yaml", mode: 0o640, in: directory)
        #expect(throws: ConfigurationError.self) { try WorkerConfiguration.load(path: keyword, environment: [:]) }

        let mine = try Self.write(withPassword, named: "c.yaml", mode: 0o600, in: directory)
        #expect(try WorkerConfiguration.load(path: mine, environment: [:]).database.url.contains("s3cret"))
        let noPassword = try Self.write(
            "database:\n  url: postgresql://ach@127.0.0.1:5432/ach\n", named: "d.yaml", mode: 0o644, in: directory)
        #expect(try WorkerConfiguration.load(path: noPassword, environment: [:]).database.url.hasSuffix("/ach"))
    }
}
