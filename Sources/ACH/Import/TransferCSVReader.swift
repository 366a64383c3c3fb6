import Foundation

/// The state of one `TransferCSV.parse` call: the header's layout, the rows so far and the
/// problems so far, with the error list capped at `TransferCSV.maxReportedRows` rows.
struct TransferCSVReader {
    private var tokenizer: CSVTokenizer
    /// Header names in file order (for naming a field by its position).
    private var headerNames: [String] = []
    /// For each `TransferCSVColumn.rawValue`, its position in a record, or -1 when absent.
    private var positions = [Int](repeating: -1, count: TransferCSVColumn.allCases.count)
    private var rows: [ParsedTransferRow] = []
    private var errors: [CSVImportError] = []
    private var malformedRows = 0
    private var unreportedRows = 0
    /// Blank lines not yet known to be trailing: the first few line numbers, and how many.
    private var blankLines: [Int] = []
    private var blankLineCount = 0

    init(input: UnsafeBufferPointer<UInt8>) {
        tokenizer = CSVTokenizer(
            input: input, maxFieldBytes: TransferCSV.maxAddendaBytes,
            maxStoredFields: TransferCSVColumn.allCases.count + 1)
    }

    mutating func read(makeID: () -> UUID) -> Result<[ParsedTransferRow], CSVImportFailure> {
        guard readHeader() else { return .failure(failure) }
        while tokenizer.nextRecord() {
            if tokenizer.isBlankRecord {
                if blankLines.count < TransferCSV.maxReportedRows { blankLines.append(tokenizer.recordLine) }
                blankLineCount += 1
                continue
            }
            reportBlankLines()
            readRow(makeID: makeID)
        }
        // Blank lines still pending are at the end of the file: ignored.
        return malformedRows == 0 ? .success(rows) : .failure(failure)
    }

    private var failure: CSVImportFailure {
        CSVImportFailure(errors: errors, malformedRowCount: malformedRows, unreportedRowCount: unreportedRows)
    }

    /// Reads line 1; false when the file has no usable header.
    private mutating func readHeader() -> Bool {
        guard tokenizer.nextRecord() else {
            report([CSVImportError(code: .missingHeader, line: 1, message: "the file is empty; expected a header row")])
            return false
        }
        if tokenizer.isBlankRecord {
            var blankFile = true
            while blankFile, tokenizer.nextRecord() { blankFile = tokenizer.isBlankRecord }
            let message =
                blankFile ? "the file is blank; expected a header row" : "is blank; the header must be the first line"
            report([CSVImportError(code: .missingHeader, line: 1, message: message)])
            return false
        }
        let header = tokenizer.withRecord(Self.header(of:))
        headerNames = header.names
        positions = header.positions
        if header.problems.isEmpty { return true }
        report(header.problems)
        return false
    }

    /// The header's column names and layout, and everything wrong with it.
    private static func header(
        of record: CSVTokenizer.Record
    ) -> (names: [String], positions: [Int], problems: [CSVImportError]) {
        var names: [String] = []
        var positions = [Int](repeating: -1, count: TransferCSVColumn.allCases.count)
        var problems: [CSVImportError] = []
        let line = record.line
        for (index, field) in record.fields.enumerated() {
            let label = "header column \(index + 1)"
            if let problem = field.problem {
                problems.append(CSVImportError.quoting(problem, line: line, label: label))
                continue
            }
            let bytes = CSVByte.trimmed(record.bytes(of: field))
            guard let name = CSVByte.string(bytes) else {
                problems.append(CSVImportError(code: .invalidUTF8, line: line, message: "\(label) is not valid UTF-8"))
                continue
            }
            names.append(name)
            guard let column = TransferCSVColumn(name: name) else {
                let message =
                    name.isEmpty
                    ? "\(label) has no name" : "\(CSVImportError.displayed(bytes)) is not a transfer column"
                problems.append(CSVImportError(code: .unknownColumn, line: line, message: message))
                continue
            }
            if positions[column.rawValue] >= 0 {
                problems.append(
                    CSVImportError(
                        code: .duplicateColumn, line: line, column: column.name, message: "appears more than once"))
                continue
            }
            positions[column.rawValue] = index
        }
        if record.fieldCount > record.fields.count {
            problems.append(
                CSVImportError(
                    code: .unknownColumn, line: line,
                    message: "the header has \(record.fieldCount) columns; a transfer has only "
                        + "\(TransferCSVColumn.allCases.count)"))
        }
        if problems.isEmpty {
            for column in TransferCSVColumn.allCases where column.isRequired && positions[column.rawValue] < 0 {
                problems.append(
                    CSVImportError(
                        code: .missingColumn, line: line, column: column.name,
                        message: "is required but missing from the header"))
            }
        }
        return (names, positions, problems)
    }

    private mutating func readRow(makeID: () -> UUID) {
        let line = tokenizer.recordLine
        if let index = tokenizer.unterminatedField {
            let column = index < headerNames.count ? headerNames[index] : nil
            let label = column == nil ? "field \(index + 1)" : nil
            report([CSVImportError.quoting(.unterminatedQuote, line: line, column: column, label: label)])
            return
        }
        guard tokenizer.fieldCount == headerNames.count else {
            let fields = tokenizer.fieldCount == 1 ? "1 field" : "\(tokenizer.fieldCount) fields"
            let message = "has \(fields); the header has \(headerNames.count)"
            report([CSVImportError(code: .fieldCount, line: line, message: message)])
            return
        }
        let positions = positions
        let (transfer, rowErrors) = tokenizer.withRecord { record in
            var decoder = CSVRowDecoder(record: record, positions: positions)
            return (decoder.transfer(makeID: makeID), decoder.errors)
        }
        if let transfer {
            if malformedRows == 0 { rows.append(ParsedTransferRow(line: line, transfer: transfer)) }
        } else {
            report(rowErrors)
        }
    }

    /// Blank lines followed by a row are in the middle of the file: each is a malformed row.
    private mutating func reportBlankLines() {
        guard blankLineCount > 0 else { return }
        for line in blankLines {
            report([
                CSVImportError(
                    code: .fieldCount, line: line, message: "is blank; blank lines may only end the file")
            ])
        }
        let unlisted = blankLineCount - blankLines.count
        malformedRows += unlisted
        unreportedRows += unlisted
        blankLines.removeAll(keepingCapacity: true)
        blankLineCount = 0
    }

    /// Records one malformed row. Its errors are only made while they are still listed.
    private mutating func report(_ rowErrors: @autoclosure () -> [CSVImportError]) {
        if malformedRows == 0 { rows = [] }
        malformedRows += 1
        if malformedRows <= TransferCSV.maxReportedRows {
            errors.append(contentsOf: rowErrors())
        } else {
            unreportedRows += 1
        }
    }
}
