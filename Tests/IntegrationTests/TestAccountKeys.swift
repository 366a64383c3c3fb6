import Foundation
import Vault

/// One account key file for the whole test run (mode 0600, fresh random keys), so that what a
/// test seeds in Swift and what the `ach-worker` binary opens use the same keys.
enum TestAccountKeys {
    static let file: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ach-test-accounts-\(UUID().uuidString).keys"
        ).path
        let text = [VaultKeyRing.newKeyLine(id: "lookup"), VaultKeyRing.newKeyLine(id: "k1")].joined(separator: "\n")
        FileManager.default.createFile(
            atPath: path, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: 0o600])
        return path
    }()

    static let vault: AccountVault = {
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        return AccountVault(keys: try! VaultKeyRing(text: text, current: "k1", source: file))
    }()

    /// The `accountKeys:` section of a test configuration.
    static var yaml: String { "accountKeys:\n  file: \"\(file)\"\n  current: k1\n" }
}
