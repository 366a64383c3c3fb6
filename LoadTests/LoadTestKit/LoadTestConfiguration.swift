import Foundation
import Vault
import Worker

/// The daemon configuration a run uses: the `loadtest` originator sending to one destination,
/// `loadtest-bank`, delivered into a local outbox folder with OpenPGP encryption to the
/// throwaway bank key. Exposure limits are out of reach so that only the rules the profile breaks
/// on purpose reject anything.
enum LoadTestConfiguration {
    static let destination = "loadtest-bank"

    static func make(
        _ settings: LoadTestSettings, databaseURL: String, work: String, gnupgDirectory: String, bankKey: BankKey
    ) throws -> WorkerConfiguration {
        var c = WorkerConfiguration()
        // Throwaway account-sealing keys, readable by this account only, like the daemon's.
        let keys = work + "/accounts.keys"
        let text = [VaultKeyRing.newKeyLine(id: "lookup"), VaultKeyRing.newKeyLine(id: "k1")].joined(separator: "\n")
        guard
            FileManager.default.createFile(
                atPath: keys, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw LoadTestError(.toolFailed, "cannot write \(keys)") }
        c.accountKeys.file = keys
        c.accountKeys.current = "k1"
        c.database.url = databaseURL
        c.database.connections = settings.connections
        c.pool.maxInFlight = settings.maxInFlight
        c.pool.claimBatchSize = settings.claimBatchSize
        c.pool.flushBatchSize = settings.flushBatchSize
        c.pool.flushIntervalMilliseconds = settings.flushIntervalMilliseconds
        c.pool.workerID = "loadtest-\(getpid())"
        c.metrics.enabled = false
        c.files.archiveDirectory = work + "/archive"
        c.files.gnupgDirectory = gnupgDirectory
        // Start from the built-in demo originator and bank (their initializers are the Worker's own).
        var originator = c.originators.values.first!
        originator.active = true
        originator.companyName = "LOAD TEST CORP"
        originator.companyID = "1999999999"
        originator.destination = destination
        originator.secCodes = ["PPD", "CCD", "CTX", "WEB", "TEL"]
        originator.directions = ["credit", "debit"]
        originator.maxEntryAmountCents = TransferGenerator.maxEntryAmountCents
        originator.maxTransferAmountCents = 100_000_000_000
        originator.dailyDebitLimitCents = Int64.max / 4
        originator.dailyCreditLimitCents = Int64.max / 4
        c.originators = [TransferGenerator.originator: originator]
        var bank = c.destinations.values.first!
        bank.immediateDestination = "091000019"
        bank.immediateDestinationName = "LOAD TEST BANK"
        bank.immediateOrigin = "1999999999"
        bank.immediateOriginName = "LOAD TEST CORP"
        bank.odfiIdentification = "09100001"
        bank.maxEntriesPerFile = settings.maxEntriesPerFile
        bank.deliveryType = "directory"
        bank.directory = work + "/outbox"
        bank.encryption.type = "openpgp"
        bank.encryption.recipientKeyFile = bankKey.publicKeyFile
        c.destinations = [destination: bank]
        return c
    }
}
