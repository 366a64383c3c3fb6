/// Cuts a file whose lines are not all exactly 94 characters into records, line by line,
/// reporting each adjustment: `LINE_LENGTH` and `TRAILING_CONTENT` as errors in strict mode and
/// warnings in lenient mode, text past column 94 always as an error.
struct NACHALineNormaliser {
    var records: [UInt8] = []
    var lineNumbers: [Int] = []
    var damaged: Set<Int> = []
    var problems: [NACHAProblem] = []
    var unbroken = false

    mutating func split(_ bytes: UnsafeBufferPointer<UInt8>, slack: NACHAProblem.Severity) {
        let length = NACHALayout.recordLength
        // Lines as (start, end) without their line ending.
        var lines: [(Int, Int)] = []
        lines.reserveCapacity(bytes.count / (length + 1) + 1)
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != NACHAByte.newline { end += 1 }
            let next = end + 1
            if end > start && bytes[end - 1] == NACHAByte.carriageReturn { end -= 1 }
            lines.append((start, end))
            start = next
        }
        // Blank lines (empty or only spaces) at the end are slack; find where the content stops.
        var last = lines.count
        while last > 0 && isBlank(bytes, lines[last - 1].0, lines[last - 1].1) { last -= 1 }
        if last < lines.count {
            problems.append(
                NACHAProblem(
                    line: last + 1, code: .trailingContent, severity: slack,
                    message: "file: \(lines.count - last) blank line(s) after the last record"))
        }
        records.reserveCapacity(last * length)
        lineNumbers.reserveCapacity(last)
        if last == 1 && lines[0].1 - lines[0].0 > length && !isBlank(bytes, lines[0].0 + length, lines[0].1) {
            splitUnbrokenLine(bytes, lines[0], slack: slack)
            return
        }
        for index in 0..<last {
            let (s, e) = lines[index]
            let lineNumber = index + 1
            let n = e - s
            if n == length {
                records.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[s..<e]))
            } else if isBlank(bytes, s, e) {
                problems.append(
                    NACHAProblem(line: lineNumber, code: .lineLength, severity: slack, message: "file: blank line"))
                continue
            } else if n < length {
                problems.append(
                    NACHAProblem(
                        line: lineNumber, code: .lineLength, severity: slack,
                        message: "file: record is \(n) characters, NACHA records are 94 (padded with spaces)"))
                records.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[s..<e]))
                records.append(contentsOf: repeatElement(NACHAByte.space, count: length - n))
            } else if isBlank(bytes, s + length, e) {
                problems.append(
                    NACHAProblem(
                        line: lineNumber, code: .lineLength, severity: slack,
                        message: "file: record is \(n) characters, NACHA records are 94 (spaces past column 94 ignored)"
                    ))
                records.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[s..<(s + length)]))
            } else {
                // Multi-byte UTF-8 makes a line longer in bytes than it looks: say so.
                let nonASCII = UnsafeBufferPointer(rebasing: bytes[s..<e]).contains { $0 >= 0x80 }
                let why = nonASCII ? " (non-ASCII characters take several bytes each)" : ""
                problems.append(
                    NACHAProblem(
                        line: lineNumber, code: .lineLength,
                        message: "file: record is \(n) bytes with text past column 94\(why)"))
                damaged.insert(lineNumbers.count)
                records.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[s..<(s + length)]))
            }
            lineNumbers.append(lineNumber)
        }
    }

    /// One line holding several records back to back: cut it every 94 characters. Each record's
    /// "line" is then its position in the file.
    private mutating func splitUnbrokenLine(
        _ bytes: UnsafeBufferPointer<UInt8>, _ line: (Int, Int), slack: NACHAProblem.Severity
    ) {
        let length = NACHALayout.recordLength
        var (s, e) = line
        while e > s && bytes[e - 1] == NACHAByte.space && (e - s) % length != 0 { e -= 1 }
        problems.append(
            NACHAProblem(
                line: 1, code: .unbrokenLine, severity: slack,
                message: "file: one line of \(line.1 - line.0) characters without line breaks, read as 94-character "
                    + "records (line numbers below count records)"))
        unbroken = true
        var record = 1
        while s < e {
            let end = min(s + length, e)
            records.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[s..<end]))
            if end - s < length {
                problems.append(
                    NACHAProblem(
                        line: record, code: .lineLength,
                        message: "file: the last \(end - s) characters do not make a whole 94-character record"))
                records.append(contentsOf: repeatElement(NACHAByte.space, count: length - (end - s)))
                damaged.insert(lineNumbers.count)
            }
            lineNumbers.append(record)
            record += 1
            s = end
        }
    }

    private func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        var i = from
        while i < to {
            if bytes[i] != NACHAByte.space { return false }
            i += 1
        }
        return true
    }
}
