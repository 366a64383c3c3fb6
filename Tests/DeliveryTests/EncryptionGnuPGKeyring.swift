import Foundation
import TestSupport

/// A throwaway GnuPG keyring driven through the `gpg` command line: plays the bank (generating
/// its key pair and decrypting what we send) or generates our own signing key.
struct GnuPGKeyring {
    let home: String
    let scratch: CryptoScratch

    /// Creates the home; `preferences` becomes the default cipher preference list of keys made here.
    init(_ name: String, in scratch: CryptoScratch, preferences: String? = nil) throws {
        self.scratch = scratch
        home = scratch.file(name)
        try FileManager.default.createDirectory(
            atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // Throwaway keys: the cheapest passphrase hashing keeps key generation fast.
        try Data("s2k-count 65536\n".utf8).write(to: URL(fileURLWithPath: home + "/gpg-agent.conf"))
        if let preferences {
            try Data("default-preference-list \(preferences)\n".utf8).write(
                to: URL(fileURLWithPath: home + "/gpg.conf"))
        }
    }

    @discardableResult
    func gpg(_ arguments: [String], expectSuccess: Bool = true) throws -> CryptoTool.Output {
        try CryptoTool.run(
            "gpg", ["--homedir", home, "--batch", "--yes", "--pinentry-mode", "loopback"] + arguments,
            in: scratch.path, expectSuccess: expectSuccess)
    }

    /// Generates a key; returns its fingerprint. `usage` "default" gives a signing primary key and
    /// an encryption subkey; `fakedTime` (e.g. "20200101T000000") backdates it, to make expired keys.
    func generate(
        _ uid: String, algorithm: String = "future-default", usage: String = "default", expire: String = "never",
        passphrase: String = "", fakedTime: String? = nil
    ) throws -> String {
        var arguments = ["--passphrase", passphrase, "--status-fd", "1"]
        if let fakedTime { arguments += ["--faked-system-time", fakedTime] }
        let output = try gpg(arguments + ["--quick-gen-key", uid, algorithm, usage, expire])
        let created = output.text.split(separator: "\n").first { $0.contains("KEY_CREATED") }
        guard let fingerprint = created?.split(separator: " ").last else {
            throw CryptoTool.Failure(description: "gpg did not report the new key: \(output.stderr)")
        }
        return String(fingerprint)
    }

    /// Writes the armored public key to `name` in the scratch directory; returns its path.
    func exportPublic(_ fingerprint: String, to name: String) throws -> String {
        try gpg(["--armor", "--output", scratch.file(name), "--export", fingerprint])
        return scratch.file(name)
    }

    func exportSecret(_ fingerprint: String, passphrase: String = "", to name: String) throws -> String {
        try gpg([
            "--passphrase", passphrase, "--armor", "--output", scratch.file(name), "--export-secret-keys", fingerprint,
        ])
        return scratch.file(name)
    }

    /// Revokes the key with the revocation certificate gpg stored when it was generated.
    func revoke(_ fingerprint: String) throws {
        let stored = try String(contentsOfFile: "\(home)/openpgp-revocs.d/\(fingerprint).rev", encoding: .utf8)
        // gpg prefixes the armor line with ':' so the certificate cannot be imported by accident.
        let certificate = stored.replacingOccurrences(
            of: ":-----BEGIN PGP PUBLIC KEY BLOCK", with: "-----BEGIN PGP PUBLIC KEY BLOCK")
        try gpg(["--import", try scratch.write("\(fingerprint).rev", Array(certificate.utf8))])
    }

    func importKey(_ path: String) throws {
        try gpg(["--import", path])
    }

    /// Decrypts (and verifies) `path`; stderr carries the session key and signature status.
    func decrypt(_ path: String, to name: String) throws -> CryptoTool.Output {
        try gpg(["--passphrase", "", "--show-session-key", "--output", scratch.file(name), "--decrypt", path])
    }
}
