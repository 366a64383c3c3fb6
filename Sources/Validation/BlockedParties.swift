/// Receivers we must not pay or debit (rule 27): names and accounts from the bank's screening
/// list, loaded from configuration.
///
/// Name screening is deliberately simple and deterministic: both sides are reduced to upper-case
/// words of letters and digits, and a blocked name matches when **all** its words appear in the
/// receiver name ("ACME TRADING" blocks "Acme Trading, LLC"). That errs towards false positives,
/// which is the right side for screening: an operator reviews the rejection.
public struct BlockedParties: Sendable, Hashable {
    /// A blocked account; without a routing number it is blocked at every bank.
    public struct Account: Sendable, Hashable {
        public var routingNumber: String?
        public var accountNumber: String

        public init(routingNumber: String? = nil, accountNumber: String) {
            self.routingNumber = routingNumber
            self.accountNumber = accountNumber
        }
    }

    /// The configured names, as written (for messages).
    public let names: [String]
    public let accounts: [Account]
    private let nameWords: [(name: String, words: Set<String>)]
    private let accountKeys: Set<String>

    public init(names: [String] = [], accounts: [Account] = []) {
        self.names = names
        self.accounts = accounts
        self.nameWords = names.map { ($0, Set(BlockedParties.words($0))) }.filter { !$0.words.isEmpty }
        self.accountKeys = Set(
            accounts.map { BlockedParties.accountKey(routing: $0.routingNumber, account: $0.accountNumber) })
    }

    public var isEmpty: Bool { nameWords.isEmpty && accountKeys.isEmpty }

    /// The configured blocked name that `receiverName` matches, if any.
    public func blockedName(matching receiverName: String) -> String? {
        guard !nameWords.isEmpty else { return nil }
        let receiverWords = Set(BlockedParties.words(receiverName))
        return nameWords.first { $0.words.isSubset(of: receiverWords) }?.name
    }

    /// True when the account is blocked at this bank or at every bank. Hyphens, spaces and case
    /// are ignored so a list typed by a person still matches.
    public func blocksAccount(routingNumber: String, accountNumber: String) -> Bool {
        guard !accountKeys.isEmpty else { return false }
        return accountKeys.contains(BlockedParties.accountKey(routing: nil, account: accountNumber))
            || accountKeys.contains(BlockedParties.accountKey(routing: routingNumber, account: accountNumber))
    }

    static func words(_ text: String) -> [String] {
        text.uppercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    private static func accountKey(routing: String?, account: String) -> String {
        let cleaned = String(account.uppercased().filter { $0.isLetter || $0.isNumber })
        return (routing ?? "*") + "/" + cleaned
    }

    public static func == (a: BlockedParties, b: BlockedParties) -> Bool {
        a.names == b.names && a.accounts == b.accounts
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(names)
        hasher.combine(accounts)
    }
}
