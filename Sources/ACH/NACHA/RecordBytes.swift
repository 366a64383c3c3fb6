/// Read access to one 94-byte record inside a larger buffer.
///
/// The reader and validator look at fields as byte ranges so that checking a million entries
/// does not create a `String` per field; text is only decoded for the model or a message.
struct RecordView {
    let bytes: UnsafeBufferPointer<UInt8>

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        precondition(bytes.count == NACHALayout.recordLength)
        self.bytes = bytes
    }

    /// The record type: the first character.
    var recordType: UInt8 { bytes[0] }

    func byte(_ field: NACHAField) -> UInt8 { bytes[field.offset] }

    func slice(_ field: NACHAField) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[field.offset..<(field.offset + field.length)])
    }

    /// The field's text with trailing spaces removed: how every alphanumeric field is modelled.
    func text(_ field: NACHAField) -> String {
        var end = field.offset + field.length
        while end > field.offset && bytes[end - 1] == NACHAByte.space { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[field.offset..<end]), as: UTF8.self)
    }

    /// The field exactly as written, for messages.
    func raw(_ field: NACHAField) -> String {
        String(decoding: slice(field), as: UTF8.self)
    }

    /// The field's value when every character is a digit, else nil. Fields are at most 15 digits.
    func number(_ field: NACHAField) -> Int64? {
        var value: Int64 = 0
        for i in field.offset..<(field.offset + field.length) {
            let digit = bytes[i] &- NACHAByte.zero
            guard digit < 10 else { return nil }
            value = value &* 10 &+ Int64(digit)
        }
        return value
    }

    func int(_ field: NACHAField) -> Int? { number(field).map { Int($0) } }

    func isDigits(_ field: NACHAField) -> Bool {
        for i in field.offset..<(field.offset + field.length) where bytes[i] &- NACHAByte.zero >= 10 { return false }
        return true
    }

    func isBlank(_ field: NACHAField) -> Bool {
        for i in field.offset..<(field.offset + field.length) where bytes[i] != NACHAByte.space { return false }
        return true
    }

    /// NACHA's test for "no real value": a mandatory name or description made only of spaces and
    /// zeros is as good as missing.
    func isSpacesOrZeros(_ field: NACHAField) -> Bool {
        for i in field.offset..<(field.offset + field.length)
        where bytes[i] != NACHAByte.space && bytes[i] != NACHAByte.zero {
            return false
        }
        return true
    }

    func equal(_ field: NACHAField, _ other: RecordView, _ otherField: NACHAField) -> Bool {
        guard field.length == otherField.length else { return false }
        for i in 0..<field.length where bytes[field.offset + i] != other.bytes[otherField.offset + i] {
            return false
        }
        return true
    }

    /// A `9…9` padding line.
    var isFiller: Bool {
        for b in bytes where b != NACHAByte.nine { return false }
        return true
    }
}

/// Writes records into a buffer that was filled with spaces beforehand, so alphanumeric fields
/// only copy their text and never pad.
struct RecordWriter {
    let out: UnsafeMutableBufferPointer<UInt8>
    /// Offset of the current record's first byte.
    var base: Int = 0

    init(_ out: UnsafeMutableBufferPointer<UInt8>) { self.out = out }

    func byte(_ value: UInt8, _ field: NACHAField) { out[base + field.offset] = value }

    /// Left-justified; text longer than the field is cut so a record can never spill into the next.
    /// The builder rejects such text before it gets here.
    func alpha(_ text: String, _ field: NACHAField) {
        let start = base + field.offset
        let done = text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            let n = min(utf8.count, field.length)
            for i in 0..<n { out[start + i] = utf8[i] }
            return true
        }
        if done == nil {
            for (i, b) in text.utf8.prefix(field.length).enumerated() { out[start + i] = b }
        }
    }

    /// Right-justified, zero-filled. Only the low digits that fit are written; the builder
    /// rejects values that do not fit.
    func numeric(_ value: Int64, _ field: NACHAField) {
        var v = value < 0 ? 0 : value
        var i = base + field.offset + field.length - 1
        let first = base + field.offset
        while i >= first {
            out[i] = UInt8(truncatingIfNeeded: v % 10) &+ NACHAByte.zero
            v /= 10
            i -= 1
        }
    }

    func numeric(_ value: Int, _ field: NACHAField) { numeric(Int64(value), field) }
}

/// ASCII bytes the NACHA code compares against (a namespace of its own so it cannot collide
/// with helpers elsewhere in the module).
enum NACHAByte {
    static var space: UInt8 { 0x20 }
    static var zero: UInt8 { 0x30 }
    static var nine: UInt8 { 0x39 }
    static var newline: UInt8 { 0x0A }
    static var carriageReturn: UInt8 { 0x0D }
}
