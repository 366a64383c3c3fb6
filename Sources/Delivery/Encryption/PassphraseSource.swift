import Foundation

/// Where the passphrase of our signing key comes from. Never the configuration text itself, so
/// that a config file can be shared or logged without leaking it.
public enum PassphraseSource: Sendable, Equatable, CustomStringConvertible {
    /// The key has no passphrase.
    case none
    /// The value of this environment variable, read each time it is needed.
    case environment(String)
    /// The contents of this file (one trailing newline removed), read each time it is needed.
    case file(String)

    public var description: String {
        switch self {
        case .none: "no passphrase"
        case .environment(let name): "passphrase from $\(name)"
        case .file(let path): "passphrase from \(path)"
        }
    }

    /// The passphrase bytes, or nil for `.none`.
    func resolve() throws(EncryptionError) -> [UInt8]? {
        switch self {
        case .none:
            return nil
        case .environment(let name):
            guard let value = ProcessInfo.processInfo.environment[name] else {
                throw EncryptionError(
                    .passphraseUnavailable, "signing key passphrase: environment variable \(name) is not set")
            }
            return Array(value.utf8)
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw EncryptionError(
                    .passphraseUnavailable, "signing key passphrase file \(path) does not exist or cannot be read")
            }
            var bytes = [UInt8](data)
            if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
            return bytes
        }
    }
}
