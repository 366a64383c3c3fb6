import COpenSSL

/// SHA-256 through OpenSSL's EVP interface: the hash recorded for every archived file and the
/// one a delivery target compares against a file already on the server.
public enum SHA256 {
    /// The number of bytes in a digest.
    public static let byteCount = 32

    /// The 32-byte digest of `bytes`.
    public static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: byteCount)
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytesOrEmpty { input in
            digest.withUnsafeMutableBufferPointer { output in
                EVP_Digest(input.baseAddress, input.count, output.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        // Hashing memory with a built-in digest fails only if the library itself is broken.
        precondition(ok == 1 && length == UInt32(byteCount), "OpenSSL EVP_Digest(SHA-256) failed")
        return digest
    }

    /// The digest of `bytes` as 64 lowercase hexadecimal digits.
    public static func hex(_ bytes: [UInt8]) -> String {
        Hex.encode(digest(bytes))
    }
}
