import COpenSSL

/// AES-256-GCM through OpenSSL's EVP interface: a 12-byte random nonce, a 16-byte tag, and
/// additional data that is authenticated but not encrypted.
enum AESGCM {
    static let keyCount = 32
    static let nonceCount = 12
    static let tagCount = 16

    /// `nonce ‖ ciphertext ‖ tag`.
    static func seal(_ plaintext: [UInt8], key: [UInt8], additionalData: [UInt8]) -> [UInt8] {
        precondition(key.count == keyCount, "AES-256 needs a 32-byte key")
        var nonce = [UInt8](repeating: 0, count: nonceCount)
        precondition(RAND_bytes(&nonce, Int32(nonceCount)) == 1, "OpenSSL RAND_bytes failed")
        let context = EVP_CIPHER_CTX_new()
        defer { EVP_CIPHER_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: plaintext.count + 16)
        var length: Int32 = 0
        var total = 0
        var ok = EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil, key, nonce) == 1
        if !additionalData.isEmpty {
            ok = ok && EVP_EncryptUpdate(context, nil, &length, additionalData, Int32(additionalData.count)) == 1
        }
        if !plaintext.isEmpty {
            ok = ok && EVP_EncryptUpdate(context, &output, &length, plaintext, Int32(plaintext.count)) == 1
            total = Int(length)
        }
        ok =
            ok
            && output.withUnsafeMutableBufferPointer {
                EVP_EncryptFinal_ex(context, $0.baseAddress! + total, &length) == 1
            }
        total += Int(length)
        var tag = [UInt8](repeating: 0, count: tagCount)
        ok = ok && EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(tagCount), &tag) == 1
        // Encryption in memory with a valid key fails only if the library itself is broken.
        precondition(ok, "OpenSSL AES-256-GCM encryption failed")
        return nonce + output.prefix(total) + tag
    }

    /// The plaintext, or nil when `sealed` was not made by `seal` with this key and data.
    static func open(_ sealed: [UInt8], key: [UInt8], additionalData: [UInt8]) -> [UInt8]? {
        guard key.count == keyCount, sealed.count >= nonceCount + tagCount else { return nil }
        let nonce = Array(sealed.prefix(nonceCount))
        let ciphertext = Array(sealed.dropFirst(nonceCount).dropLast(tagCount))
        var tag = Array(sealed.suffix(tagCount))
        let context = EVP_CIPHER_CTX_new()
        defer { EVP_CIPHER_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: ciphertext.count + 16)
        var length: Int32 = 0
        var total = 0
        guard EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), nil, key, nonce) == 1 else { return nil }
        if !additionalData.isEmpty {
            guard EVP_DecryptUpdate(context, nil, &length, additionalData, Int32(additionalData.count)) == 1 else {
                return nil
            }
        }
        if !ciphertext.isEmpty {
            guard EVP_DecryptUpdate(context, &output, &length, ciphertext, Int32(ciphertext.count)) == 1 else {
                return nil
            }
            total = Int(length)
        }
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(tagCount), &tag) == 1 else { return nil }
        // The tag is checked here: a single changed bit anywhere makes this fail.
        let verified = output.withUnsafeMutableBufferPointer {
            EVP_DecryptFinal_ex(context, $0.baseAddress! + total, &length) == 1
        }
        guard verified else { return nil }
        return Array(output.prefix(total + Int(length)))
    }
}
