import CGPGME

/// A key from the private keyring, released when this goes away. Lives within one call.
final class GPGKey {
    let handle: gpgme_key_t

    init(taking handle: gpgme_key_t) {
        self.handle = handle
    }

    deinit {
        gpgme_key_unref(handle)
    }

    /// What the keyring says about the key, as plain values.
    var info: OpenPGPKeyInfo {
        let key = handle.pointee
        var subkeys: [OpenPGPKeyInfo.Subkey] = []
        var next = key.subkeys
        while let subkey = next {
            let s = subkey.pointee
            subkeys.append(
                OpenPGPKeyInfo.Subkey(
                    fingerprint: s.fpr.map { String(cString: $0) } ?? "",
                    canEncrypt: s.can_encrypt != 0, canSign: s.can_sign != 0,
                    isRevoked: s.revoked != 0, isExpired: s.expired != 0,
                    isDisabled: s.disabled != 0, isInvalid: s.invalid != 0,
                    expires: Int(s.expires)))
            next = s.next
        }
        return OpenPGPKeyInfo(
            fingerprint: key.fpr.map { String(cString: $0) } ?? subkeys.first?.fingerprint ?? "",
            isRevoked: key.revoked != 0, isExpired: key.expired != 0,
            isDisabled: key.disabled != 0, isInvalid: key.invalid != 0,
            subkeys: subkeys)
    }
}
