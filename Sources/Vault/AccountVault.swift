import Delivery
import Foundation

/// Account numbers at rest (the NACHA rule that originators keep them unreadable): sealed with
/// AES-256-GCM under the key ring's current key, bound to their transfer, and looked up by a
/// keyed hash instead of by value.
///
/// A sealed value reads `v1:KEYID:BASE64`, where BASE64 is nonce ‖ ciphertext ‖ tag. The
/// transfer's id is authenticated with it, so a value copied onto another transfer does not open.
/// Plaintext exists only in memory: while validating a claimed batch and writing a file.
public struct AccountVault: Sendable {
    public let keys: VaultKeyRing

    public init(keys: VaultKeyRing) { self.keys = keys }

    static let prefix = "v1:"

    /// `account` sealed for the transfer `transferID` under the current key.
    public func seal(_ account: String, transferID: UUID) -> String {
        let key = keys.keys[keys.current]!
        let sealed = AESGCM.seal(Array(account.utf8), key: key, additionalData: Self.binding(transferID))
        return Self.prefix + keys.current + ":" + Data(sealed).base64EncodedString()
    }

    /// The account number sealed in `value` for `transferID`.
    public func open(_ value: String, transferID: UUID) throws(VaultError) -> String {
        guard let (id, payload) = Self.split(value) else {
            throw VaultError(.corrupt, "transfer \(transferID): the stored account number is not a sealed value")
        }
        guard let key = keys.keys[id] else {
            throw VaultError(
                .unknownKey, "transfer \(transferID): sealed with key \(id), which is not in the key ring")
        }
        guard let bytes = Data(base64Encoded: String(payload)),
            let plain = AESGCM.open([UInt8](bytes), key: key, additionalData: Self.binding(transferID))
        else {
            throw VaultError(
                .corrupt, "transfer \(transferID): the sealed account number does not decrypt with key \(id)")
        }
        return String(decoding: plain, as: UTF8.self)
    }

    /// The key id that sealed `value`, or nil when it is not a sealed value.
    public static func keyID(of value: String) -> String? { split(value)?.key }

    /// Whether `value` is sealed with a key other than the current one (rotation work).
    public func needsRotation(_ value: String) -> Bool { Self.keyID(of: value) != keys.current }

    /// The keyed hash (HMAC-SHA256 under the lookup key, 64 hex digits) that stands for the
    /// account number in look-ups, duplicate detection and blocked-account lists. Without the key
    /// it cannot be reversed by trying every account number.
    public func lookupHash(_ account: String) -> String {
        HMACSHA256.hex(key: keys.lookupKey, message: Array(account.utf8))
    }

    /// The last four characters, the most any log line, callback or screen may show — nothing
    /// for a number of four characters or fewer, which would be shown whole.
    public static func lastFour(_ account: String) -> String { account.count > 4 ? String(account.suffix(4)) : "" }

    static func binding(_ transferID: UUID) -> [UInt8] { Array("ach-account:\(transferID.uuidString)".utf8) }

    static func split(_ value: String) -> (key: String, payload: Substring)? {
        guard value.hasPrefix(prefix) else { return nil }
        let rest = value.dropFirst(prefix.count)
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let id = rest[..<colon]
        guard VaultKeyRing.isValidID(id) else { return nil }
        return (String(id), rest[rest.index(after: colon)...])
    }
}
