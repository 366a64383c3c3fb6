/// The columns of a transfer import file (SPEC §2), by their header names.
///
/// A header may list them in any order. A column that is not listed here is an error, and so is a
/// column listed twice. The required columns must be present in the header and non-empty in
/// every row; the others may be left out of the header entirely or left empty, and then take
/// their defaults.
public enum TransferCSVColumn: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case idempotencyKey
    case originator
    case direction
    case amount
    case secCode
    case receiverName
    case receiverID
    case routingNumber
    case accountNumber
    case accountType
    case effectiveDate
    case sameDay
    case entryDescription
    case addenda
    case prenote
    case webPaymentType
    case authorization

    /// The name used in the header row.
    public var name: String {
        switch self {
        case .idempotencyKey: "idempotency_key"
        case .originator: "originator"
        case .direction: "direction"
        case .amount: "amount"
        case .secCode: "sec_code"
        case .receiverName: "receiver_name"
        case .receiverID: "receiver_id"
        case .routingNumber: "routing_number"
        case .accountNumber: "account_number"
        case .accountType: "account_type"
        case .effectiveDate: "effective_date"
        case .sameDay: "same_day"
        case .entryDescription: "entry_description"
        case .addenda: "addenda"
        case .prenote: "prenote"
        case .webPaymentType: "web_payment_type"
        case .authorization: "authorization"
        }
    }

    /// Required columns must appear in the header, and an empty value in one is a malformed row:
    /// without them the row cannot be represented as a transfer at all.
    public var isRequired: Bool {
        switch self {
        case .idempotencyKey, .originator, .direction, .amount, .secCode, .routingNumber, .accountNumber,
            .receiverName, .entryDescription:
            true
        case .receiverID, .accountType, .effectiveDate, .sameDay, .addenda, .prenote, .webPaymentType,
            .authorization:
            false
        }
    }

    public var description: String { name }

    /// The column with this header name (exact, case-sensitive), or nil.
    public init?(name: some StringProtocol) {
        guard let column = Self.byName[String(name)] else { return nil }
        self = column
    }

    private static let byName: [String: TransferCSVColumn] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0.name, $0) })
}
