/// Encrypts a NACHA file for its bank before delivery (SPEC §6). Implementations: OpenPGP
/// through GPGME, CMS EnvelopedData through OpenSSL, or none.
///
/// `checkReady()` runs at start-up so that a missing or expired key is a configuration error
/// then, not a failure at the cutoff.
public protocol FileEncryptor: Sendable {
    /// A short human name for logs, e.g. `openpgp to 0xABCD… (signed)`.
    var description: String { get }
    /// Appended to the delivered file's name, e.g. `.pgp`, `.p7m`, or "" for none.
    var fileExtension: String { get }
    func checkReady() throws
    func encrypt(_ plain: [UInt8]) throws -> [UInt8]
}

/// No encryption: the file goes as it is (the embedded default for the local outbox).
public struct PlainFile: FileEncryptor {
    public init() {}
    public var description: String { "none" }
    public var fileExtension: String { "" }
    public func checkReady() throws {}
    public func encrypt(_ plain: [UInt8]) throws -> [UInt8] { plain }
}
