import CLibSSH2

/// Process-wide libssh2 set-up and the translation of its error codes.
enum LibSSH2 {
    /// `libssh2_init` must run once before any session is created; a `static let` is initialized
    /// exactly once, thread-safely, on first use.
    private static let initStatus: Int32 = libssh2_init(0)

    static func initialize() throws {
        guard initStatus == 0 else {
            throw DeliveryError(.misconfigured, "libssh2_init failed (\(initStatus))", isTransient: false)
        }
    }

    /// Errors that mean the connection itself failed (timed out, dropped, reset): the server
    /// is unreachable for now and a later attempt may succeed.
    static func isConnectionError(_ code: Int32) -> Bool {
        switch code {
        case LIBSSH2_ERROR_SOCKET_NONE, LIBSSH2_ERROR_BANNER_RECV, LIBSSH2_ERROR_BANNER_SEND,
            LIBSSH2_ERROR_SOCKET_SEND, LIBSSH2_ERROR_SOCKET_RECV, LIBSSH2_ERROR_SOCKET_TIMEOUT,
            LIBSSH2_ERROR_TIMEOUT, LIBSSH2_ERROR_SOCKET_DISCONNECT, LIBSSH2_ERROR_BAD_SOCKET,
            LIBSSH2_ERROR_CHANNEL_CLOSED, LIBSSH2_ERROR_CHANNEL_EOF_SENT, LIBSSH2_ERROR_EAGAIN:
            true
        default:
            false
        }
    }

    /// The session's last error as `message (code)`; libssh2's messages name operations and
    /// algorithms, never key material.
    static func lastError(_ session: OpaquePointer) -> (code: Int32, message: String) {
        var message: UnsafeMutablePointer<CChar>?
        var length: Int32 = 0
        let code = libssh2_session_last_error(session, &message, &length, 0)
        let text = message.map { String(cString: $0) } ?? "unknown error"
        return (code, "\(text) (\(code))")
    }

    /// A `Duration` as whole milliseconds, at least 1 (libssh2 reads 0 as "wait forever").
    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    /// The name of an SFTP status code (`libssh2_sftp_last_error`), for messages.
    static func sftpStatusName(_ status: UInt) -> String {
        let names: [UInt: String] = [
            UInt(LIBSSH2_FX_EOF): "end of file", UInt(LIBSSH2_FX_NO_SUCH_FILE): "no such file",
            UInt(LIBSSH2_FX_PERMISSION_DENIED): "permission denied", UInt(LIBSSH2_FX_FAILURE): "failure",
            UInt(LIBSSH2_FX_BAD_MESSAGE): "bad message", UInt(LIBSSH2_FX_OP_UNSUPPORTED): "operation unsupported",
            UInt(LIBSSH2_FX_NO_SUCH_PATH): "no such path", UInt(LIBSSH2_FX_FILE_ALREADY_EXISTS): "file already exists",
            UInt(LIBSSH2_FX_WRITE_PROTECT): "write protected",
            UInt(LIBSSH2_FX_NO_SPACE_ON_FILESYSTEM): "no space left on the file system",
            UInt(LIBSSH2_FX_QUOTA_EXCEEDED): "quota exceeded", UInt(LIBSSH2_FX_NOT_A_DIRECTORY): "not a directory",
            UInt(LIBSSH2_FX_INVALID_FILENAME): "invalid file name",
        ]
        return "\(names[status] ?? "SFTP status") (\(status))"
    }
}
