import COpenSSL
import Foundation

/// A recipient certificate loaded from a PEM (or DER) file, freed when this goes away. Lives
/// within one call: OpenSSL objects are not shared between threads here.
final class X509Certificate {
    let handle: OpaquePointer
    let path: String
    static let role = "bank certificate"

    /// Loads the first certificate in the file at `path`.
    init(path: String) throws(EncryptionError) {
        let bytes = try KeyFile.read(path, role: Self.role)
        ERR_clear_error()
        let loaded: OpaquePointer? = bytes.withUnsafeBytesOrEmpty { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            if let pem = PEM_read_bio_X509(bio, nil, nil, nil) { return pem }
            // Not PEM: try DER from the start.
            var start = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
            return d2i_X509(nil, &start, buffer.count)
        }
        guard let loaded else {
            _ = OpenSSLErrors.drain()
            throw EncryptionError(.keyInvalid, "\(Self.role) \(path) is not a PEM or DER X.509 certificate")
        }
        handle = loaded
        self.path = path
    }

    deinit {
        X509_free(handle)
    }

    /// Throws unless the certificate holds an RSA key and is valid now.
    func checkUsable() throws(EncryptionError) {
        let subject = "\(Self.role) \(path)"
        guard let key = X509_get0_pubkey(handle), EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA else {
            throw EncryptionError(.keyUnsuitable, "\(subject) does not hold an RSA public key")
        }
        if let notBefore = X509_get0_notBefore(handle), X509_cmp_current_time(notBefore) > 0 {
            throw EncryptionError(.keyNotYetValid, "\(subject) is not valid until \(Self.day(notBefore))")
        }
        if let notAfter = X509_get0_notAfter(handle), X509_cmp_current_time(notAfter) < 0 {
            throw EncryptionError(.keyExpired, "\(subject) expired on \(Self.day(notAfter))")
        }
    }

    /// An ASN.1 time as a UTC calendar day, e.g. `2025-01-01`.
    private static func day(_ time: UnsafePointer<ASN1_TIME>) -> String {
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return "an unreadable date" }
        return KeyFile.day(Int(timegm(&parts)))
    }
}
