import CLibSSH2
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One SSH connection with its SFTP channel, used for one delivery on one thread (so it is
/// deliberately not `Sendable`).
///
/// Opening it connects with a deadline, handshakes, checks the server's host key against the
/// pinned fingerprint — before sending anything that identifies us — then authenticates with
/// our public key and starts SFTP. `release()` (or deinit) frees every handle and the socket.
final class SFTPConnection {
    let session: OpaquePointer
    private(set) var sftp: OpaquePointer?
    /// `user@host:port`, for messages.
    let peer: String
    let logger: Logger
    private let socket: Int32
    private var handshakeDone = false
    /// Set once the connection failed (timeout, reset): cleanup then skips the goodbye
    /// exchanges, which would only wait for another timeout.
    private(set) var broken = false
    private var released = false

    init(configuration: SFTPTarget.Configuration, fingerprint: HostKeyFingerprint, logger: Logger) throws {
        try LibSSH2.initialize()
        self.peer = "\(configuration.username)@\(configuration.host):\(configuration.port)"
        self.logger = logger
        let socket = try TCPConnect.openSocket(
            host: configuration.host, port: configuration.port, timeout: configuration.connectTimeout)
        guard let session = libssh2_session_init_ex(nil, nil, nil, nil) else {
            close(socket)
            throw DeliveryError(.ioFailed, "libssh2 could not allocate a session", isTransient: true)
        }
        self.socket = socket
        self.session = session
        // From here on a thrown error runs deinit, which releases the session and the socket.

        libssh2_session_set_blocking(session, 1)
        libssh2_session_set_timeout(session, LibSSH2.milliseconds(configuration.ioTimeout))
        if let algorithms = configuration.hostKeyAlgorithms,
            libssh2_session_method_pref(session, LIBSSH2_METHOD_HOSTKEY, algorithms) != 0
        {
            throw DeliveryError(
                .misconfigured, "unsupported host key algorithms \(algorithms.debugDescription)", isTransient: false)
        }
        guard libssh2_session_handshake(session, socket) == 0 else {
            let (_, message) = LibSSH2.lastError(session)
            broken = true
            throw DeliveryError(.unreachable, "SSH handshake with \(peer) failed: \(message)", isTransient: true)
        }
        handshakeDone = true
        try verifyHostKey(fingerprint)
        try authenticate(configuration)
        guard let sftp = libssh2_sftp_init(session) else { throw failure("start SFTP") }
        self.sftp = sftp
        logger.debug("SFTP session open", metadata: ["sftp.peer": "\(peer)"])
    }

    deinit {
        release()
    }

    /// Frees the SFTP channel, says goodbye when the connection is still healthy, frees the
    /// session and closes the socket. Safe to call twice.
    func release() {
        guard !released else { return }
        released = true
        if broken { shutdown(socket, Int32(SHUT_RDWR)) }
        if let sftp { libssh2_sftp_shutdown(sftp) }
        sftp = nil
        if handshakeDone && !broken {
            libssh2_session_disconnect_ex(session, SSH_DISCONNECT_BY_APPLICATION, "delivery finished", "")
        }
        libssh2_session_free(session)
        close(socket)
    }

    private func verifyHostKey(_ pinned: HostKeyFingerprint) throws {
        guard let hash = libssh2_hostkey_hash(session, LIBSSH2_HOSTKEY_HASH_SHA256) else {
            throw DeliveryError(
                .hostKeyMismatch, "cannot compute the SHA-256 fingerprint of \(peer)'s host key", isTransient: false)
        }
        let presented = HostKeyFingerprint(digest: Array(UnsafeRawBufferPointer(start: hash, count: 32)))
        guard presented == pinned else {
            throw DeliveryError(
                .hostKeyMismatch,
                "host key of \(peer) is \(presented) but \(pinned) is pinned; not authenticating",
                isTransient: false)
        }
    }

    private func authenticate(_ configuration: SFTPTarget.Configuration) throws {
        for path in [configuration.privateKeyPath, configuration.publicKeyPath].compactMap({ $0 }) {
            guard access(path, R_OK) == 0 else {
                let reason = String(cString: strerror(errno))
                throw DeliveryError(.misconfigured, "cannot read SSH key file \(path): \(reason)", isTransient: false)
            }
        }
        let passphrase = try configuration.passphrase.readForSSH()
        let user = configuration.username
        let status = libssh2_userauth_publickey_fromfile_ex(
            session, user, UInt32(user.utf8.count), configuration.publicKeyPath, configuration.privateKeyPath,
            passphrase)
        guard status != 0 else { return }
        let (code, message) = LibSSH2.lastError(session)
        if LibSSH2.isConnectionError(code) {
            broken = true
            throw DeliveryError(.unreachable, "authenticating to \(peer) failed: \(message)", isTransient: true)
        }
        if code == LIBSSH2_ERROR_FILE || code == LIBSSH2_ERROR_KEYFILE_AUTH_FAILED {
            throw DeliveryError(
                .misconfigured,
                "cannot load SSH key \(configuration.privateKeyPath) (unsupported format or wrong passphrase): \(message)",
                isTransient: false)
        }
        throw DeliveryError(.authenticationFailed, "\(peer) refused our public key: \(message)", isTransient: false)
    }

    /// The error for a failed libssh2 call: `.unreachable` when the connection failed, else
    /// `.ioFailed` with the SFTP status (transient unless retrying cannot help).
    func failure(_ operation: String) -> DeliveryError {
        let (code, message) = LibSSH2.lastError(session)
        if code == LIBSSH2_ERROR_SFTP_PROTOCOL, let sftp {
            let status = libssh2_sftp_last_error(sftp)
            let permanent: [UInt] = [
                UInt(LIBSSH2_FX_NO_SUCH_FILE), UInt(LIBSSH2_FX_NO_SUCH_PATH), UInt(LIBSSH2_FX_PERMISSION_DENIED),
                UInt(LIBSSH2_FX_WRITE_PROTECT), UInt(LIBSSH2_FX_NOT_A_DIRECTORY), UInt(LIBSSH2_FX_INVALID_FILENAME),
                UInt(LIBSSH2_FX_OP_UNSUPPORTED),
            ]
            return DeliveryError(
                .ioFailed, "\(operation) on \(peer): \(LibSSH2.sftpStatusName(status))",
                isTransient: !permanent.contains(status))
        }
        if LibSSH2.isConnectionError(code) {
            broken = true
            return DeliveryError(
                .unreachable, "\(operation) on \(peer): connection failed: \(message)", isTransient: true)
        }
        return DeliveryError(.ioFailed, "\(operation) on \(peer): \(message)", isTransient: true)
    }

    /// The SFTP status of the last failed call, or nil when it failed for another reason.
    func lastSFTPStatus() -> UInt? {
        guard let sftp, libssh2_session_last_errno(session) == LIBSSH2_ERROR_SFTP_PROTOCOL else { return nil }
        return libssh2_sftp_last_error(sftp)
    }
}
