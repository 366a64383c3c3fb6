import CGPGME

/// A GPGME data buffer in memory, released when this goes away. Lives within one call.
final class GPGData {
    private(set) var handle: gpgme_data_t?

    /// An empty buffer for GPGME to write into.
    init() throws(EncryptionError) {
        let status = gpgme_data_new(&handle)
        guard status == 0 else { throw EncryptionError(.failed, "gpgme_data_new: \(GPGME.message(status))") }
    }

    /// A buffer holding a copy of `bytes`.
    init(copying bytes: [UInt8]) throws(EncryptionError) {
        let status = bytes.withUnsafeBytesOrEmpty { buffer in
            gpgme_data_new_from_mem(
                &handle, buffer.baseAddress?.assumingMemoryBound(to: CChar.self), buffer.count, 1)
        }
        guard status == 0 else {
            throw EncryptionError(.failed, "gpgme_data_new_from_mem: \(GPGME.message(status))")
        }
    }

    /// Everything written into the buffer; the buffer is released.
    func take() -> [UInt8] {
        var length = 0
        guard let memory = gpgme_data_release_and_get_mem(handle, &length) else {
            handle = nil
            return []
        }
        handle = nil
        defer { gpgme_free(memory) }
        return [UInt8](UnsafeRawBufferPointer(start: memory, count: length))
    }

    deinit {
        if let handle { gpgme_data_release(handle) }
    }
}
