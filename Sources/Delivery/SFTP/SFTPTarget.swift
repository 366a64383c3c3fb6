import Logging

/// A bank's SFTP server, reached through libssh2 with public-key authentication and a pinned
/// host key (SPEC §6).
///
/// Each `deliver` is one attempt on its own connection (a bank gets a handful of files a day);
/// retrying with backoff is the caller's job, guided by `DeliveryError.isTransient`. It blocks,
/// so run it on a DispatchQueue of your own, never on Swift's cooperative thread pool.
///
/// The file is never uploaded twice and never overwrites anything: if the final name already
/// exists (a crash after an earlier upload), it is compared byte for byte instead; otherwise the
/// bytes go to `.NAME.tmp-<random>` (created exclusively, flushed with fsync@openssh.com) and
/// are renamed into place without overwrite.
public struct SFTPTarget: DeliveryTarget, CustomStringConvertible {
    public let configuration: Configuration
    let pinnedHostKey: HostKeyFingerprint
    let logger: Logger

    /// Checks the configuration (throws `.misconfigured`); connects only in `deliver`.
    public init(configuration: Configuration, logger: Logger = Logger(label: "ach.delivery.sftp")) throws {
        func invalid(_ message: String) -> DeliveryError {
            DeliveryError(.misconfigured, "SFTP target \(configuration.host): \(message)", isTransient: false)
        }
        guard !configuration.host.isEmpty else { throw invalid("host is empty") }
        guard (1...65535).contains(configuration.port) else { throw invalid("port \(configuration.port) is invalid") }
        guard !configuration.username.isEmpty else { throw invalid("username is empty") }
        guard !configuration.privateKeyPath.isEmpty else { throw invalid("private key path is empty") }
        guard configuration.connectTimeout > .zero, configuration.ioTimeout > .zero else {
            throw invalid("timeouts must be positive")
        }
        self.pinnedHostKey = try HostKeyFingerprint(openSSH: configuration.hostKeyFingerprint)
        self.configuration = configuration
        self.logger = logger
    }

    public var description: String {
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        let directory = configuration.remoteDirectory.hasPrefix("/") ? "" : "/"
        return
            "sftp://\(configuration.username)@\(host):\(configuration.port)\(directory)\(configuration.remoteDirectory)"
    }

    /// One delivery attempt. `sha256` is not needed: an existing file is compared with `bytes`
    /// byte for byte (same bytes ⇔ same hash).
    public func deliver(name: String, bytes: [UInt8], sha256: String) throws -> DeliveryOutcome {
        try DeliveryFileName.validate(name)
        var logger = self.logger
        logger[metadataKey: "delivery.file"] = "\(name)"
        let connection = try SFTPConnection(configuration: configuration, fingerprint: pinnedHostKey, logger: logger)
        defer { connection.release() }

        // Checked before uploading so that a retry after a crash never uploads a second time.
        if try connection.size(of: remotePath(name)) != nil {
            logger.info("file already on the SFTP server; comparing it", metadata: ["sftp.target": "\(description)"])
            return try compareExisting(name, with: bytes, over: connection)
        }
        let outcome = try upload(bytes, as: name, over: connection)
        logger.info("delivered by SFTP", metadata: ["sftp.target": "\(description)", "outcome": "\(outcome)"])
        return outcome
    }

    /// Uploads to a temporary name and renames it to `name` without overwriting. If `name`
    /// appeared meanwhile, compares it instead (and removes our temporary file).
    func upload(_ bytes: [UInt8], as name: String, over connection: SFTPConnection) throws -> DeliveryOutcome {
        let temporary = remotePath(DeliveryFileName.temporary(for: name))
        do {
            try connection.createFile(temporary, bytes: bytes)
        } catch {
            connection.removeQuietly(temporary)
            throw error
        }
        guard let refusal = try connection.renameWithoutOverwrite(temporary, to: remotePath(name)) else {
            return .uploaded
        }
        defer { connection.removeQuietly(temporary) }
        guard try connection.size(of: remotePath(name)) != nil else { throw refusal }
        return try compareExisting(name, with: bytes, over: connection)
    }

    /// `.alreadyPresent` when the remote `name` holds exactly `bytes`, else a `.conflict` error.
    /// The remote file is only read, never changed.
    private func compareExisting(_ name: String, with bytes: [UInt8], over connection: SFTPConnection) throws
        -> DeliveryOutcome
    {
        let path = remotePath(name)
        let remoteSize = try connection.size(of: path)
        if remoteSize == UInt64(bytes.count), try connection.contents(of: path, expectedSize: bytes.count) == bytes {
            return .alreadyPresent
        }
        throw DeliveryError(
            .conflict,
            "a different file already exists at \(path) on \(connection.peer) (\(remoteSize.map(String.init) ?? "?") "
                + "bytes there, \(bytes.count) to deliver); it was left untouched",
            isTransient: false)
    }

    func remotePath(_ name: String) -> String {
        let directory = configuration.remoteDirectory
        if directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
