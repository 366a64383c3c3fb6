extension OpenPGPEncryptor {
    /// The primary fingerprints of the keys an encryptor uses, once checked.
    struct CheckedKeys: Sendable, Equatable {
        var recipient: String
        var signer: String?
    }

    /// Sets up the private home, imports the configured keys and checks that they are usable.
    func importAndCheck() throws(EncryptionError) -> CheckedKeys {
        try GnuPGHome.prepare(gnupgHome)
        let recipient = try checkBankKey()
        guard let signingKey else { return CheckedKeys(recipient: recipient) }
        return CheckedKeys(recipient: recipient, signer: try checkSigningKey(signingKey))
    }

    private func checkBankKey() throws(EncryptionError) -> String {
        let role = "bank public key"
        let path = bankPublicKeyFile
        let bytes = try KeyFile.read(path, role: role)
        let context = try GPGContext(home: gnupgHome)
        let imported = try importedFingerprints(context, bytes, role: role, path: path)
        let fingerprint: String
        if let expectedFingerprint {
            guard imported.contains(expectedFingerprint) else {
                throw EncryptionError(
                    .fingerprintMismatch,
                    "\(role) \(path) holds \(imported.joined(separator: ", ")), not the configured \(expectedFingerprint)"
                )
            }
            fingerprint = expectedFingerprint
        } else {
            guard imported.count == 1, let only = imported.first else {
                throw EncryptionError(
                    .keyInvalid, "\(role) \(path) holds \(imported.count) keys; configure the expected fingerprint")
            }
            fingerprint = only
        }
        guard let key = try context.key(fingerprint) else {
            throw EncryptionError(.keyInvalid, "\(role) \(path) did not import (\(fingerprint))")
        }
        try key.info.checkUsable(for: .encrypt, role: role, path: path)
        return fingerprint
    }

    private func checkSigningKey(_ signingKey: SigningKey) throws(EncryptionError) -> String {
        let role = "signing key"
        let path = signingKey.secretKeyFile
        let bytes = try KeyFile.read(path, role: role)
        let passphrase = try signingKey.passphrase.readForSigning()
        let context = try GPGContext(home: gnupgHome, passphrase: passphrase)
        let imported = try importedFingerprints(context, bytes, role: role, path: path)
        guard imported.count == 1, let fingerprint = imported.first else {
            throw EncryptionError(.keyInvalid, "\(role) \(path) holds \(imported.count) keys; it must hold exactly one")
        }
        guard let key = try context.key(fingerprint, secret: true) else {
            throw EncryptionError(.keyInvalid, "\(role) \(path) holds no secret key, only a public one")
        }
        try key.info.checkUsable(for: .sign, role: role, path: path)
        do {
            try context.testSignature(by: key)
        } catch {
            throw EncryptionError(error.code, "\(role) \(path): \(error.message)")
        }
        return fingerprint
    }

    private func importedFingerprints(
        _ context: GPGContext, _ bytes: [UInt8], role: String, path: String
    ) throws(EncryptionError) -> [String] {
        let imported: [String]
        do {
            imported = try context.importKeys(bytes)
        } catch {
            throw EncryptionError(error.code, "\(role) \(path): \(error.message)")
        }
        guard !imported.isEmpty else {
            throw EncryptionError(.keyInvalid, "\(role) \(path) contains no OpenPGP key")
        }
        return imported
    }

    /// Uppercase hex without spaces or `0x`; 40 (v4) or 64 (v5) digits.
    static func normalise(fingerprint: String) throws(EncryptionError) -> String {
        var text = fingerprint.filter { !$0.isWhitespace }.uppercased()
        if text.hasPrefix("0X") { text.removeFirst(2) }
        guard text.count == 40 || text.count == 64, text.allSatisfy(\.isHexDigit) else {
            throw EncryptionError(
                .misconfigured, "expected fingerprint \"\(fingerprint)\" is not 40 or 64 hexadecimal digits")
        }
        return text
    }
}
