import COpenSSL

/// OpenSSL's thread-local error queue, drained into one line for an error message.
enum OpenSSLErrors {
    /// The queued reasons, oldest first, e.g. "error:…:PEM routines::no start line"; clears the queue.
    static func drain() -> String {
        var reasons: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return reasons.isEmpty ? "no detail from OpenSSL" : reasons.joined(separator: "; ")
    }
}
