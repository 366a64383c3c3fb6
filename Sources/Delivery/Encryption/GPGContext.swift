import CGPGME

/// One GPGME context bound to a private GnuPG home. GPGME contexts must not be shared between
/// threads, so each encryption or check makes its own and drops it when done.
final class GPGContext {
    private let handle: gpgme_ctx_t
    /// Holds the passphrase for the callback; kept alive as long as the context.
    private let passphrase: PassphraseBox

    init(home: String, passphrase: [UInt8]? = nil) throws(EncryptionError) {
        try GPGME.initialise()
        var context: gpgme_ctx_t?
        let status = gpgme_new(&context)
        guard status == 0, let context else {
            throw EncryptionError(.failed, "gpgme_new: \(GPGME.message(status))")
        }
        handle = context
        self.passphrase = PassphraseBox(passphrase)
        try check(gpgme_set_protocol(handle, GPGME_PROTOCOL_OpenPGP), "gpgme_set_protocol")
        try check(gpgme_ctx_set_engine_info(handle, GPGME_PROTOCOL_OpenPGP, nil, home), "gpgme_ctx_set_engine_info")
        gpgme_set_armor(handle, 1)
        gpgme_set_offline(handle, 1)
        // Never pop up a pinentry: the agent asks us, through the callback, for the passphrase.
        try check(gpgme_set_pinentry_mode(handle, GPGME_PINENTRY_MODE_LOOPBACK), "gpgme_set_pinentry_mode")
        gpgme_set_passphrase_cb(handle, passphraseCallback, Unmanaged.passUnretained(self.passphrase).toOpaque())
    }

    deinit {
        gpgme_release(handle)
    }

    /// Imports every key in `bytes`; returns the distinct primary fingerprints, in file order.
    func importKeys(_ bytes: [UInt8]) throws(EncryptionError) -> [String] {
        let data = try GPGData(copying: bytes)
        let status = gpgme_op_import(handle, data.handle)
        if GPGME.code(status) == GPG_ERR_NO_DATA { return [] }
        try check(status, "importing keys")
        var fingerprints: [String] = []
        var next = gpgme_op_import_result(handle)?.pointee.imports
        while let entry = next {
            if entry.pointee.result == 0, let fpr = entry.pointee.fpr {
                let fingerprint = String(cString: fpr)
                if !fingerprints.contains(fingerprint) { fingerprints.append(fingerprint) }
            }
            next = entry.pointee.next
        }
        return fingerprints
    }

    /// The key with this fingerprint from the keyring (its secret part if `secret`), or nil.
    func key(_ fingerprint: String, secret: Bool = false) throws(EncryptionError) -> GPGKey? {
        var key: gpgme_key_t?
        let status = gpgme_get_key(handle, fingerprint, &key, secret ? 1 : 0)
        if GPGME.code(status) == GPG_ERR_EOF { return nil }
        try check(status, "looking up key \(fingerprint)")
        return key.map { GPGKey(taking: $0) }
    }

    /// Encrypts `plain` to `recipient`, signing with `signer` if given. ASCII armored.
    func encrypt(_ plain: [UInt8], to recipient: GPGKey, signedBy signer: GPGKey?) throws(EncryptionError) -> [UInt8] {
        let input = try GPGData(copying: plain)
        let output = try GPGData()
        var recipients: [gpgme_key_t?] = [recipient.handle, nil]
        let status: gpgme_error_t
        // The bank's key is pinned by configuration, so the web of trust has no say.
        let flags = GPGME_ENCRYPT_ALWAYS_TRUST
        if let signer {
            gpgme_signers_clear(handle)
            try check(gpgme_signers_add(handle, signer.handle), "choosing the signing key")
            status = gpgme_op_encrypt_sign(handle, &recipients, flags, input.handle, output.handle)
        } else {
            status = gpgme_op_encrypt(handle, &recipients, flags, input.handle, output.handle)
        }
        if status != 0 { throw failure(status, "encrypting", invalidRecipient: invalidRecipientReason()) }
        return output.take()
    }

    /// Makes a throwaway signature, proving the signing key and its passphrase work.
    func testSignature(by signer: GPGKey) throws(EncryptionError) {
        let input = try GPGData(copying: Array("ach-worker signing check".utf8))
        let output = try GPGData()
        gpgme_signers_clear(handle)
        try check(gpgme_signers_add(handle, signer.handle), "choosing the signing key")
        let status = gpgme_op_sign(handle, input.handle, output.handle, GPGME_SIG_MODE_DETACH)
        if status != 0 { throw failure(status, "signing", invalidRecipient: nil) }
    }

    private func invalidRecipientReason() -> gpgme_error_t? {
        gpgme_op_encrypt_result(handle)?.pointee.invalid_recipients?.pointee.reason
    }

    private func check(_ status: gpgme_error_t, _ doing: String) throws(EncryptionError) {
        if status != 0 { throw failure(status, doing, invalidRecipient: nil) }
    }

    /// Maps a GPGME error to our codes; a passphrase problem wins over the generic failure.
    private func failure(_ status: gpgme_error_t, _ doing: String, invalidRecipient: gpgme_error_t?) -> EncryptionError
    {
        let reason = invalidRecipient ?? status
        let code = GPGME.code(reason)
        if passphrase.wasRejected || code == GPG_ERR_BAD_PASSPHRASE {
            return EncryptionError(.badPassphrase, "the passphrase is wrong")
        }
        if passphrase.wasMissing || code == GPG_ERR_NO_PASSPHRASE {
            return EncryptionError(.passphraseUnavailable, "the key needs a passphrase and none is configured")
        }
        switch code {
        case GPG_ERR_KEY_EXPIRED, GPG_ERR_CERT_EXPIRED, GPG_ERR_SIG_EXPIRED:
            return EncryptionError(.keyExpired, "\(doing): the key has expired")
        case GPG_ERR_CERT_REVOKED:
            return EncryptionError(.keyRevoked, "\(doing): the key has been revoked")
        case GPG_ERR_UNUSABLE_PUBKEY, GPG_ERR_UNUSABLE_SECKEY, GPG_ERR_WRONG_KEY_USAGE:
            return EncryptionError(.keyUnsuitable, "\(doing): the key is unusable (\(GPGME.message(reason)))")
        default:
            // gpg or its agent failing to start, a full disk, …: worth another try later.
            return EncryptionError(.failed, "\(doing) failed: \(GPGME.message(reason))", isTransient: true)
        }
    }
}
