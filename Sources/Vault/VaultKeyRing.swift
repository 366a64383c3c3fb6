import Foundation

/// The keys that protect account numbers at rest.
///
/// A text of lines `ID BASE64` (32 bytes each; `#` starts a comment): every key that may still
/// have sealed a stored value, plus the line `lookup BASE64`, the key of the keyed hash used for
/// look-ups and duplicate detection. `current` names the key new values are sealed with. Rotating
/// means adding a key, making it current, running `ach-worker rotate-keys`, and only then
/// removing the old one. The lookup key never rotates this way: every stored hash depends on it.
public struct VaultKeyRing: Sendable {
    public let current: String
    let keys: [String: [UInt8]]
    let lookupKey: [UInt8]

    /// Key ids that may appear in sealed values: letters, digits, `-` and `_`.
    public static func isValidID(_ id: Substring) -> Bool {
        !id.isEmpty && id.count <= 32
            && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    /// Parses `text`; `source` names where it came from in errors (a path or `$VARIABLE`).
    public init(text: String, current: String, source: String) throws(VaultError) {
        var keys: [String: [UInt8]] = [:]
        var lookup: [UInt8]?
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.prefix { $0 != "#" }.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            let at = "\(source) line \(index + 1)"
            guard parts.count == 2, Self.isValidID(parts[0]) else {
                throw VaultError(.keyInvalid, "\(at): expected `ID BASE64` (the id in letters, digits, - and _)")
            }
            guard let bytes = Data(base64Encoded: String(parts[1])), bytes.count == AESGCM.keyCount else {
                throw VaultError(.keyInvalid, "\(at): key \(parts[0]) is not 32 bytes of base64")
            }
            let id = String(parts[0])
            if id == "lookup" {
                guard lookup == nil else { throw VaultError(.keyInvalid, "\(at): a second lookup key") }
                lookup = [UInt8](bytes)
            } else {
                guard keys[id] == nil else { throw VaultError(.keyInvalid, "\(at): key \(id) is given twice") }
                keys[id] = [UInt8](bytes)
            }
        }
        guard let lookup else {
            throw VaultError(.keyInvalid, "\(source): no `lookup` key (the keyed hash for look-ups)")
        }
        guard keys[current] != nil else {
            let known = keys.keys.sorted().joined(separator: ", ")
            throw VaultError(
                .keyInvalid,
                "\(source): the current key \(current) is not in it (it has: \(known.isEmpty ? "none" : known))")
        }
        self.current = current
        self.keys = keys
        self.lookupKey = lookup
    }

    /// Reads the key text from the environment variable `variable` or the file `path`.
    public static func load(
        file path: String?, environment variable: String?, current: String,
        processEnvironment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(VaultError) -> VaultKeyRing {
        if let variable, !variable.isEmpty {
            guard let text = processEnvironment[variable] else {
                throw VaultError(.keysUnavailable, "environment variable \(variable) (account keys) is not set")
            }
            return try VaultKeyRing(text: text, current: current, source: "$\(variable)")
        }
        if let path, !path.isEmpty {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw VaultError(.keysUnavailable, "account key file \(path) does not exist or cannot be read")
            }
            return try VaultKeyRing(text: String(decoding: data, as: UTF8.self), current: current, source: path)
        }
        throw VaultError(.keysUnavailable, "no account key file or environment variable is configured")
    }

    /// A new key line `ID BASE64` with 32 random bytes, for `ach-worker` to print when asked.
    public static func newKeyLine(id: String) -> String {
        var bytes = [UInt8](repeating: 0, count: AESGCM.keyCount)
        var generator = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &generator) }
        return "\(id) \(Data(bytes).base64EncodedString())"
    }
}
