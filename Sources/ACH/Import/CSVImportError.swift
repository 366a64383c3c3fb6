/// One problem in a transfer import file: where it is (line and column) and what is wrong.
///
/// `line` is the 1-based physical line on which the offending record starts; the header is
/// line 1. `column` is the header name of the offending field, or nil for a problem with the
/// whole row (e.g. a wrong number of fields). The message quotes a bad amount, date, boolean,
/// direction or header name to help the operator find it, with every run of five or more digits
/// masked to its last four, so that it never shows an account number (see `displayed`).
public struct CSVImportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable machine code for the kind of problem (an extensible enum-like struct).
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The file has no header row: it is empty or blank, or its first line is blank.
        public static let missingHeader = Code(rawValue: "CSV_MISSING_HEADER")
        /// A header name that is not a transfer column (or an empty header name).
        public static let unknownColumn = Code(rawValue: "CSV_UNKNOWN_COLUMN")
        /// A header name that appears more than once.
        public static let duplicateColumn = Code(rawValue: "CSV_DUPLICATE_COLUMN")
        /// A required column is missing from the header.
        public static let missingColumn = Code(rawValue: "CSV_MISSING_COLUMN")
        /// A row with more or fewer fields than the header, or a blank line between rows.
        public static let fieldCount = Code(rawValue: "CSV_FIELD_COUNT")
        /// A quoted field that is never closed.
        public static let unterminatedQuote = Code(rawValue: "CSV_UNTERMINATED_QUOTE")
        /// A `"` inside an unquoted field, or text after a closing quote.
        public static let strayQuote = Code(rawValue: "CSV_STRAY_QUOTE")
        /// Bytes that are not UTF-8.
        public static let invalidUTF8 = Code(rawValue: "CSV_INVALID_UTF8")
        /// A field longer than the import accepts.
        public static let fieldTooLong = Code(rawValue: "CSV_FIELD_TOO_LONG")
        /// More addenda lines than any transfer may carry.
        public static let tooManyAddenda = Code(rawValue: "CSV_TOO_MANY_ADDENDA")
        /// A required column left empty.
        public static let emptyRequiredField = Code(rawValue: "CSV_EMPTY_REQUIRED_FIELD")
        /// An amount that is not dollars with at most two decimals.
        public static let invalidAmount = Code(rawValue: "CSV_INVALID_AMOUNT")
        /// A date that is not `YYYY-MM-DD` or not a real calendar day.
        public static let invalidDate = Code(rawValue: "CSV_INVALID_DATE")
        /// A boolean that is not `true`, `false` or empty.
        public static let invalidBoolean = Code(rawValue: "CSV_INVALID_BOOLEAN")
        /// A direction that is not `credit` or `debit`.
        public static let invalidDirection = Code(rawValue: "CSV_INVALID_DIRECTION")
    }

    public var code: Code
    /// 1-based physical line where the record starts (the header is line 1).
    public var line: Int
    /// The header name of the offending field; nil when the problem concerns the whole row.
    public var column: String?
    /// What is wrong, for a person. Never contains a full account number.
    public var message: String

    public init(code: Code, line: Int, column: String? = nil, message: String) {
        self.code = code
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line 7, column amount: "12.345" has more than two decimals`
    public var description: String {
        if let column {
            return "line \(line), column \(column): \(message)"
        }
        return "line \(line): \(message)"
    }
}
