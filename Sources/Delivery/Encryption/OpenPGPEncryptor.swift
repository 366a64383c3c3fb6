import Synchronization

/// OpenPGP encryption through GPGME (SPEC §6): ASCII-armored, AES-256, to the bank's public key,
/// optionally signed with our own key. `gpg --decrypt` at the bank reads the result.
///
/// Keys are imported from the configured files into a private GnuPG home, never `~/.gnupg`.
/// Every call spawns `gpg` and blocks: run it on a DispatchQueue, not the cooperative pool.
public final class OpenPGPEncryptor: FileEncryptor {
    /// Our key for signing files, and where its passphrase comes from.
    public struct SigningKey: Sendable, Equatable {
        /// Path to the armored secret key file.
        public var secretKeyFile: String
        public var passphrase: PassphraseSource

        public init(secretKeyFile: String, passphrase: PassphraseSource) {
            self.secretKeyFile = secretKeyFile
            self.passphrase = passphrase
        }
    }

    public let bankPublicKeyFile: String
    /// The bank key's primary fingerprint (40 or 64 hex digits, normalised to uppercase), if pinned.
    public let expectedFingerprint: String?
    public let signingKey: SigningKey?
    public let gnupgHome: String

    /// The fingerprints found by the last successful check.
    private let checked = Mutex<CheckedKeys?>(nil)

    /// - Parameters:
    ///   - bankPublicKeyFile: path to the bank's armored (or binary) public key.
    ///   - expectedFingerprint: the bank key's primary fingerprint; spaces and a `0x` prefix are
    ///     ignored. When set, a key file holding any other key is refused.
    ///   - signingKey: our secret key, when the bank wants signed files.
    ///   - gnupgHome: a directory of our own for the keyring, created with mode 0700.
    /// - Throws: `EncryptionError.misconfigured` for a fingerprint that is not 40/64 hex digits.
    public init(
        bankPublicKeyFile: String, expectedFingerprint: String? = nil, signingKey: SigningKey? = nil,
        gnupgHome: String
    ) throws(EncryptionError) {
        self.bankPublicKeyFile = bankPublicKeyFile
        self.expectedFingerprint = try expectedFingerprint.map(Self.normalise(fingerprint:))
        self.signingKey = signingKey
        self.gnupgHome = gnupgHome
    }

    public var description: String {
        let key = checked.withLock { $0?.recipient } ?? expectedFingerprint
        let target = key.map { "0x" + $0.suffix(16) } ?? bankPublicKeyFile
        return "openpgp to \(target)" + (signingKey == nil ? "" : " (signed)")
    }

    public var fileExtension: String { ".pgp" }

    /// Imports the keys and checks them: the bank key exists, matches the pinned fingerprint, is
    /// neither revoked nor expired and can encrypt; our signing key (if any) can sign with its
    /// passphrase. Each failure is an `EncryptionError` naming the file and the problem.
    public func checkReady() throws {
        do {
            let keys = try importAndCheck()
            checked.withLock { $0 = keys }
        } catch {
            // Keys that fail a check are not used by `encrypt` either: it checks again.
            checked.withLock { $0 = nil }
            throw error
        }
    }

    public func encrypt(_ plain: [UInt8]) throws -> [UInt8] {
        // Without an earlier check, check now. Not under the lock: that would block
        // `description` for as long as gpg runs. Two first calls at once both import: harmless.
        let keys: CheckedKeys
        if let known = checked.withLock({ $0 }) {
            keys = known
        } else {
            keys = try importAndCheck()
            checked.withLock { $0 = keys }
        }
        do {
            return try encrypt(plain, with: keys)
        } catch {
            // Say which destination's keys failed; GPGME's errors don't.
            throw EncryptionError(error.code, "\(description): \(error.message)", isTransient: error.isTransient)
        }
    }

    private func encrypt(_ plain: [UInt8], with keys: CheckedKeys) throws(EncryptionError) -> [UInt8] {
        let context = try GPGContext(home: gnupgHome, passphrase: try signingKey?.passphrase.readForSigning())
        let recipient = try context.key(keys.recipient)
        let signer = try keys.signer.flatMap { fingerprint throws(EncryptionError) in
            try context.key(fingerprint, secret: true)
        }
        guard let recipient, (signer == nil) == (keys.signer == nil) else {
            // Someone emptied the private home: import again on the next attempt.
            checked.withLock { $0 = nil }
            throw EncryptionError(.keyInvalid, "keys missing from GnuPG home \(gnupgHome)", isTransient: true)
        }
        return try context.encrypt(plain, to: recipient, signedBy: signer)
    }
}
