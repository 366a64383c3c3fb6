import CLibSSH2
import Logging

/// The SFTP file operations a delivery needs, each one blocking with the session's timeout.
extension SFTPConnection {
    private var channel: OpaquePointer {
        guard let sftp else { preconditionFailure("SFTP used after release()") }
        return sftp
    }

    /// The size of the file at `path`, or nil when there is none.
    func size(of path: String) throws -> UInt64? {
        var attributes = LIBSSH2_SFTP_ATTRIBUTES()
        guard libssh2_sftp_stat_ex(channel, path, UInt32(path.utf8.count), LIBSSH2_SFTP_STAT, &attributes) == 0 else {
            let status = lastSFTPStatus()
            if status == UInt(LIBSSH2_FX_NO_SUCH_FILE) || status == UInt(LIBSSH2_FX_NO_SUCH_PATH) { return nil }
            throw failure("stat \(path)")
        }
        guard attributes.flags & UInt(LIBSSH2_SFTP_ATTR_SIZE) != 0 else {
            throw DeliveryError(.ioFailed, "\(peer) did not report the size of \(path)", isTransient: true)
        }
        return attributes.filesize
    }

    /// The contents of `path` if it holds exactly `expectedSize` bytes, else nil.
    func contents(of path: String, expectedSize: Int) throws -> [UInt8]? {
        guard
            let handle = libssh2_sftp_open_ex(
                channel, path, UInt32(path.utf8.count), UInt(LIBSSH2_FXF_READ), 0, LIBSSH2_SFTP_OPENFILE)
        else { throw failure("open \(path)") }
        defer { libssh2_sftp_close_handle(handle) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(expectedSize)
        var chunk = [UInt8](repeating: 0, count: 32 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes {
                libssh2_sftp_read(handle, $0.baseAddress!.assumingMemoryBound(to: CChar.self), $0.count)
            }
            if count == Int(LIBSSH2_ERROR_EAGAIN) { continue }
            guard count >= 0 else { throw failure("read \(path)") }
            if count == 0 { break }
            bytes += chunk[..<count]
            if bytes.count > expectedSize { return nil }
        }
        return bytes.count == expectedSize ? bytes : nil
    }

    /// Creates `path` (mode 0600), failing if it exists, writes `bytes`, asks the server to
    /// flush them to disk (fsync@openssh.com, skipped when the server lacks it) and closes it.
    func createFile(_ path: String, bytes: [UInt8]) throws {
        let flags = UInt(LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_EXCL)
        guard
            let handle = libssh2_sftp_open_ex(
                channel, path, UInt32(path.utf8.count), flags, 0o600, LIBSSH2_SFTP_OPENFILE)
        else { throw failure("create \(path)") }
        var open = true
        defer { if open { libssh2_sftp_close_handle(handle) } }

        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let pointer = (buffer.baseAddress! + offset).assumingMemoryBound(to: CChar.self)
                let written = libssh2_sftp_write(handle, pointer, min(buffer.count - offset, 1 << 20))
                if written == Int(LIBSSH2_ERROR_EAGAIN) { continue }
                guard written >= 0 else { throw failure("write \(path)") }
                offset += written
            }
        }
        if libssh2_sftp_fsync(handle) != 0 {
            guard lastSFTPStatus() == UInt(LIBSSH2_FX_OP_UNSUPPORTED) else { throw failure("fsync \(path)") }
            logger.info("SFTP server cannot fsync; relying on close", metadata: ["sftp.peer": "\(peer)"])
        }
        open = false
        guard libssh2_sftp_close_handle(handle) == 0 else { throw failure("close \(path)") }
    }

    /// Renames `source` to `destination` without overwriting: SFTP v3's RENAME (which OpenSSH
    /// implements as link + unlink) fails when `destination` exists. Returns nil on success, or
    /// the error when the server refused with an SFTP status (the caller then looks at what is
    /// at `destination`); throws when the connection failed.
    func renameWithoutOverwrite(_ source: String, to destination: String) throws -> DeliveryError? {
        let flags = Int(LIBSSH2_SFTP_RENAME_ATOMIC | LIBSSH2_SFTP_RENAME_NATIVE)
        let status = libssh2_sftp_rename_ex(
            channel, source, UInt32(source.utf8.count), destination, UInt32(destination.utf8.count), flags)
        if status == 0 { return nil }
        let error = failure("rename \(source) to \(destination)")
        guard lastSFTPStatus() != nil else { throw error }
        return error
    }

    /// Removes `path`, ignoring failures: used to clean up our own temporary file.
    func removeQuietly(_ path: String) {
        guard sftp != nil, !broken else { return }
        libssh2_sftp_unlink_ex(channel, path, UInt32(path.utf8.count))
    }
}
