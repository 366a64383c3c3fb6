#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A host key's SHA-256 fingerprint in OpenSSH's notation, `SHA256:<base64 without padding>` —
/// what `ssh-keygen -lf key.pub` and `ssh-keyscan host | ssh-keygen -lf -` print.
struct HostKeyFingerprint: Sendable, Equatable, CustomStringConvertible {
    /// The SHA-256 digest of the key blob: 32 bytes.
    let digest: [UInt8]

    init(digest: [UInt8]) {
        self.digest = digest
    }

    /// Parses `SHA256:…`; throws `.misconfigured` for anything else (MD5 fingerprints included).
    init(openSSH text: String) throws {
        let prefix = "SHA256:"
        var encoded = Substring(text.filter { !$0.isWhitespace })
        guard encoded.hasPrefix(prefix) else {
            throw DeliveryError(
                .misconfigured, "host key fingerprint must look like SHA256:<base64> (as ssh-keygen -lf prints it)",
                isTransient: false)
        }
        encoded.removeFirst(prefix.count)
        while encoded.hasSuffix("=") { encoded.removeLast() }
        let padded = String(encoded) + String(repeating: "=", count: (4 - encoded.count % 4) % 4)
        guard let data = Data(base64Encoded: padded), data.count == 32 else {
            throw DeliveryError(
                .misconfigured, "host key fingerprint \(text.debugDescription) is not a SHA-256 digest in base64",
                isTransient: false)
        }
        self.digest = Array(data)
    }

    var description: String {
        var encoded = Data(digest).base64EncodedString()
        while encoded.hasSuffix("=") { encoded.removeLast() }
        return "SHA256:" + encoded
    }
}
