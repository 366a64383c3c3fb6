import CGPGME

/// The passphrase handed to GPGME's callback, plus what happened when it was asked for.
///
/// Not `Sendable`, and need not be: a box belongs to one `GPGContext`, and GPGME calls the
/// callback on the thread running that context's operation.
final class PassphraseBox {
    let passphrase: [UInt8]?
    /// GnuPG asked again after a bad attempt: the passphrase is wrong.
    var wasRejected = false
    /// GnuPG asked, but we have no passphrase.
    var wasMissing = false

    init(_ passphrase: [UInt8]?) {
        self.passphrase = passphrase
    }
}

/// GPGME's passphrase callback (loopback pinentry): writes the passphrase and a newline to `fd`.
/// Gives up rather than retrying a passphrase GnuPG already rejected.
let passphraseCallback: gpgme_passphrase_cb_t = { hook, _, _, previousWasBad, fd in
    guard let hook else { return gpgme_error(GPG_ERR_GENERAL) }
    let box = Unmanaged<PassphraseBox>.fromOpaque(hook).takeUnretainedValue()
    if previousWasBad != 0 {
        box.wasRejected = true
        return gpgme_error(GPG_ERR_BAD_PASSPHRASE)
    }
    guard let passphrase = box.passphrase else {
        box.wasMissing = true
        return gpgme_error(GPG_ERR_NO_PASSPHRASE)
    }
    let line = passphrase + [UInt8(ascii: "\n")]
    let written = line.withUnsafeBytes { gpgme_io_writen(fd, $0.baseAddress, $0.count) }
    return written == 0 ? 0 : gpgme_error(GPG_ERR_GENERAL)
}
