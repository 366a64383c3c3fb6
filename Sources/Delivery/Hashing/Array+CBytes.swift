extension Array where Element == UInt8 {
    /// Like `withUnsafeBytes`, but an empty array still yields a valid (non-nil) address:
    /// C functions that take `(pointer, length)` may reject a null pointer even with length 0.
    func withUnsafeBytesOrEmpty<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if isEmpty {
            var placeholder: UInt8 = 0
            return try Swift.withUnsafeBytes(of: &placeholder) { try body(UnsafeRawBufferPointer(rebasing: $0[0..<0])) }
        }
        return try withUnsafeBytes(body)
    }
}
