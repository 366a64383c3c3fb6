import Delivery
import Dispatch
import Foundation
import Logging
import Store
import Vault

/// Delivers a destination's archived files: encrypt once (the encrypted bytes are archived and
/// their hash recorded before any upload), upload, then mark the file and its transfers `sent`.
///
/// A per-file advisory lock keeps two daemons from uploading the same file at once. After a
/// crash between upload and the database update, the next attempt finds the same bytes at the
/// final name (`.alreadyPresent`) and only records the success.
struct FileDeliverer: Sendable {
    struct Report: Sendable {
        var sent: [FileRecord] = []
        var failed: [(file: FileRecord, error: String, transient: Bool)] = []
    }

    let plan: DestinationPlan
    let encryptor: any FileEncryptor
    let target: any DeliveryTarget
    let archive: DirectoryTarget
    let archiveDirectory: String
    /// Opens archived files sealed at rest (`files.encryptArchive`, now or when they were made).
    let vault: AccountVault
    let actor: String
    let maxRetryDelaySeconds: Int
    let logger: Logger
    /// Uploads block on the network; they get their own queue, never the cooperative pool.
    let queue: DispatchQueue
    let faults: FaultInjection

    /// Delivers the destination's due files, except those in `skipping` (files that already
    /// failed in this run: with `ignoringBackoff` they would otherwise be tried again by every
    /// later pass of the same run).
    func deliverDue(
        on connection: PGConnection, ignoringBackoff: Bool = false, skipping: Set<UUID> = []
    ) async throws -> Report {
        let name = plan.name
        var report = Report()
        let due = try await connection.withSession {
            try FileStore.filesDue($0, destination: name, ignoringBackoff: ignoringBackoff)
        }
        for file in due where !skipping.contains(file.id) {
            guard try await connection.withSession({ try FileStore.tryLockFile($0, file.id) }) else { continue }
            do {
                if let result = try await deliver(file, on: connection) { report.sent.append(result) }
            } catch {
                let (message, transient) = Self.describe(error)
                let delay = min(maxRetryDelaySeconds, 5 * (1 << min(file.attempts, 10)))
                logger.warning(
                    "file delivery failed",
                    metadata: [
                        "destination": "\(name)", "file": "\(file.name)", "error": "\(message)",
                        "transient": "\(transient)", "retry_in_seconds": "\(transient ? delay : 0)",
                    ])
                let actor = self.actor
                try await connection.withSession {
                    try FileStore.recordFailure(
                        $0, file.id, error: message, transient: transient, retryAfterSeconds: delay, actor: actor)
                }
                report.failed.append((file, message, transient))
            }
            _ = try? await connection.withSession { try FileStore.unlockFile($0, file.id) }
        }
        return report
    }

    /// One file, its lock held. Returns nil when another daemon finished it meanwhile.
    private func deliver(_ listed: FileRecord, on connection: PGConnection) async throws -> FileRecord? {
        guard let file = try await connection.withSession({ try FileStore.file($0, listed.id) }),
            file.status == "archived"
        else { return nil }
        let (bytes, sha) = try await deliveryBytes(file, on: connection)
        let target = self.target
        let remoteName = file.name + encryptor.fileExtension
        let outcome: DeliveryOutcome = try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try target.deliver(name: remoteName, bytes: bytes, sha256: sha) })
            }
        }
        if faults.exitAfterUpload {
            logger.critical(
                "fault injection: exiting between upload and bookkeeping", metadata: ["file": "\(remoteName)"])
            exit(FaultInjection.crashStatus)
        }
        let actor = self.actor
        try await connection.withSession {
            try FileStore.markSent($0, file.id, actor: actor, alreadyPresent: outcome == .alreadyPresent)
        }
        logger.info(
            "file delivered",
            metadata: [
                "destination": "\(plan.name)", "file": "\(remoteName)", "target": "\(target.description)",
                "already_present": "\(outcome == .alreadyPresent)",
            ])
        var sent = file
        sent.status = "sent"
        return sent
    }

    /// The exact bytes to upload: made (encrypted) and archived on the first attempt, read back
    /// and checked against the recorded hash on every later one.
    private func deliveryBytes(_ file: FileRecord, on connection: PGConnection) async throws -> ([UInt8], String) {
        if let path = file.deliveryPath, let sha = file.deliverySHA256 {
            return (try read(path, expecting: sha), sha)
        }
        let plain = try read(file.archivePath, expecting: file.sha256)
        if encryptor is PlainFile {
            // Nothing to encrypt: the archived file is the delivered one.
            try await connection.withSession {
                try FileStore.setDeliveryBytes($0, file.id, path: file.archivePath, sha256: file.sha256)
            }
            return (plain, file.sha256)
        }
        let name = "\(file.fileDate)-\(file.id.uuidString.lowercased()).delivery\(encryptor.fileExtension)"
        let path = archiveDirectory + "/" + name
        // Encrypted bytes archived but not recorded: an attempt died (or lost its database
        // connection, and with it the file's lock) between the two. Nothing was uploaded from
        // them — uploads use recorded bytes only — so they are adopted rather than encrypted
        // again: new ciphertext would differ (a fresh session key) and the archive refuses to
        // overwrite, which failed the file for good (found by `ach-loadtest --chaos`).
        let bytes: [UInt8]
        if let orphan = Self.orphan(at: path) {
            bytes = orphan
        } else {
            bytes = try await encryptAndArchive(plain, name: name, path: path)
        }
        let sha = SHA256.hex(bytes)
        try await connection.withSession { try FileStore.setDeliveryBytes($0, file.id, path: path, sha256: sha) }
        return (bytes, sha)
    }

    /// Encrypts `plain` (off the cooperative pool) and archives the result as `name`; if another
    /// attempt archived its own bytes there meanwhile, those are the ones to deliver.
    private func encryptAndArchive(_ plain: [UInt8], name: String, path: String) async throws -> [UInt8] {
        let encryptor = self.encryptor
        let fresh: [UInt8] = try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try encryptor.encrypt(plain) }) }
        }
        do {
            _ = try archive.deliver(name: name, bytes: fresh, sha256: SHA256.hex(fresh))
            return fresh
        } catch let error as DeliveryError where error.code == .conflict {
            guard let archived = Self.orphan(at: path) else { throw error }
            return archived
        }
    }

    /// The bytes of an archived encrypted copy, if one is there. The archive writes a file
    /// under a temporary name, flushes it and links it into place, so one that exists is whole.
    static func orphan(at path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    /// An archived file's bytes — opened, when it is sealed — checked against the recorded hash.
    func read(_ path: String, expecting sha: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DeliveryError(.ioFailed, "archived file \(path) is missing or unreadable", isTransient: false)
        }
        var bytes = [UInt8](data)
        if AccountVault.isSealedFile(bytes) {
            do {
                bytes = try vault.openFile(bytes, name: "archived file \(path)")
            } catch {
                throw DeliveryError(.ioFailed, "\(error)", isTransient: false)
            }
        }
        guard SHA256.hex(bytes) == sha else {
            throw DeliveryError(
                .ioFailed, "archived file \(path) does not match its recorded SHA-256; refusing to send it",
                isTransient: false)
        }
        return bytes
    }

    static func describe(_ error: any Error) -> (String, Bool) {
        switch error {
        case let error as DeliveryError: return (error.description, error.isTransient)
        case let error as StoreError: return (error.description, true)
        default: return ("\(error)", false)
        }
    }
}
