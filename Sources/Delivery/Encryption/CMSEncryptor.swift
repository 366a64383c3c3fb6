import COpenSSL

/// CMS EnvelopedData through OpenSSL (SPEC §6): AES-256-CBC content encryption, the key wrapped
/// for the bank's RSA certificate, binary-safe, DER output. The bank reads it with
/// `openssl cms -decrypt -binary -inform DER -inkey key.pem -recip cert.pem`.
///
/// The certificate is read from its file on every call, so a replaced file takes effect at once.
public struct CMSEncryptor: FileEncryptor {
    /// Path to the bank's certificate (PEM; DER also accepted).
    public let recipientCertificateFile: String

    public init(recipientCertificateFile: String) {
        self.recipientCertificateFile = recipientCertificateFile
    }

    public var description: String { "cms to \(recipientCertificateFile)" }
    public var fileExtension: String { ".p7m" }

    /// Checks that the certificate loads, holds an RSA key, and is within its validity period.
    public func checkReady() throws {
        try X509Certificate(path: recipientCertificateFile).checkUsable()
    }

    public func encrypt(_ plain: [UInt8]) throws -> [UInt8] {
        let certificate = try X509Certificate(path: recipientCertificateFile)
        try certificate.checkUsable()
        guard plain.count < Int32.max else {
            throw EncryptionError(.failed, "CMS: a \(plain.count)-byte file is too large to encrypt")
        }
        ERR_clear_error()
        // CMS_BINARY: the bytes go in exactly as given (no MIME canonicalisation of line ends).
        let flags = UInt32(CMS_BINARY)
        guard let cms = CMS_encrypt(nil, nil, EVP_aes_256_cbc(), flags | UInt32(CMS_PARTIAL)) else {
            throw failure("creating the envelope")
        }
        defer { CMS_ContentInfo_free(cms) }
        guard CMS_add1_recipient_cert(cms, certificate.handle, flags) != nil else {
            throw failure("adding the recipient")
        }
        let finished = plain.withUnsafeBytesOrEmpty { buffer -> Int32 in
            guard let input = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return 0 }
            defer { BIO_free(input) }
            return CMS_final(cms, input, nil, flags)
        }
        guard finished == 1 else { throw failure("encrypting") }
        let length = i2d_CMS_ContentInfo(cms, nil)
        guard length > 0 else { throw failure("encoding DER") }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return i2d_CMS_ContentInfo(cms, &cursor)
        }
        guard written == length else { throw failure("encoding DER") }
        return der
    }

    private func failure(_ doing: String) -> EncryptionError {
        EncryptionError(.failed, "CMS \(doing) for \(recipientCertificateFile) failed: \(OpenSSLErrors.drain())")
    }
}
