import Foundation

/// Reading the key and certificate files named in configuration, with errors that say which file
/// and what went wrong (never what is inside).
enum KeyFile {
    /// The bytes of the file at `path`; `role` names it in errors, e.g. "bank public key".
    static func read(_ path: String, role: String) throws(EncryptionError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw EncryptionError(.keyFileMissing, "\(role) \(path) does not exist")
        }
        guard !isDirectory.boolValue else {
            throw EncryptionError(.keyFileMissing, "\(role) \(path) is a directory, not a file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EncryptionError(.keyFileMissing, "\(role) \(path) cannot be read (check its permissions)")
        }
        guard !data.isEmpty else {
            throw EncryptionError(.keyInvalid, "\(role) \(path) is empty")
        }
        return [UInt8](data)
    }

    /// A point in time as a calendar day in UTC, e.g. `2025-01-01`, for expiry messages.
    static func day(_ secondsSince1970: Int) -> String {
        var time = time_t(secondsSince1970)
        var parts = tm()
        gmtime_r(&time, &parts)
        let year = Int(parts.tm_year) + 1900
        let month = Int(parts.tm_mon) + 1
        let day = Int(parts.tm_mday)
        return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }
}
