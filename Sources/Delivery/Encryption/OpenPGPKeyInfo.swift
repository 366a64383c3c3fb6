/// The facts about an OpenPGP key that decide whether we may use it, copied out of GPGME.
struct OpenPGPKeyInfo: Sendable, Equatable {
    struct Subkey: Sendable, Equatable {
        var fingerprint: String
        var canEncrypt: Bool
        var canSign: Bool
        var isRevoked: Bool
        var isExpired: Bool
        var isDisabled: Bool
        var isInvalid: Bool
        /// Seconds since 1970 when it expires, 0 for never.
        var expires: Int

        var isUsable: Bool { !isRevoked && !isExpired && !isDisabled && !isInvalid }
    }

    /// The primary key's fingerprint (uppercase hex).
    var fingerprint: String
    var isRevoked: Bool
    var isExpired: Bool
    var isDisabled: Bool
    var isInvalid: Bool
    /// The primary key first, then its subkeys.
    var subkeys: [Subkey]

    /// The short form used in descriptions: `0x` and the last 16 hex digits.
    var keyID: String { "0x" + fingerprint.suffix(16) }

    /// Throws unless the key can receive encrypted files (`role` and `path` name it in errors).
    func checkUsable(for purpose: Purpose, role: String, path: String) throws(EncryptionError) {
        let subject = "\(role) \(path) (\(keyID))"
        if isRevoked { throw EncryptionError(.keyRevoked, "\(subject) has been revoked") }
        if isDisabled { throw EncryptionError(.keyRevoked, "\(subject) is disabled in the keyring") }
        if isExpired { throw EncryptionError(.keyExpired, "\(subject) \(expiredOn(subkeys.first))") }
        if isInvalid { throw EncryptionError(.keyInvalid, "\(subject) is not a valid key") }
        let capable = subkeys.filter { purpose == .encrypt ? $0.canEncrypt : $0.canSign }
        guard !capable.isEmpty else {
            throw EncryptionError(.keyUnsuitable, "\(subject) has no \(purpose.rawValue)-capable subkey")
        }
        guard capable.contains(where: \.isUsable) else {
            let expired = capable.filter(\.isExpired).max { $0.expires < $1.expires }
            if let expired {
                throw EncryptionError(.keyExpired, "\(subject): its \(purpose.rawValue) subkey \(expiredOn(expired))")
            }
            throw EncryptionError(.keyRevoked, "\(subject): every \(purpose.rawValue) subkey is revoked or disabled")
        }
    }

    enum Purpose: String, Sendable {
        case encrypt = "encryption"
        case sign = "signing"
    }

    private func expiredOn(_ subkey: Subkey?) -> String {
        guard let expires = subkey?.expires, expires > 0 else { return "has expired" }
        return "expired on \(KeyFile.day(expires))"
    }
}
