/// Where a finished (possibly encrypted) file goes: a local outbox directory or a bank's SFTP
/// server.
///
/// Implementations block (network, fsync); callers run them on a DispatchQueue of their own,
/// never on Swift's cooperative thread pool.
public protocol DeliveryTarget: Sendable {
    /// A short human name for logs and errors, e.g. `sftp://bank@127.0.0.1:2222/inbound`.
    var description: String { get }

    /// Puts `bytes` at `name` without ever overwriting: written under a unique temporary name,
    /// flushed to stable storage, then renamed. If a file already sits at `name` with the same
    /// size and SHA-256 (a crash after an earlier upload), nothing is written and the result is
    /// `.alreadyPresent`; a *different* file there is a `.conflict` error.
    func deliver(name: String, bytes: [UInt8], sha256: String) throws -> DeliveryOutcome
}

public enum DeliveryOutcome: Sendable, Equatable {
    case uploaded
    case alreadyPresent
}

/// A delivery failure with a stable code. `isTransient` says whether retrying later may help.
public struct DeliveryError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The server could not be reached (DNS, refused, timeout, dropped connection).
        public static let unreachable = Code("DELIVERY_UNREACHABLE")
        /// The server's host key does not match the pinned fingerprint. Never retried blindly.
        public static let hostKeyMismatch = Code("DELIVERY_HOST_KEY_MISMATCH")
        /// Our key was refused.
        public static let authenticationFailed = Code("DELIVERY_AUTH_FAILED")
        /// A different file already has the final name.
        public static let conflict = Code("DELIVERY_CONFLICT")
        /// Writing, flushing or renaming failed.
        public static let ioFailed = Code("DELIVERY_IO_FAILED")
        /// The target is configured wrongly (missing key file, bad fingerprint format, …).
        public static let misconfigured = Code("DELIVERY_MISCONFIGURED")
    }

    public var code: Code
    public var message: String
    public var isTransient: Bool

    public init(_ code: Code, _ message: String, isTransient: Bool) {
        self.code = code
        self.message = message
        self.isTransient = isTransient
    }

    public var description: String { "\(code): \(message)" }
}
