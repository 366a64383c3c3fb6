/// Why an account number could not be sealed or opened. Messages name keys by id and files by
/// path, never a key's bytes or an account number.
public struct VaultError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// No key source configured, or the file / environment variable is missing.
        public static let keysUnavailable = Code("VAULT_KEYS_UNAVAILABLE")
        /// A key line that is not `ID BASE64` with 32 bytes, or a duplicate id.
        public static let keyInvalid = Code("VAULT_KEY_INVALID")
        /// A sealed value names a key id that is not in the key ring (rotated out too early).
        public static let unknownKey = Code("VAULT_UNKNOWN_KEY")
        /// A sealed value that does not decrypt: altered, truncated, or moved to another transfer.
        public static let corrupt = Code("VAULT_CORRUPT")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) [\(code)]" }
}
