import Foundation

/// Where a key's passphrase comes from (our OpenPGP signing key, our SSH key). Never the
/// configuration text itself, so that a config file can be shared or logged without leaking it;
/// the value is read each time it is needed and never logged or put in an error.
public enum PassphraseSource: Sendable, Equatable, CustomStringConvertible {
    /// The key has no passphrase.
    case none
    /// The value of this environment variable.
    case environment(String)
    /// The contents of this file (one trailing newline removed).
    case file(String)

    public var description: String {
        switch self {
        case .none: "no passphrase"
        case .environment(let name): "passphrase from $\(name)"
        case .file(let path): "passphrase from \(path)"
        }
    }

    /// Why a passphrase could not be read; callers wrap it in their own error type.
    struct Unavailable: Error {
        let message: String
    }

    /// The passphrase bytes, or nil for `.none`. `purpose` names the key in messages, e.g.
    /// "SSH key passphrase".
    func read(purpose: String) throws(Unavailable) -> [UInt8]? {
        switch self {
        case .none:
            return nil
        case .environment(let name):
            guard let value = ProcessInfo.processInfo.environment[name] else {
                throw Unavailable(message: "\(purpose): environment variable \(name) is not set")
            }
            return Array(value.utf8)
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw Unavailable(message: "\(purpose) file \(path) does not exist or cannot be read")
            }
            var bytes = [UInt8](data)
            if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
            return bytes
        }
    }
}

extension PassphraseSource {
    /// Our OpenPGP signing key's passphrase.
    func readForSigning() throws(EncryptionError) -> [UInt8]? {
        do {
            return try read(purpose: "signing key passphrase")
        } catch {
            throw EncryptionError(.passphraseUnavailable, error.message)
        }
    }

    /// Our SSH key's passphrase, as libssh2 wants it.
    func readForSSH() throws(DeliveryError) -> String? {
        do {
            return try read(purpose: "SSH key passphrase").map { String(decoding: $0, as: UTF8.self) }
        } catch {
            throw DeliveryError(.misconfigured, error.message, isTransient: false)
        }
    }
}
