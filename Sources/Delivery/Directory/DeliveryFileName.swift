/// The rules both delivery targets apply to a file name: it must be one plain path component,
/// and it is first written under a hidden temporary name beside its final place.
///
/// Kept here, next to the directory target, and shared with the SFTP target.
enum DeliveryFileName {
    /// Throws `.misconfigured` unless `name` is a single, visible path component: not empty, no
    /// `/`, no NUL, not starting with `.` (our temporary names do), at most 200 bytes (so that the
    /// temporary name still fits the usual 255).
    static func validate(_ name: String) throws {
        let bytes = Array(name.utf8)
        let problem: String? =
            if bytes.isEmpty {
                "the file name is empty"
            } else if bytes.count > 200 {
                "the file name is longer than 200 bytes"
            } else if bytes.contains(UInt8(ascii: "/")) || bytes.contains(0) {
                "the file name \(name.debugDescription) contains '/' or NUL"
            } else if bytes.first == UInt8(ascii: ".") {
                "the file name \(name.debugDescription) starts with '.'"
            } else {
                nil
            }
        if let problem {
            throw DeliveryError(.misconfigured, problem, isTransient: false)
        }
    }

    /// A unique hidden name for the upload of `name`: `.NAME.tmp-<16 hex digits>`.
    static func temporary(for name: String) -> String {
        var random = SystemRandomNumberGenerator()
        let suffix = String(random.next() as UInt64, radix: 16)
        return ".\(name).tmp-\(String(repeating: "0", count: 16 - suffix.count))\(suffix)"
    }
}
