import Foundation

/// Reads a transfer import file (`ach-worker import FILE.csv`): CSV bytes in, transfers out.
///
/// The file is all or nothing. If every row is well-formed the result is one transfer per row;
/// if any row is malformed the result lists the problems of every malformed row (up to
/// `maxReportedRows` of them) and no transfers at all.
///
/// *Malformed* means the row cannot be represented as a `Transfer`: wrong number of fields, a
/// quoting error, bytes that are not UTF-8, an empty required field, an amount, date, boolean or
/// direction with the wrong syntax, a field past its length limit. A value that is well-formed
/// but breaks a business rule (a bad routing check digit, an unsupported SEC code, a 30-character
/// name, a zero amount on a non-prenote) is *not* an error here: it is imported and rejected
/// later by the validation rules, with their codes.
///
/// The format:
/// - RFC 4180 CSV (see `CSVTokenizer`): LF or CRLF, optional UTF-8 BOM, `"` quoting; spaces and
///   tabs around unquoted values are trimmed; blank lines at the end are ignored, blank lines
///   elsewhere are malformed rows.
/// - Line 1 is the header: the names of `TransferCSVColumn`, in any order, each at most once.
///   Unknown, duplicate and missing required columns are errors of the header, reported on
///   line 1; then no row is read.
/// - Optional columns, when absent or empty: `receiver_id` "", `account_type` "checking",
///   `effective_date` none (next banking day), `same_day`/`prenote` false, `addenda` none,
///   `web_payment_type`/`authorization` none. Currency is always USD.
/// - `amount`: dollars with at most two decimals, read exactly as cents. `effective_date`:
///   `YYYY-MM-DD`, a real day. Booleans: `true`/`false`/empty. `direction`: `credit`/`debit`.
///   Keywords are matched ignoring ASCII letter case (spreadsheets write `TRUE`).
/// - `addenda`: lines separated by `|`, kept exactly as written; at most `maxAddendaLines`.
/// - A value that is only spaces and tabs counts as empty. Text in quotes is otherwise kept
///   verbatim.
/// - Limits: `maxFieldBytes` per value (`maxAddendaBytes` for addenda); longer is malformed.
///
/// An empty file (no bytes, or only blank lines) is an error (`missingHeader`): an operator who
/// imports it has most likely picked the wrong file. A header with no rows is a valid file with
/// zero transfers.
public enum TransferCSV {
    /// At most this many malformed rows have their problems listed; the rest are only counted.
    public static let maxReportedRows = 1_000
    /// The longest value, in UTF-8 bytes, of any column but `addenda`.
    public static let maxFieldBytes = 10_000
    /// The longest `addenda` value in UTF-8 bytes: 9,999 lines of 80 characters and separators,
    /// with room to spare.
    public static let maxAddendaBytes = 1_048_576
    /// The most addenda lines one transfer may carry (CTX allows 9,999).
    public static let maxAddendaLines = 9_999

    /// Parses a whole import file, giving each transfer a fresh id (`TransferID`).
    public static func parse(_ bytes: [UInt8]) -> Result<[ParsedTransferRow], CSVImportFailure> {
        // One generator and one clock reading for the file: Foundation's `UUID()` and `Date()`
        // per row would cost more than parsing it.
        var generator = SystemRandomNumberGenerator()
        let now = Date()
        return parse(bytes) { TransferID.make(at: now, using: &generator) }
    }

    /// Parses a whole import file; `makeID` gives each transfer its id, in file order.
    public static func parse(
        _ bytes: [UInt8], makeID: () -> UUID
    ) -> Result<[ParsedTransferRow], CSVImportFailure> {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = TransferCSVReader(input: buffer)
            return reader.read(makeID: makeID)
        }
    }
}

/// One imported transfer and the line of the file it came from.
public struct ParsedTransferRow: Sendable, Hashable {
    /// 1-based physical line where the row starts (the header is line 1).
    public var line: Int
    public var transfer: Transfer

    public init(line: Int, transfer: Transfer) {
        self.line = line
        self.transfer = transfer
    }
}
