#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The embedded default target: a local outbox folder that an operator (or another system)
/// picks files up from.
///
/// A file is written under a hidden temporary name in the same folder, flushed, then
/// hard-linked to its final name — `link(2)` fails instead of overwriting — and the folder is
/// flushed too, so after `.uploaded` returns the file survives a power cut. Files are 0600 and a
/// folder created here is 0700.
public struct DirectoryTarget: DeliveryTarget, CustomStringConvertible {
    /// The outbox folder; created (with missing parents) on the first delivery.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public var description: String { "directory:\(path)" }

    public func deliver(name: String, bytes: [UInt8], sha256: String) throws -> DeliveryOutcome {
        try DeliveryFileName.validate(name)
        try LocalFile.makeDirectory(path)
        let directory = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { throw LocalFile.error("open", path) }
        defer { close(directory) }

        // A crash after an earlier delivery left the file in place: don't write it again.
        if faccessat(directory, name, F_OK, AT_SYMLINK_NOFOLLOW) == 0 {
            return try compareExisting(name, in: directory, with: bytes)
        }

        let temporary = DeliveryFileName.temporary(for: name)
        try writeFlushed(temporary, in: directory, bytes: bytes)
        let linked = linkat(directory, temporary, directory, name, 0) == 0
        let linkError = errno
        // The temporary name goes either way; a leftover one would only be clutter.
        unlinkat(directory, temporary, 0)
        guard linked else {
            guard linkError == EEXIST else { throw LocalFile.error("link", filePath(name), errno: linkError) }
            return try compareExisting(name, in: directory, with: bytes)
        }
        guard fsync(directory) == 0 else { throw LocalFile.error("fsync", path) }
        return .uploaded
    }

    /// Creates `name` exclusively with mode 0600, writes `bytes` and flushes them to disk.
    private func writeFlushed(_ name: String, in directory: Int32, bytes: [UInt8]) throws {
        let fd = openat(directory, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw LocalFile.error("create", filePath(name)) }
        var closed = false
        defer { if !closed { close(fd) } }
        do {
            guard fchmod(fd, 0o600) == 0 else { throw LocalFile.error("chmod", filePath(name)) }
            try LocalFile.writeAll(fd, bytes, path: filePath(name))
            guard fsync(fd) == 0 else { throw LocalFile.error("fsync", filePath(name)) }
            closed = true
            guard close(fd) == 0 else { throw LocalFile.error("close", filePath(name)) }
        } catch {
            unlinkat(directory, name, 0)
            throw error
        }
    }

    /// `.alreadyPresent` when `name` holds exactly `bytes`, otherwise a `.conflict` error; the
    /// existing file is never touched.
    private func compareExisting(_ name: String, in directory: Int32, with bytes: [UInt8]) throws -> DeliveryOutcome {
        let existing = try LocalFile.contents(of: name, in: directory, path: filePath(name), expectedSize: bytes.count)
        guard existing == bytes else {
            throw DeliveryError(
                .conflict, "a different file already exists at \(filePath(name)); it was left untouched",
                isTransient: false)
        }
        return .alreadyPresent
    }

    private func filePath(_ name: String) -> String {
        path.hasSuffix("/") ? path + name : path + "/" + name
    }
}
