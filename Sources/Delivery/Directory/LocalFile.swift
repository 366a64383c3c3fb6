#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Thin, throwing wrappers over the POSIX calls the directory target needs. Every failure
/// becomes a `DeliveryError` naming the operation and the path, never the file's contents.
enum LocalFile {
    /// `.ioFailed`, transient unless retrying cannot help (permissions, read-only file system).
    static func error(_ operation: String, _ path: String, errno code: Int32 = errno) -> DeliveryError {
        let permanent = [EACCES, EPERM, EROFS, ENOTDIR, ELOOP, ENAMETOOLONG].contains(code)
        let reason = String(cString: strerror(code))
        return DeliveryError(.ioFailed, "\(operation) \(path): \(reason)", isTransient: !permanent)
    }

    /// Creates `path` and any missing parents with mode 0700; an existing directory is fine.
    static func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o700) == 0 || errno == EEXIST {
            var info = stat()
            guard stat(path, &info) == 0 else { throw error("stat", path) }
            guard info.st_mode & S_IFMT == S_IFDIR else { throw error("mkdir", path, errno: ENOTDIR) }
            return
        }
        guard errno == ENOENT, let slash = path.lastIndex(of: "/"), slash != path.startIndex else {
            throw error("mkdir", path)
        }
        try makeDirectory(String(path[..<slash]))
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else { throw error("mkdir", path) }
    }

    /// Writes all of `bytes` to `fd`, resuming after partial writes and interruptions.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw error("write", path)
                }
                offset += written
            }
        }
    }

    /// Reads the file `name` in the directory `directoryFD`, if it holds exactly `expectedSize`
    /// bytes; returns nil (without reading) when its size differs.
    static func contents(of name: String, in directoryFD: Int32, path: String, expectedSize: Int) throws -> [UInt8]? {
        let fd = openat(directoryFD, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw error("open", path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw error("stat", path) }
        guard Int(info.st_size) == expectedSize else { return nil }
        var bytes = [UInt8](repeating: 0, count: expectedSize)
        var offset = 0
        while offset < expectedSize {
            let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + offset, expectedSize - offset) }
            if count < 0 {
                if errno == EINTR { continue }
                throw error("read", path)
            }
            if count == 0 { return nil }  // shrank while we read: not the same file
            offset += count
        }
        return bytes
    }
}
