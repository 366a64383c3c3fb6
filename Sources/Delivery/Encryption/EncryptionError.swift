/// A failure to get a file encrypted, with a stable code. The message names the file and the
/// problem ("bank public key /etc/ach/bank.asc expired on 2025-01-01") but never key material or
/// a passphrase. Most codes are configuration errors that `checkReady()` reports at start-up;
/// `isTransient` says whether retrying the same call later may help.
public struct EncryptionError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A key or certificate file does not exist or cannot be read.
        public static let keyFileMissing = Code("ENCRYPTION_KEY_FILE_MISSING")
        /// A key or certificate file holds no usable key (garbage, wrong format, several keys).
        public static let keyInvalid = Code("ENCRYPTION_KEY_INVALID")
        /// The key cannot do the job: no encryption subkey, cannot sign, not an RSA certificate.
        public static let keyUnsuitable = Code("ENCRYPTION_KEY_UNSUITABLE")
        /// The key or certificate has expired.
        public static let keyExpired = Code("ENCRYPTION_KEY_EXPIRED")
        /// The certificate's validity period has not started yet.
        public static let keyNotYetValid = Code("ENCRYPTION_KEY_NOT_YET_VALID")
        /// The key has been revoked (or disabled).
        public static let keyRevoked = Code("ENCRYPTION_KEY_REVOKED")
        /// The key file holds a different key than the configured fingerprint pins.
        public static let fingerprintMismatch = Code("ENCRYPTION_FINGERPRINT_MISMATCH")
        /// The passphrase's environment variable is unset or its file cannot be read.
        public static let passphraseUnavailable = Code("ENCRYPTION_PASSPHRASE_UNAVAILABLE")
        /// The passphrase does not unlock the signing key.
        public static let badPassphrase = Code("ENCRYPTION_BAD_PASSPHRASE")
        /// The configuration itself is malformed (e.g. a fingerprint that is not hexadecimal).
        public static let misconfigured = Code("ENCRYPTION_MISCONFIGURED")
        /// The private GnuPG home cannot be created or written.
        public static let homeUnusable = Code("ENCRYPTION_HOME_UNUSABLE")
        /// The crypto engine is missing or too old (`gpg` not installed).
        public static let engineUnavailable = Code("ENCRYPTION_ENGINE_UNAVAILABLE")
        /// Encrypting or signing failed for another reason.
        public static let failed = Code("ENCRYPTION_FAILED")
    }

    public var code: Code
    public var message: String
    public var isTransient: Bool

    public init(_ code: Code, _ message: String, isTransient: Bool = false) {
        self.code = code
        self.message = message
        self.isTransient = isTransient
    }

    public var description: String { "\(code): \(message)" }
}
