#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension SFTPTarget {
    /// Where and how to reach one bank's SFTP server. Holds no secrets: the private key and its
    /// passphrase stay in files or the environment and are read at each connection.
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        public var username: String
        /// Our private key (OpenSSH or PEM format; ed25519, ECDSA or RSA).
        public var privateKeyPath: String
        /// The matching public key; libssh2 derives it from the private key when nil.
        public var publicKeyPath: String?
        /// Where the private key's passphrase comes from, if it has one.
        public var passphrase: Passphrase
        /// The folder files are uploaded to, e.g. `/inbound` (absolute, or relative to the
        /// login folder).
        public var remoteDirectory: String
        /// The server's pinned host key, `SHA256:<base64>` as `ssh-keygen -lf` prints it. A server
        /// presenting any other key is refused before we authenticate.
        public var hostKeyFingerprint: String
        /// Host key algorithms to ask for, most preferred first (e.g. `"ssh-ed25519"` or
        /// `"rsa-sha2-512,rsa-sha2-256"`): set it to the pinned key's type when the server has
        /// several host keys. Nil keeps libssh2's preference.
        public var hostKeyAlgorithms: String?
        /// How long a TCP connect may take.
        public var connectTimeout: Duration
        /// How long any single SSH/SFTP exchange (handshake, auth, each read or write) may take.
        public var ioTimeout: Duration

        public init(
            host: String, port: Int = 22, username: String, privateKeyPath: String, publicKeyPath: String? = nil,
            passphrase: Passphrase = .none, remoteDirectory: String, hostKeyFingerprint: String,
            hostKeyAlgorithms: String? = nil, connectTimeout: Duration = .seconds(10),
            ioTimeout: Duration = .seconds(60)
        ) {
            self.host = host
            self.port = port
            self.username = username
            self.privateKeyPath = privateKeyPath
            self.publicKeyPath = publicKeyPath
            self.passphrase = passphrase
            self.remoteDirectory = remoteDirectory
            self.hostKeyFingerprint = hostKeyFingerprint
            self.hostKeyAlgorithms = hostKeyAlgorithms
            self.connectTimeout = connectTimeout
            self.ioTimeout = ioTimeout
        }
    }

    /// The source of a private key's passphrase. Only the source is configured — never the
    /// passphrase itself — and the value is never logged or put in an error.
    public enum Passphrase: Sendable, Equatable {
        /// The key is not encrypted.
        case none
        /// Read from this environment variable at each connection.
        case environment(String)
        /// Read from this file at each connection; one trailing newline is dropped.
        case file(String)

        /// The passphrase, or nil for `.none`; throws `.misconfigured` if its source is missing.
        func resolve() throws -> String? {
            switch self {
            case .none:
                return nil
            case .environment(let name):
                guard let value = getenv(name) else {
                    throw DeliveryError(
                        .misconfigured, "the SSH key passphrase variable \(name) is not set", isTransient: false)
                }
                return String(cString: value)
            case .file(let path):
                let fd = open(path, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { throw Self.unreadable(path) }
                defer { close(fd) }
                var bytes: [UInt8] = []
                var chunk = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if count < 0 && errno == EINTR { continue }
                    guard count >= 0 else { throw Self.unreadable(path) }
                    if count == 0 { break }
                    bytes += chunk[..<count]
                }
                if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
                if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
                return String(decoding: bytes, as: UTF8.self)
            }
        }

        private static func unreadable(_ path: String) -> DeliveryError {
            let reason = String(cString: strerror(errno))
            return DeliveryError(
                .misconfigured, "cannot read the SSH key passphrase file \(path): \(reason)", isTransient: false)
        }
    }
}
