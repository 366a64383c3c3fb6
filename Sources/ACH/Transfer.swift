import Foundation

/// Which way the money moves, seen from the originator.
public enum TransferDirection: String, Sendable, Hashable, CaseIterable {
    /// We pay the receiver.
    case credit
    /// We collect from the receiver.
    case debit
}

/// One payment request as the producer wrote it (SPEC §2).
///
/// Fields that a business rule checks (SEC code, account type, currency, …) are kept as the raw
/// text the producer sent, so that a bad value is reported by its rule with a code rather than
/// lost at parse time. Only what the database constrains (direction, integer cents) is typed.
public struct Transfer: Sendable, Hashable {
    public var id: UUID
    public var idempotencyKey: String
    public var originator: String
    public var direction: TransferDirection
    public var amountCents: Int64
    public var currency: String
    public var secCode: String
    public var receiverName: String
    public var receiverID: String
    public var routingNumber: String
    public var accountNumber: String
    public var accountType: String
    /// Payment-related information lines (addenda 05), in order.
    public var addenda: [String]
    /// Requested settlement day; nil means the next banking day.
    public var effectiveDate: CalendarDate?
    public var sameDay: Bool
    public var entryDescription: String
    public var prenote: Bool
    /// WEB only: `S` (single) or `R` (recurring).
    public var webPaymentType: String?
    /// Debit authorization reference.
    public var authorization: String?

    public init(
        id: UUID = TransferID.make(), idempotencyKey: String, originator: String, direction: TransferDirection,
        amountCents: Int64, currency: String = "USD", secCode: String, receiverName: String,
        receiverID: String = "", routingNumber: String, accountNumber: String,
        accountType: String = "checking", addenda: [String] = [], effectiveDate: CalendarDate? = nil,
        sameDay: Bool = false, entryDescription: String, prenote: Bool = false,
        webPaymentType: String? = nil, authorization: String? = nil
    ) {
        self.id = id
        self.idempotencyKey = idempotencyKey
        self.originator = originator
        self.direction = direction
        self.amountCents = amountCents
        self.currency = currency
        self.secCode = secCode
        self.receiverName = receiverName
        self.receiverID = receiverID
        self.routingNumber = routingNumber
        self.accountNumber = accountNumber
        self.accountType = accountType
        self.addenda = addenda
        self.effectiveDate = effectiveDate
        self.sameDay = sameDay
        self.entryDescription = entryDescription
        self.prenote = prenote
        self.webPaymentType = webPaymentType
        self.authorization = authorization
    }
}

extension Transfer {
    /// The account number with all but the last four characters masked, for logs and messages.
    public var maskedAccountNumber: String { Transfer.mask(accountNumber) }

    public static func mask(_ account: String) -> String {
        let count = account.count
        guard count > 4 else { return String(repeating: "*", count: count) }
        return String(repeating: "*", count: count - 4) + account.suffix(4)
    }
}
