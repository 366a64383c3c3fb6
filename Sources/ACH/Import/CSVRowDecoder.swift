import Foundation

/// Turns the fields of one well-shaped record (as many fields as the header) into a `Transfer`,
/// collecting a problem for every field that cannot be represented.
struct CSVRowDecoder {
    let record: CSVTokenizer.Record
    /// For each `TransferCSVColumn.rawValue`, its position in the record, or -1.
    let positions: [Int]
    private(set) var errors: [CSVImportError] = []

    init(record: CSVTokenizer.Record, positions: [Int]) {
        self.record = record
        self.positions = positions
    }

    private var line: Int { record.line }

    /// The transfer, or nil when a field is malformed (see `errors`).
    mutating func transfer(makeID: () -> UUID) -> Transfer? {
        let idempotencyKey = requiredText(.idempotencyKey)
        let originator = requiredText(.originator)
        let direction = value(.direction, CSVValueSyntax.direction)
        let amount = value(.amount, CSVValueSyntax.cents)
        let secCode = requiredText(.secCode)
        let receiverName = requiredText(.receiverName)
        let receiverID = optionalText(.receiverID) ?? ""
        let routingNumber = requiredText(.routingNumber)
        let accountNumber = requiredText(.accountNumber)
        let accountType = optionalText(.accountType) ?? "checking"
        let effectiveDate = value(.effectiveDate, CSVValueSyntax.date)
        let sameDay = value(.sameDay, CSVValueSyntax.boolean) ?? false
        let entryDescription = requiredText(.entryDescription)
        let addenda = addendaLines()
        let prenote = value(.prenote, CSVValueSyntax.boolean) ?? false
        let webPaymentType = optionalText(.webPaymentType)
        let authorization = optionalText(.authorization)
        guard errors.isEmpty, let direction, let amount else { return nil }
        return Transfer(
            id: makeID(), idempotencyKey: idempotencyKey, originator: originator, direction: direction,
            amountCents: amount, currency: "USD", secCode: secCode, receiverName: receiverName,
            receiverID: receiverID, routingNumber: routingNumber, accountNumber: accountNumber,
            accountType: accountType, addenda: addenda, effectiveDate: effectiveDate, sameDay: sameDay,
            entryDescription: entryDescription, prenote: prenote, webPaymentType: webPaymentType,
            authorization: authorization)
    }

    // MARK: Fields

    /// The bytes of a column's field; nil when the column is absent, or the field is broken
    /// (reported).
    private mutating func bytes(_ column: TransferCSVColumn) -> UnsafeBufferPointer<UInt8>? {
        let position = positions[column.rawValue]
        guard position >= 0 else { return nil }
        let field = record.fields[position]
        if let problem = field.problem {
            errors.append(CSVImportError.quoting(problem, line: line, column: column.name))
            return nil
        }
        let limit = column == .addenda ? TransferCSV.maxAddendaBytes : TransferCSV.maxFieldBytes
        guard field.byteCount <= limit else {
            fail(.fieldTooLong, column, "is \(field.byteCount) bytes long; the limit is \(limit)")
            return nil
        }
        return record.bytes(of: field)
    }

    /// A text column's value; nil when absent, empty (only blanks) or broken (reported).
    private mutating func optionalText(_ column: TransferCSVColumn) -> String? {
        guard let bytes = bytes(column), !CSVByte.trimmed(bytes).isEmpty else { return nil }
        guard let text = CSVByte.string(bytes) else {
            fail(.invalidUTF8, column, "is not valid UTF-8")
            return nil
        }
        return text
    }

    /// A required text column's value; an empty one is reported. "" when broken.
    private mutating func requiredText(_ column: TransferCSVColumn) -> String {
        if let text = optionalText(column) { return text }
        if isPresentAndEmpty(column) { fail(.emptyRequiredField, column, "is required but empty") }
        return ""
    }

    /// A typed column's value, parsed from its trimmed bytes; nil when absent, empty (reported if
    /// the column is required) or malformed (reported).
    private mutating func value<T>(
        _ column: TransferCSVColumn, _ parse: (UnsafeBufferPointer<UInt8>) -> Result<T, CSVValueSyntax.Problem>
    ) -> T? {
        guard let raw = bytes(column) else { return nil }
        let bytes = CSVByte.trimmed(raw)
        guard !bytes.isEmpty else {
            if column.isRequired { fail(.emptyRequiredField, column, "is required but empty") }
            return nil
        }
        switch parse(bytes) {
        case .success(let value):
            return value
        case .failure(let problem):
            fail(
                Self.code(for: column), column, "\(CSVImportError.displayed(bytes, column: column)) \(problem.message)")
            return nil
        }
    }

    /// `addenda`: lines separated by `|`, exactly as written.
    private mutating func addendaLines() -> [String] {
        guard let bytes = bytes(.addenda), !CSVByte.trimmed(bytes).isEmpty else { return [] }
        var count = 1
        for b in bytes where b == CSVByte.pipe { count += 1 }
        guard count <= TransferCSV.maxAddendaLines else {
            fail(.tooManyAddenda, .addenda, "has \(count) lines; the limit is \(TransferCSV.maxAddendaLines)")
            return []
        }
        guard CSVByte.string(bytes) != nil else {
            fail(.invalidUTF8, .addenda, "is not valid UTF-8")
            return []
        }
        return bytes.split(separator: CSVByte.pipe, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    private func isPresentAndEmpty(_ column: TransferCSVColumn) -> Bool {
        let position = positions[column.rawValue]
        guard position >= 0 else { return false }
        let field = record.fields[position]
        return field.problem == nil && CSVByte.trimmed(record.bytes(of: field)).isEmpty
    }

    private mutating func fail(_ code: CSVImportError.Code, _ column: TransferCSVColumn, _ message: String) {
        errors.append(CSVImportError(code: code, line: line, column: column.name, message: message))
    }

    private static func code(for column: TransferCSVColumn) -> CSVImportError.Code {
        switch column {
        case .amount: .invalidAmount
        case .direction: .invalidDirection
        case .effectiveDate: .invalidDate
        default: .invalidBoolean
        }
    }
}
