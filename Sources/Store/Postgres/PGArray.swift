/// Text-format PostgreSQL arrays (one dimension), as libpq returns them and COPY reads them.
enum PGArray {
    /// Parses `{a,"b c",NULL}`; NULL elements become empty strings (our arrays never hold NULLs).
    static func parse(_ text: String) -> [String] {
        var bytes = Array(text.utf8)
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}") else { return [] }
        bytes.removeFirst()
        bytes.removeLast()
        if bytes.isEmpty { return [] }
        var elements: [String] = []
        var current: [UInt8] = []
        var quoted = false
        var wasQuoted = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                    index += 1
                    current.append(bytes[index])
                } else if byte == UInt8(ascii: "\"") {
                    quoted = false
                } else {
                    current.append(byte)
                }
            } else if byte == UInt8(ascii: "\"") {
                quoted = true
                wasQuoted = true
            } else if byte == UInt8(ascii: ",") {
                elements.append(finish(current, wasQuoted))
                current = []
                wasQuoted = false
            } else {
                current.append(byte)
            }
            index += 1
        }
        elements.append(finish(current, wasQuoted))
        return elements
    }

    private static func finish(_ bytes: [UInt8], _ wasQuoted: Bool) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return !wasQuoted && text == "NULL" ? "" : text
    }

    /// `{"a","b \"c\""}`: every element quoted, so no value can be mistaken for NULL or a delimiter.
    static func literal(_ elements: [String]) -> String {
        literal(elements) { $0 }
    }

    /// The same, with nil elements as SQL NULL.
    static func literal(_ elements: [String?]) -> String {
        literal(elements) { $0 }
    }

    /// Built in UTF-8 bytes: batches of 100,000 ids are quoted here per file, and appending
    /// scalar by scalar to a String took a tenth of the file assembler's own CPU time.
    private static func literal<Element>(_ elements: [Element], _ text: (Element) -> String?) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(2 + elements.count * 40)
        out.append(UInt8(ascii: "{"))
        for (i, element) in elements.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            guard let value = text(element) else {
                out.append(contentsOf: "NULL".utf8)
                continue
            }
            out.append(UInt8(ascii: "\""))
            for byte in value.utf8 {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
                out.append(byte)
            }
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }
}
