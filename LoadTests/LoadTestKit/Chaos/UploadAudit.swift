import Foundation

/// What the bank's upload folder shows after a chaos run, apart from the entries (which the
/// exactly-once `Accounting` reads): how many files arrived more than once.
///
/// A file is identified the way a bank identifies it, by its NACHA file header: immediate
/// destination, immediate origin, creation date and file ID modifier (unique per destination and
/// day). Every file in the folder beyond the first with the same identity is a duplicate upload,
/// whatever its name — the same file re-uploaded under another name, or a re-assembled copy.
/// A second upload the server refused to rename over the first leaves no second file and is not
/// counted here; the daemons' "already present" check is what prevents those.
struct UploadAudit: Sendable {
    struct Outcome: Sendable {
        /// Final-named files in the folder.
        var files = 0
        var duplicateUploads = 0
        /// Hidden `.NAME.tmp-…` files: uploads cut off by a kill or an outage (never renamed, so
        /// never seen by the bank as a file).
        var abandonedTemporaryFiles = 0
    }

    let folder: String
    let bankKey: BankKey

    func run() async throws -> Outcome {
        var outcome = Outcome()
        var identities: [String: Int] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
            if name.hasPrefix(".") {
                outcome.abandonedTemporaryFiles += 1
                continue
            }
            outcome.files += 1
            let plain = try await bankKey.decrypt(folder + "/" + name)
            identities[Self.identity(plain), default: 0] += 1
        }
        outcome.duplicateUploads = identities.values.reduce(0) { $0 + max(0, $1 - 1) }
        return outcome
    }

    /// Destination, origin and creation date (columns 4–29) and file ID modifier (column 34) of
    /// the file header record; the whole first line when it is too short to be one.
    static func identity(_ plain: [UInt8]) -> String {
        let line = Array(plain.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") })
        guard line.count >= 34, line[0] == UInt8(ascii: "1") else { return String(decoding: line, as: UTF8.self) }
        return String(decoding: line[3..<29], as: UTF8.self) + "/" + String(decoding: line[33...33], as: UTF8.self)
    }
}
