import Foundation
import TestSupport
import Testing

/// Logs are read by more people than payment data should be: at the most verbose level, a whole
/// run — import, validation, file assembly, signing, encryption, delivery — must print no full
/// account number and no key material or passphrase.
@Suite("No secrets in logs")
struct SecretsInLogsTests {
    @Test("a full run at trace level prints no account number, passphrase, webhook secret, signing key or account key")
    func traceLogsHoldNoSecrets() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let keys = try makeTemporaryDirectory()
        try await SFTPTestServer.run("/bin/bash", [BankDeliveryTests.scriptsFolder + "/make-test-keys.sh", keys])
        let passphrase = try String(contentsOfFile: keys + "/ours.passphrase", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let secretKey = try String(contentsOfFile: keys + "/ours-secret.asc", encoding: .utf8)

        // Account numbers no log line could contain by chance. The first row has a bad routing
        // check digit: rejected, with its account in the request that the rules saw.
        let accounts = (0..<200).map { "73\(510_000_000 + $0 * 7)" }
        let rows = accounts.enumerated().map { i, account in
            "t-\(i),demo,credit,12.\(10 + i % 90),PPD,JANE DOE,,\(i == 0 ? "091000018" : "091000019"),\(account),"
                + "checking,,false,PAYROLL,,false,,"
        }
        let csv = try ImportCommandTests.write([ImportCommandTests.header] + rows)

        // Callbacks on, so that the webhook secret is in play too.
        let receiver = try WebhookReceiver()
        try await receiver.start()
        defer { receiver.stop() }

        let work = try makeTemporaryDirectory()
        let config = try Daemon.writeConfig(
            database,
            extra: """
                \(receiver.configuration())
                files:
                  archiveDirectory: "\(work)/archive"
                  gnupgDirectory: "\(work)/g"
                \(Daemon.demoBank(
                    """
                        directory: "\(work)/outbox"
                        encryption:
                          type: openpgp
                          recipientKeyFile: "\(keys)/bank.asc"
                          signingKeyFile: "\(keys)/ours-secret.asc"
                          signingPassphraseEnvironment: ACH_TEST_SIGNING_PASSPHRASE
                    """))
                """)
        let yaml = try String(contentsOfFile: config, encoding: .utf8)
            .replacingOccurrences(of: "level: warning", with: "level: trace")
        try yaml.write(toFile: config, atomically: true, encoding: .utf8)
        let environment = receiver.environment.merging(["ACH_TEST_SIGNING_PASSPHRASE": passphrase]) { a, _ in a }

        var output = ""
        for command in [
            ["import", csv], ["run", "--drain"], ["status"], ["files"], ["inspect", "t-0"], ["inspect", "t-1"],
        ] {
            let result = try await Daemon.run(command, config: config, environment: environment)
            #expect(result.status == 0, "\(command): \(result.stderr)")
            output += result.stdout + result.stderr
        }
        #expect(try await database.scalarInt("SELECT count(*) FROM transfers WHERE status = 'sent'") == 199)
        #expect(output.contains("trace") || output.contains("debug"), "the run did not log at trace level")

        for account in accounts { #expect(!output.contains(account), "account \(account) in the logs") }
        #expect(!output.contains(passphrase), "the signing passphrase is in the logs")
        #expect(!receiver.delivered().isEmpty, "callbacks were sent during the run")
        let webhookSecret = try #require(receiver.environment.values.first)
        #expect(!output.contains(webhookSecret), "the webhook secret is in the logs")
        #expect(!output.contains(webhookSecret.dropFirst("whsec_".count).prefix(24)), "webhook key bytes in the logs")
        // Any 40-character run of the armored secret key is key material.
        let armor = secretKey.split(separator: "\n").filter { $0.count >= 40 && !$0.hasPrefix("-----") }
        #expect(!armor.isEmpty)
        for line in armor { #expect(!output.contains(line.prefix(40)), "secret key material in the logs") }
        #expect(!output.contains("PRIVATE KEY"))
        // Nor the keys that seal account numbers.
        let accountKeys = try String(contentsOfFile: TestAccountKeys.file, encoding: .utf8)
        for line in accountKeys.split(separator: "\n") {
            guard let key = line.split(separator: " ").last, key.count >= 40 else { continue }
            #expect(!output.contains(key), "an account key in the logs")
        }
    }
}
