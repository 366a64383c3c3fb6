/// How strictly the physical layout is read.
public enum NACHALayoutMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every record exactly 94 characters followed by LF or CRLF (the last one may lack it),
    /// nothing after the last record. What we write and what banks are promised.
    case strict
    /// The slack moov-io/ach accepts: short lines are padded with spaces, spaces past column 94
    /// are ignored, one unbroken line is split into 94-character records, missing `9…9` padding
    /// and blank trailing lines are tolerated. Each adjustment is reported as a warning.
    case lenient
}

/// The file's bytes cut into 94-byte records, plus what had to be adjusted to get there.
///
/// A file whose every line is exactly 94 characters with the same line ending (what a good
/// writer produces, and nearly every bank file) is used in place: record `i` starts at
/// `i * stride`. Anything else is copied record by record into a normalised buffer. Skipping the
/// copy matters at a million records.
struct NACHALines {
    /// The bytes the records are read from: the file itself, or the normalised copy.
    private(set) var storage: [UInt8] = []
    /// Distance from one record to the next in `storage`.
    private(set) var stride = NACHALayout.recordLength
    private(set) var count = 0
    /// The 1-based line of each record; nil when record `i` is line `i + 1`.
    private var lineNumbers: [Int]?
    /// Records whose line could not be made 94 characters (content past column 94): their
    /// fields are not checked, only their record type.
    var damaged: Set<Int> = []
    var problems: [NACHAProblem] = []
    /// Set when the bytes are not a text file at all (empty, binary); there are no records then.
    var unreadable = false
    /// True when the file was one unbroken line cut into records.
    var unbroken = false

    static let sampleSize = 65_536

    init(_ bytes: [UInt8], mode: NACHALayoutMode) {
        let slack: NACHAProblem.Severity = mode == .strict ? .error : .warning
        // Editors on Windows like to start text with a UTF-8 byte order mark. Reading on past it
        // keeps one stray mark from turning into a missing file header and a broken first line.
        guard bytes.starts(with: [0xEF, 0xBB, 0xBF]) else {
            self.init(content: bytes, slack: slack)
            return
        }
        self.init(content: Array(bytes.dropFirst(3)), slack: slack)
        let mark = NACHAProblem(
            line: 1, code: .byteOrderMark, severity: slack,
            message: "file: starts with a UTF-8 byte order mark (ignored)")
        problems.insert(mark, at: 0)
    }

    private init(content bytes: [UInt8], slack: NACHAProblem.Severity) {
        if let problem = NACHALines.unreadableProblem(bytes) {
            problems.append(problem)
            unreadable = true
            return
        }
        if let (stride, count) = NACHALines.regularLayout(bytes) {
            self.storage = bytes
            self.stride = stride
            self.count = count
            return
        }
        var normalised = NACHALineNormaliser()
        bytes.withUnsafeBufferPointer { normalised.split($0, slack: slack) }
        storage = normalised.records
        lineNumbers = normalised.lineNumbers
        count = normalised.lineNumbers.count
        damaged = normalised.damaged
        problems = normalised.problems
        unbroken = normalised.unbroken
    }

    func line(_ index: Int) -> Int { lineNumbers?[index] ?? index + 1 }

    /// The line of the last record (1 for a file without records).
    var lastLine: Int { count == 0 ? 1 : line(count - 1) }

    /// Runs `body` with access to the records.
    func withRecords<R>(_ body: (NACHARecords) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { try body(NACHARecords(buffer: $0, stride: stride, count: count)) }
    }

    /// Whether `bytes` decode as UTF-8 (the stdlib's `String(validating:)` needs macOS 15).
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// `(stride, count)` when every line is 94 characters ending in the same LF or CRLF (the last
    /// line may lack it) and no other line break hides inside a record.
    static func regularLayout(_ bytes: [UInt8]) -> (Int, Int)? {
        let length = NACHALayout.recordLength
        let n = bytes.count
        guard n >= length else { return nil }
        if n == length { return (length, 1) }
        let stride: Int
        if bytes[length] == NACHAByte.newline {
            stride = length + 1
        } else if n > length + 1 && bytes[length] == NACHAByte.carriageReturn && bytes[length + 1] == NACHAByte.newline
        {
            stride = length + 2
        } else {
            return nil
        }
        let full = n / stride
        let remainder = n % stride
        guard remainder == 0 || remainder == length else { return nil }
        return bytes.withUnsafeBufferPointer { b -> (Int, Int)? in
            for i in 0..<full
            where b[i * stride + stride - 1] != NACHAByte.newline
                || (stride == length + 2 && b[i * stride + length] != NACHAByte.carriageReturn)
            {
                return nil
            }
            guard countNewlines(UnsafeRawBufferPointer(b)) == full else { return nil }
            return (stride, full + (remainder == 0 ? 0 : 1))
        }
    }

    /// Line feeds in `bytes`, eight bytes at a time.
    static func countNewlines(_ bytes: UnsafeRawBufferPointer) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var total = 0
        var i = 0
        while i + 8 <= bytes.count {
            // Bytes equal to LF become 0; a byte is 0 exactly when its high bit stays clear after
            // adding 0x7F to its low seven bits and or-ing in the byte (no carries cross bytes).
            let y = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ (ones &* UInt64(NACHAByte.newline))
            let t = ((y & lows) &+ lows) | y
            total += (~t & ~lows).nonzeroBitCount
            i += 8
        }
        while i < bytes.count {
            if bytes[i] == NACHAByte.newline { total += 1 }
            i += 1
        }
        return total
    }

    /// Empty, or binary: a NUL byte, or more than 5% control/undecodable bytes in the first 64 KiB.
    /// One stray control character in a text file is an invalid file, not an unreadable one.
    static func unreadableProblem(_ bytes: [UInt8]) -> NACHAProblem? {
        let sampleCount = min(bytes.count, sampleSize)
        var blank = true
        var nul = false
        var control = 0
        var high = 0
        bytes.withUnsafeBufferPointer { all in
            for i in 0..<sampleCount {
                let b = all[i]
                if b != 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { blank = false }
                if b == 0 { nul = true }
                if (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D) || b == 0x7F { control += 1 }
                if b >= 0x80 { high += 1 }
            }
            if blank {
                blank = !all.dropFirst(sampleCount).contains { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
            }
        }
        if blank {
            return NACHAProblem(line: nil, code: .emptyFile, message: "file: no records (the file is empty)")
        }
        if nul {
            return NACHAProblem(line: nil, code: .binaryContent, message: "file: contains NUL bytes; not a text file")
        }
        var suspicious = control
        if high > 0 {
            var sample = Array(bytes.prefix(sampleCount))
            // A sample cut inside a multi-byte character must not make good UTF-8 look bad.
            while sample.count > sampleCount - 3, let last = sample.last, last >= 0x80 { sample.removeLast() }
            if !isValidUTF8(sample) { suspicious += high }
        }
        if suspicious * 20 > sampleCount {
            return NACHAProblem(
                line: nil, code: .binaryContent,
                message: "file: \(suspicious) of the first \(sampleCount) bytes are not text; not a NACHA file")
        }
        return nil
    }

}

/// The records of a file, for the duration of `NACHALines.withRecords`.
struct NACHARecords {
    let buffer: UnsafeBufferPointer<UInt8>
    let stride: Int
    let count: Int

    subscript(index: Int) -> RecordView {
        RecordView(UnsafeBufferPointer(start: buffer.baseAddress! + index * stride, count: NACHALayout.recordLength))
    }
}

extension RecordView {
    /// The 1-based column of the first byte that is not printable ASCII (0x20–0x7E), if any.
    /// Eight bytes at a time: a clean record costs a dozen word operations.
    var firstInvalidCharacter: (column: Int, byte: UInt8)? {
        let raw = UnsafeRawBufferPointer(bytes)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        var suspect = false
        while i + 8 <= raw.count {
            let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // A byte below 0x20 borrows into its high bit; a byte above 0x7E carries into it
            // (or had it set already). False alarms only send us to the exact loop below.
            if ((x &- ones &* 0x20) & ~x | ((x &+ ones) | x)) & highs != 0 {
                suspect = true
                break
            }
            i += 8
        }
        if !suspect {
            while i < raw.count {
                if raw[i] < 0x20 || raw[i] > 0x7E { break }
                i += 1
            }
            if i == raw.count { return nil }
        }
        for j in 0..<bytes.count where bytes[j] < 0x20 || bytes[j] > 0x7E { return (j + 1, bytes[j]) }
        return nil
    }
}
