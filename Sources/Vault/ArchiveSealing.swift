/// Archived NACHA files sealed at rest (`files.encryptArchive`): the archive is the one place
/// besides memory where account numbers are readable, and on a shared or backed-up disk mode
/// 0600 may not be enough.
///
/// A sealed file is the header `ach-sealed-v1 KEYID\n`, then nonce ‖ ciphertext ‖ tag: AES-256-GCM
/// under the key ring's current key, with the header authenticated (a file cannot be passed off
/// as sealed under another key). Keys rotate as for account numbers: a file opens while the key
/// named in its header is in the ring.
extension AccountVault {
    static let fileHeaderPrefix = Array("ach-sealed-v1 ".utf8)

    /// `bytes` sealed under the current key.
    public func sealFile(_ bytes: [UInt8]) -> [UInt8] {
        let header = Self.fileHeaderPrefix + Array(keys.current.utf8) + [0x0A]
        return header + AESGCM.seal(bytes, key: keys.keys[keys.current]!, additionalData: header)
    }

    /// Whether `bytes` is a sealed file (a NACHA file starts with `101`, never with the header).
    public static func isSealedFile(_ bytes: [UInt8]) -> Bool { bytes.starts(with: fileHeaderPrefix) }

    /// The file sealed in `bytes`; `name` says which file in errors.
    public func openFile(_ bytes: [UInt8], name: String) throws(VaultError) -> [UInt8] {
        guard Self.isSealedFile(bytes), let newline = bytes.firstIndex(of: 0x0A) else {
            throw VaultError(.corrupt, "\(name) is not a sealed file")
        }
        let header = Array(bytes[..<(newline + 1)])
        let id = String(decoding: bytes[Self.fileHeaderPrefix.count..<newline], as: UTF8.self)
        guard let key = keys.keys[id] else {
            throw VaultError(.unknownKey, "\(name) is sealed with key \(id), which is not in the key ring")
        }
        guard let plain = AESGCM.open(Array(bytes[(newline + 1)...]), key: key, additionalData: header) else {
            throw VaultError(.corrupt, "\(name) does not decrypt with key \(id): damaged or altered")
        }
        return plain
    }
}
