import CGPGME

/// Process-wide GPGME set-up and error helpers.
enum GPGME {
    /// `gpgme_check_version` must run once before any other GPGME call; a global's initializer
    /// runs exactly once, thread-safely, on first use.
    private static let version: String? = gpgme_check_version(nil).map { String(cString: $0) }

    /// Initialises GPGME and checks that a usable `gpg` engine is installed.
    static func initialise() throws(EncryptionError) {
        guard version != nil else {
            throw EncryptionError(.engineUnavailable, "the GPGME library failed to initialise")
        }
        let status = gpgme_engine_check_version(GPGME_PROTOCOL_OpenPGP)
        guard status == 0 else {
            throw EncryptionError(
                .engineUnavailable, "GnuPG (gpg) is not installed or too old: \(message(status))")
        }
    }

    /// GPGME's text for an error value, e.g. "Bad passphrase".
    static func message(_ error: gpgme_error_t) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        _ = gpgme_strerror_r(error, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func code(_ error: gpgme_error_t) -> gpgme_err_code_t {
        gpgme_err_code(error)
    }
}
