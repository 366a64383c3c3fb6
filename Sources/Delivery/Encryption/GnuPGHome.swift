import Foundation

/// The private GnuPG home directory an `OpenPGPEncryptor` keeps its keys in, so that we never
/// read or change the user's `~/.gnupg`. Created with mode 0700; its `gpg.conf` and
/// `gpg-agent.conf` are rewritten at every check so the settings below always hold.
///
/// gpg-agent puts its socket under `/run/user/<uid>/gnupg/` when that exists, otherwise inside
/// this directory; a socket path must stay under 108 bytes, so keep the home's path short.
enum GnuPGHome {
    /// SPEC §6 requires AES-256 whatever the bank's key prefers: `cipher-algo` forces it (gpg
    /// warns when that overrides the key's preferences, but does it).
    static let gpgConf = """
        # Written by ach-worker; changes are overwritten.
        cipher-algo AES256
        personal-cipher-preferences AES256
        digest-algo SHA256
        personal-digest-preferences SHA256
        no-auto-key-retrieve
        no-auto-key-locate

        """

    /// The agent caches no passphrase, so every check really tests the configured one.
    static let agentConf = """
        # Written by ach-worker; changes are overwritten.
        allow-loopback-pinentry
        default-cache-ttl 0
        max-cache-ttl 0

        """

    /// Creates `path` (mode 0700) if needed and writes the configuration files.
    static func prepare(_ path: String) throws(EncryptionError) {
        let files = FileManager.default
        do {
            try files.createDirectory(atPath: path, withIntermediateDirectories: true)
            guard chmod(path, 0o700) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EPERM) }
            try write(gpgConf, to: path + "/gpg.conf")
            try write(agentConf, to: path + "/gpg-agent.conf")
        } catch {
            throw EncryptionError(.homeUnusable, "GnuPG home \(path) cannot be set up: \(error.localizedDescription)")
        }
    }

    private static func write(_ text: String, to path: String) throws {
        let current = FileManager.default.contents(atPath: path)
        guard current != Data(text.utf8) else { return }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        _ = chmod(path, 0o600)
    }
}
