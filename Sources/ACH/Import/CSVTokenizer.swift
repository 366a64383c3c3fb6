/// Splits RFC 4180 CSV bytes into records and fields, without interpreting them.
///
/// - Fields are separated by `,`, records by LF or CRLF. A UTF-8 byte order mark at the very
///   start is skipped.
/// - A field may be quoted with `"`; inside quotes `""` is one quote, and commas and line breaks
///   are data. Spaces and tabs around a quoted field are ignored.
/// - Spaces and tabs around an unquoted field are trimmed.
/// - A `"` inside an unquoted field, text after a closing quote, and a quote that is never closed
///   are recorded as the field's `problem`; reading carries on so that later rows are still
///   checked.
///
/// The tokenizer works on bytes and reuses its buffers from record to record. An unquoted field
/// is a range of the input; a quoted one is unescaped into a scratch buffer. At most
/// `maxFieldBytes` bytes of a quoted field and `maxStoredFields` fields of a record are kept
/// (`byteCount` and `fieldCount` tell the real sizes), so a garbage input costs at most about its
/// own size in memory.
struct CSVTokenizer {
    struct Field {
        /// `start..<end` indexes the scratch buffer for a quoted field, the input otherwise.
        var start: Int
        var end: Int
        /// The field's length after unquoting, even when longer than what was kept.
        var byteCount: Int
        var quoted: Bool
        var problem: Problem?
    }

    /// The current record, with access to its fields' bytes. Valid only inside `withRecord`.
    struct Record {
        let fields: [Field]
        /// How many fields the record has (`fields` may hold fewer).
        let fieldCount: Int
        let line: Int
        let unterminatedField: Int?
        private let input: UnsafeBufferPointer<UInt8>
        private let scratch: UnsafeBufferPointer<UInt8>

        fileprivate init(_ tokenizer: borrowing CSVTokenizer, scratch: UnsafeBufferPointer<UInt8>) {
            fields = tokenizer.fields
            fieldCount = tokenizer.fieldCount
            line = tokenizer.recordLine
            unterminatedField = tokenizer.unterminatedField
            input = tokenizer.input
            self.scratch = scratch
        }

        func bytes(of field: Field) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: (field.quoted ? scratch : input)[field.start..<field.end])
        }
    }

    enum Problem: Equatable {
        /// A `"` inside an unquoted field.
        case strayQuote
        /// Something other than a separator after a closing quote.
        case textAfterQuote
        /// The input ends inside a quoted field.
        case unterminatedQuote
    }

    let input: UnsafeBufferPointer<UInt8>
    private let maxFieldBytes: Int
    private let maxStoredFields: Int
    private var position = 0
    /// The physical line `position` is on (1-based; a line break inside quotes counts).
    private var line = 1

    /// The physical line on which the current record starts.
    private(set) var recordLine = 0
    /// The current record's fields (at most `maxStoredFields` of them).
    private(set) var fields: [Field] = []
    /// How many fields the current record has.
    private(set) var fieldCount = 0
    /// The position of the field that runs into the end of the input unclosed, if any.
    private(set) var unterminatedField: Int?
    private var scratch: [UInt8] = []

    init(input: UnsafeBufferPointer<UInt8>, maxFieldBytes: Int, maxStoredFields: Int) {
        self.input = input
        self.maxFieldBytes = maxFieldBytes
        self.maxStoredFields = maxStoredFields
        if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF {
            position = 3
        }
    }

    /// True when the current record is an empty or whitespace-only line.
    var isBlankRecord: Bool {
        fieldCount == 1 && !fields[0].quoted && fields[0].byteCount == 0 && fields[0].problem == nil
    }

    /// Calls `body` with the current record.
    func withRecord<R>(_ body: (Record) -> R) -> R {
        scratch.withUnsafeBufferPointer { body(Record(self, scratch: $0)) }
    }

    /// Reads the next record; false at the end of the input.
    mutating func nextRecord() -> Bool {
        guard position < input.count else { return false }
        fields.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        fieldCount = 0
        unterminatedField = nil
        recordLine = line
        while !readField() {}
        return true
    }

    /// Reads one field and its terminator; true when the record ended after it.
    private mutating func readField() -> Bool {
        let keep = fieldCount < maxStoredFields ? maxFieldBytes : 0
        var field = Field(start: scratch.count, end: scratch.count, byteCount: 0, quoted: false, problem: nil)
        skipBlanks()
        if position < input.count, input[position] == CSVByte.quote {
            field.quoted = true
            readQuoted(into: &field, keep: keep)
            skipBlanks()
        } else {
            readUnquoted(into: &field, keep: keep)
        }
        if field.quoted { field.end = scratch.count }
        let ended = readTerminator(field: &field)
        if field.problem == .unterminatedQuote { unterminatedField = fieldCount }
        if fieldCount < maxStoredFields { fields.append(field) }
        fieldCount += 1
        return ended
    }

    private mutating func readQuoted(into field: inout Field, keep: Int) {
        position += 1  // opening quote
        while true {
            var chunkEnd = position
            while chunkEnd < input.count, input[chunkEnd] != CSVByte.quote {
                if input[chunkEnd] == CSVByte.lf { line += 1 }
                chunkEnd += 1
            }
            append(position..<chunkEnd, to: &field, keep: keep)
            guard chunkEnd < input.count else {
                position = chunkEnd
                field.problem = .unterminatedQuote
                return
            }
            if chunkEnd + 1 < input.count, input[chunkEnd + 1] == CSVByte.quote {
                append(chunkEnd..<chunkEnd + 1, to: &field, keep: keep)
                position = chunkEnd + 2
            } else {
                position = chunkEnd + 1  // closing quote
                return
            }
        }
    }

    private mutating func readUnquoted(into field: inout Field, keep: Int) {
        let start = position
        while position < input.count {
            let b = input[position]
            if b == CSVByte.comma || b == CSVByte.lf { break }
            if b == CSVByte.quote, field.problem == nil { field.problem = .strayQuote }
            position += 1
        }
        var end = position
        // The CR of a CRLF (or of a final CR) is a line break, not data.
        if end > start, input[end - 1] == CSVByte.cr, end == input.count || input[end] == CSVByte.lf { end -= 1 }
        while end > start, CSVByte.isBlank(input[end - 1]) { end -= 1 }
        field.start = start
        field.end = keep > 0 ? end : start
        field.byteCount = end - start
    }

    /// Consumes the separator after a field. Anything else after a closing quote is skipped up
    /// to the next separator and marks the field.
    private mutating func readTerminator(field: inout Field) -> Bool {
        while position < input.count {
            switch input[position] {
            case CSVByte.comma:
                position += 1
                return false
            case CSVByte.lf:
                position += 1
                line += 1
                return true
            case CSVByte.cr where position + 1 == input.count:
                position += 1
                return true
            case CSVByte.cr where input[position + 1] == CSVByte.lf:
                position += 2
                line += 1
                return true
            default:
                if field.problem == nil { field.problem = .textAfterQuote }
                position += 1
            }
        }
        return true
    }

    private mutating func skipBlanks() {
        while position < input.count, CSVByte.isBlank(input[position]) { position += 1 }
    }

    private mutating func append(_ range: Range<Int>, to field: inout Field, keep: Int) {
        let room = keep - field.byteCount
        if room > 0 {
            let upper = range.lowerBound + min(room, range.count)
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: input[range.lowerBound..<upper]))
        }
        field.byteCount += range.count
    }
}

/// ASCII bytes the CSV import looks at.
enum CSVByte {
    static let quote = UInt8(ascii: "\"")
    static let comma = UInt8(ascii: ",")
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let pipe = UInt8(ascii: "|")

    static func isBlank(_ b: UInt8) -> Bool { b == space || b == tab }
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// The bytes without leading and trailing spaces and tabs.
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lower = 0
        var upper = bytes.count
        while lower < upper, isBlank(bytes[lower]) { lower += 1 }
        while upper > lower, isBlank(bytes[upper - 1]) { upper -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[lower..<upper])
    }

    /// The bytes as a string; nil when they are not UTF-8. ASCII, the usual case, takes the
    /// fast path.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var ascii = true
        for b in bytes where b >= 0x80 {
            ascii = false
            break
        }
        return ascii ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
    }
}
