import Foundation
import TestSupport
import Vault

/// The configuration files of the chaos run's two daemons, written as an operator would write
/// them (every key is documented in `Config/ach-worker.yaml`): one database, the `loadtest`
/// originator with a signed-webhook URL, and the `loadtest-bank` destination delivering
/// OpenPGP-encrypted files over SFTP. The two files differ only in the worker id and the
/// metrics port.
struct ChaosConfiguration: Sendable {
    let databaseURL: String
    let work: String
    let sftp: SFTPTestServer
    let receiverURL: String
    let bankKey: BankKey
    let maxEntriesPerFile: Int
    let connections: Int
    let logLevel: String

    /// Writes the shared secret files (account keys, webhook secret; mode 0600, or the daemon
    /// refuses them) and returns the webhook secret.
    static func writeSecrets(work: String) throws -> String {
        let secret = "whsec_" + Data((0..<24).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        let keys = [VaultKeyRing.newKeyLine(id: "lookup"), VaultKeyRing.newKeyLine(id: "k1")].joined(separator: "\n")
        for (name, text) in [("accounts.keys", keys + "\n"), ("webhook.secret", secret + "\n")] {
            guard
                FileManager.default.createFile(
                    atPath: work + "/" + name, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
            else { throw LoadTestError(.toolFailed, "cannot write \(work)/\(name)") }
        }
        return secret
    }

    /// Writes daemon `index`'s file and returns its path. `gnupg` is its own GnuPG folder (two
    /// processes never share a keyring).
    func write(index: Int, metricsPort: Int, gnupg: String) throws -> String {
        // A cutoff every minute of the day: files are assembled and uploaded all through the run,
        // so that kills land in the middle of assembly and uploads (cutoffs fire on banking days).
        let cutoffs = (0..<24 * 60).map { String(format: "\"%02d:%02d\"", $0 / 60, $0 % 60) }
        let yaml = """
            database:
              url: "\(databaseURL)"
              connections: \(connections)
            pool:
              maxInFlight: 1000
              claimBatchSize: 200
              # Short leases: a killed daemon's transfers come back within seconds, not a minute.
              leaseSeconds: 15
              processingTimeoutSeconds: 10
              reapIntervalSeconds: 2
              # A transfer retried after a transient error (the database restart) is due again
              # after this many seconds times its attempts.
              retryDelaySeconds: 2
              pollIntervalMilliseconds: 500
              workerID: "chaos-\(index)"
            metrics:
              enabled: true
              host: 127.0.0.1
              port: \(metricsPort)
            logging:
              level: \(logLevel)
            accountKeys:
              file: "\(work)/accounts.keys"
              current: k1
            files:
              archiveDirectory: "\(work)/archive"
              gnupgDirectory: "\(gnupg)"
              maxRetryDelaySeconds: 10
              drainDeliveryTimeoutSeconds: 60
            callbacks:
              concurrency: 32
              timeoutMilliseconds: 2000
              maxAgeSeconds: 3600
              initialBackoffMilliseconds: 200
              maxBackoffMilliseconds: 2000
              batchSize: 200
              pollIntervalMilliseconds: 200
              drainTimeoutSeconds: 30
            originators:
              \(TransferGenerator.originator):
                active: true
                companyName: LOAD TEST CORP
                companyID: "1999999999"
                destination: \(LoadTestConfiguration.destination)
                secCodes: [PPD, CCD, CTX, WEB, TEL]
                directions: [credit, debit]
                maxEntryAmountCents: \(TransferGenerator.maxEntryAmountCents)
                maxTransferAmountCents: 100_000_000_000
                dailyDebitLimitCents: 1_000_000_000_000_000
                dailyCreditLimitCents: 1_000_000_000_000_000
                callback:
                  url: "\(receiverURL)"
                  secretFile: "\(work)/webhook.secret"
            destinations:
              \(LoadTestConfiguration.destination):
                immediateDestination: "091000019"
                immediateDestinationName: LOAD TEST BANK
                immediateOrigin: "1999999999"
                immediateOriginName: LOAD TEST CORP
                odfiIdentification: "09100001"
                cutoffs: [\(cutoffs.joined(separator: ", "))]
                maxEntriesPerFile: \(maxEntriesPerFile)
                fileName: "{destination}-{date}-{modifier}.ach"
                deliveryType: sftp
                sftp:
                  host: 127.0.0.1
                  port: \(sftp.port)
                  username: \(sftp.user)
                  privateKeyFile: "\(sftp.keyPath)"
                  hostKeyFingerprint: "\(sftp.fingerprint)"
                  remoteDirectory: "\(sftp.uploadDirectory)"
                  connectTimeoutSeconds: 5
                encryption:
                  type: openpgp
                  recipientKeyFile: "\(bankKey.publicKeyFile)"

            """
        let path = work + "/daemon-\(index).yaml"
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(yaml.utf8), attributes: [.posixPermissions: 0o600])
        else { throw LoadTestError(.toolFailed, "cannot write \(path)") }
        return path
    }
}
