import Foundation

/// A throwaway OpenPGP key pair standing in for the bank's: the public half is configured as the
/// destination's recipient key, the secret half (in its own GnuPG home) decrypts the delivered
/// files for the accounting. Never used for anything else; removed after the run.
struct BankKey: Sendable {
    /// The bank's GnuPG home (holds the secret key). Short, under /tmp: gpg-agent's socket path
    /// must stay under 108 bytes.
    let home: String
    /// The bank's armored public key.
    let publicKeyFile: String

    static func generate(into folder: String) async throws -> BankKey {
        let home = try makeShortTemporaryDirectory()
        let user = "ACH Load Test Bank <bank@loadtest.invalid>"
        _ = try await Subprocess.output(
            "gpg",
            [
                "--homedir", home, "--batch", "--yes", "--quiet", "--pinentry-mode", "loopback", "--passphrase", "",
                "--quick-gen-key", user, "future-default", "default", "2d",
            ])
        let armored = try await Subprocess.output(
            "gpg", ["--homedir", home, "--batch", "--armor", "--export", "bank@loadtest.invalid"])
        guard String(decoding: armored, as: UTF8.self).contains("BEGIN PGP PUBLIC KEY BLOCK") else {
            throw LoadTestError(.toolFailed, "gpg exported no public key")
        }
        let publicKeyFile = folder + "/bank.asc"
        try armored.write(to: URL(fileURLWithPath: publicKeyFile))
        return BankKey(home: home, publicKeyFile: publicKeyFile)
    }

    /// The plain bytes of a file encrypted to this key, decrypted by the real `gpg`.
    func decrypt(_ path: String) async throws -> [UInt8] {
        [UInt8](try await Subprocess.output("gpg", ["--homedir", home, "--batch", "--quiet", "--decrypt", path]))
    }

    func remove() async {
        _ = try? await Subprocess.run("gpgconf", ["--homedir", home, "--kill", "gpg-agent"])
        try? FileManager.default.removeItem(atPath: home)
    }
}

/// A new private directory (mode 0700) with a short path under /tmp.
func makeShortTemporaryDirectory() throws -> String {
    var template = Array("/tmp/achlt-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else {
        throw LoadTestError(.toolFailed, "cannot create a temporary directory under /tmp")
    }
    return String(cString: made)
}
