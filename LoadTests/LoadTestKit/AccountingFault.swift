import Foundation

/// Damage done to the outbox after delivery and before the accounting, so that a test can prove
/// the accounting reads the files rather than trusting the database. Set by the environment
/// variable `ACH_LOADTEST_FAULT`; never set in a real run.
enum AccountingFault: String {
    /// Removes the first delivered file: its transfers must be counted as lost.
    case dropFile = "drop-file"
    /// Delivers the first file a second time under another name: its entries must be counted as
    /// duplicated.
    case copyFile = "copy-file"

    static var current: AccountingFault? {
        ProcessInfo.processInfo.environment["ACH_LOADTEST_FAULT"].flatMap(AccountingFault.init(rawValue:))
    }

    func apply(to outbox: String) throws {
        let files = FileManager.default
        guard let first = try files.contentsOfDirectory(atPath: outbox).filter({ $0.hasSuffix(".pgp") }).sorted().first
        else { return }
        switch self {
        case .dropFile: try files.removeItem(atPath: outbox + "/" + first)
        case .copyFile: try files.copyItem(atPath: outbox + "/" + first, toPath: outbox + "/copy-" + first)
        }
    }
}
