/// Turns bytes into a `NACHAFile`.
///
/// The reader stops at the first thing that keeps it from building the model: a layout problem
/// (per `mode`), a character that is not printable ASCII, records out of order, or a numeric
/// field holding something else. It does not judge content — a file with a wrong entry hash or an
/// unknown return code still reads; `NACHAValidator` is the one that reports every problem.
public enum NACHAReader {
    public static func read(_ bytes: [UInt8], mode: NACHALayoutMode = .strict) throws(NACHAError) -> NACHAFile {
        try read(NACHALines(bytes, mode: mode))
    }

    /// Reads and validates in one go (for a bank's return or NOC file): the records are cut once
    /// for both. The model is nil when the reader cannot build it; the report says why.
    public static func readValidated(_ bytes: [UInt8], mode: NACHALayoutMode = .strict)
        -> (file: NACHAFile?, report: NACHAValidationReport)
    {
        let lines = NACHALines(bytes, mode: mode)
        let report = NACHAValidator.validate(lines, options: .init(mode: mode))
        return (try? read(lines), report)
    }

    static func read(_ lines: NACHALines) throws(NACHAError) -> NACHAFile {
        if let first = lines.problems.first(where: { $0.severity == .error }) { throw NACHAError(first) }
        let result = lines.withRecords { records -> Result<NACHAFile, NACHAError> in
            var parser = Parser(records: records, lines: lines)
            do throws(NACHAError) {
                return .success(try parser.file())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private struct Parser {
        let records: NACHARecords
        let lines: NACHALines
        var index = 0

        init(records: NACHARecords, lines: NACHALines) {
            self.records = records
            self.lines = lines
        }

        /// The current record's line; the last line once past the end.
        var line: Int { index < lines.count ? lines.line(index) : lines.lastLine }

        /// The next record's type, after checking its characters; nil at the end.
        mutating func peek() throws(NACHAError) -> UInt8? {
            guard index < lines.count else { return nil }
            let record = records[index]
            if let (column, byte) = record.firstInvalidCharacter {
                throw NACHAError(
                    line: line, code: .invalidCharacter,
                    message: "record: byte 0x\(hex(byte)) at column \(column) is not printable ASCII")
            }
            return record.recordType
        }

        func record() -> RecordView { records[index] }

        func hex(_ byte: UInt8) -> String { String(byte, radix: 16, uppercase: true) }

        func outOfOrder(_ expected: String) -> NACHAError {
            let type = String(decoding: [record().recordType], as: UTF8.self)
            return NACHAError(
                line: line, code: .recordOutOfOrder, message: "record: type \"\(type)\" found where \(expected) belongs"
            )
        }

        mutating func file() throws(NACHAError) -> NACHAFile {
            guard try peek() == UInt8(ascii: "1") else {
                throw NACHAError(
                    line: line, code: .fileHeaderMissing, message: "file header: the first record must be type 1")
            }
            let header = try FileHeaderRecord(parsing: record(), line: line)
            index += 1
            var batches: [NACHABatch] = []
            while let type = try peek(), type == UInt8(ascii: "5") {
                batches.append(try batch())
            }
            guard let type = try peek(), type == UInt8(ascii: "9"), !record().isFiller else {
                if index < lines.count && !record().isFiller {
                    throw outOfOrder("a batch header (5) or the file control (9)")
                }
                throw NACHAError(
                    line: line, code: .fileControlMissing, message: "file control: missing at the end of the file")
            }
            let control = try FileControlRecord(parsing: record(), line: line)
            index += 1
            while index < lines.count {
                guard try peek() == NACHAByte.nine, record().isFiller else {
                    throw NACHAError(
                        line: line, code: .recordAfterFileControl,
                        message: "record: only 9-filler lines may follow the file control")
                }
                index += 1
            }
            return NACHAFile(header: header, batches: batches, control: control)
        }

        /// Entry records from here to the end of the batch: growing a million-entry array by
        /// doubling would copy it several times over.
        func entriesAhead() -> Int {
            var count = 0
            var i = index
            while i < records.count {
                let type = records[i].recordType
                if type == UInt8(ascii: "6") {
                    count += 1
                } else if type != UInt8(ascii: "7") {
                    break
                }
                i += 1
            }
            return count
        }

        mutating func batch() throws(NACHAError) -> NACHABatch {
            let header = try BatchHeaderRecord(parsing: record(), line: line)
            index += 1
            let ctx = header.secCode == .ctx
            var entries: [NACHAEntry] = []
            entries.reserveCapacity(entriesAhead())
            while let type = try peek(), type == UInt8(ascii: "6") {
                var entry = NACHAEntry(detail: try EntryDetailRecord(parsing: record(), ctx: ctx, line: line))
                index += 1
                while let type = try peek(), type == UInt8(ascii: "7") {
                    entry.addenda.append(try AddendaRecord(parsing: record(), line: line))
                    index += 1
                }
                entries.append(entry)
            }
            guard let type = try peek(), type == UInt8(ascii: "8") else {
                if index < lines.count { throw outOfOrder("an entry (6), addenda (7) or batch control (8)") }
                throw NACHAError(
                    line: line, code: .batchControlMissing, message: "batch control: missing at the end of the file")
            }
            let control = try BatchControlRecord(parsing: record(), line: line)
            index += 1
            return NACHABatch(header: header, entries: entries, control: control)
        }
    }
}
