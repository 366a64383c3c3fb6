extension CSVImportError {
    /// The error for a quoting problem. `label` names the field when `column` cannot, as in
    /// `header column 3 has text after its closing quote`.
    static func quoting(
        _ problem: CSVTokenizer.Problem, line: Int, column: String? = nil, label: String? = nil
    ) -> CSVImportError {
        let subject = label.map { "\($0) " } ?? ""
        switch problem {
        case .strayQuote:
            return CSVImportError(
                code: .strayQuote, line: line, column: column,
                message: "\(subject)has a \" inside an unquoted value; quote the whole value and double the \"")
        case .textAfterQuote:
            return CSVImportError(
                code: .strayQuote, line: line, column: column, message: "\(subject)has text after its closing quote")
        case .unterminatedQuote:
            return CSVImportError(
                code: .unterminatedQuote, line: line, column: column,
                message: "\(subject)opens a quote that is never closed")
        }
    }

    /// A value as a message shows it: in quotes, control characters escaped, at most
    /// `displayLimit` characters. It never shows an account number: the `account_number` column
    /// is masked to its last four characters, and so is every run of five or more digits in any
    /// other value (a file without its header row, or with shifted columns, puts account numbers
    /// where other values belong). Amounts and dates keep their shape: `"*2345.678"`.
    static func displayed(_ bytes: UnsafeBufferPointer<UInt8>, column: TransferCSVColumn? = nil) -> String {
        // Enough bytes for `displayLimit` characters. A digit run cut here keeps its last four
        // digits at the cut, far past what is shown.
        var masked = Array(bytes.prefix(displayLimit * 4 + 4))
        if column == .accountNumber {
            for i in masked.indices { masked[i] = UInt8(ascii: "*") }
            for (i, b) in zip(masked.indices.suffix(4), bytes.suffix(4)) where bytes.count > 4 { masked[i] = b }
        } else {
            maskDigitRuns(&masked)
        }
        var out = "\""
        var count = 0
        for scalar in String(decoding: masked, as: UTF8.self).unicodeScalars {
            if count == displayLimit {
                out += "…"
                break
            }
            count += 1
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static let displayLimit = 40

    /// Replaces all but the last four digits of every run of five or more ASCII digits by `*`.
    private static func maskDigitRuns(_ bytes: inout [UInt8]) {
        var runStart = 0
        for i in 0...bytes.count {
            if i < bytes.count, CSVByte.isDigit(bytes[i]) { continue }
            if i - runStart >= 5 {
                for j in runStart..<(i - 4) { bytes[j] = UInt8(ascii: "*") }
            }
            runStart = i + 1
        }
    }
}
