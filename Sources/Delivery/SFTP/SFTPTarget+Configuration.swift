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
        public var passphrase: PassphraseSource
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
            passphrase: PassphraseSource = .none, remoteDirectory: String, hostKeyFingerprint: String,
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
}
