import COpenSSL

/// HMAC-SHA256 (RFC 2104) through OpenSSL's EVP_MAC interface, used to sign webhook bodies.
public enum HMACSHA256 {
    /// The number of bytes in a tag.
    public static let byteCount = 32

    /// The 32-byte tag of `message` under `key`. Any key length is allowed, including empty.
    public static func compute(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var tag = [UInt8](repeating: 0, count: byteCount)
        var length = 0
        let result = key.withUnsafeBytesOrEmpty { key in
            message.withUnsafeBytesOrEmpty { message in
                tag.withUnsafeMutableBufferPointer { output in
                    EVP_Q_mac(
                        nil, "HMAC", nil, "SHA256", nil, key.baseAddress, key.count,
                        message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count,
                        output.baseAddress, output.count, &length)
                }
            }
        }
        // A MAC over memory with a built-in digest fails only if the library itself is broken.
        precondition(result != nil && length == byteCount, "OpenSSL EVP_Q_mac(HMAC-SHA256) failed")
        return tag
    }

    /// The tag as 64 lowercase hexadecimal digits.
    public static func hex(key: [UInt8], message: [UInt8]) -> String {
        Hex.encode(compute(key: key, message: message))
    }

    /// Compares a received tag with the expected one in time independent of where they differ,
    /// so that checking a signature leaks nothing about the right one.
    public static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
