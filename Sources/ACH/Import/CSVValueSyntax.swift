/// The syntax of the typed columns of a transfer import file: amounts, dates, booleans and the
/// direction. Each parser takes the field's bytes with surrounding spaces and tabs already
/// trimmed and either returns the value or says, for a person, what is wrong with it.
enum CSVValueSyntax {
    /// A value that does not have the column's syntax; `message` follows the quoted value, as in
    /// `"12.345" has more than two decimals`.
    struct Problem: Error, Equatable {
        var message: String
    }

    /// Dollars with at most two decimals (`1234.56`, `12`, `12.5`, `0.00`) as exact integer cents.
    ///
    /// Rejected: signs (a negative amount is never valid; the direction says which way money
    /// moves), exponents, thousands separators, more than two decimals, a missing digit on either
    /// side of the decimal point (`.5`, `5.`), and anything that does not fit in `Int64` cents.
    static func cents(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Int64, Problem> {
        var i = bytes.startIndex
        let end = bytes.endIndex
        guard i < end else { return .failure(Problem(message: "is empty")) }
        if bytes[i] == UInt8(ascii: "-") {
            return .failure(Problem(message: "is negative; amounts are unsigned and direction says credit or debit"))
        }
        if bytes[i] == UInt8(ascii: "+") {
            return .failure(Problem(message: "has a sign; write the amount without one"))
        }
        var whole: Int64 = 0
        var wholeDigits = 0
        var overflow = false
        while i < end, CSVByte.isDigit(bytes[i]) {
            let (times10, o1) = whole.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int64(bytes[i] - 0x30))
            overflow = overflow || o1 || o2
            whole = sum
            wholeDigits += 1
            i += 1
        }
        var fraction: Int64 = 0
        var fractionDigits = 0
        let hasPoint = i < end && bytes[i] == UInt8(ascii: ".")
        if hasPoint {
            i += 1
            while i < end, CSVByte.isDigit(bytes[i]) {
                if fractionDigits < 2 { fraction = fraction * 10 + Int64(bytes[i] - 0x30) }
                fractionDigits += 1
                i += 1
            }
        }
        if i < end {
            let rest = bytes[i...]
            if rest.contains(CSVByte.comma), bytes.allSatisfy({ CSVByte.isDigit($0) || $0 == 0x2C || $0 == 0x2E }) {
                return .failure(Problem(message: "has a thousands separator; write 1234.56, not 1,234.56"))
            }
            if bytes[i] | 0x20 == UInt8(ascii: "e"), wholeDigits + fractionDigits > 0 {
                return .failure(Problem(message: "has an exponent; write plain dollars like 1234.56"))
            }
            return .failure(Problem(message: "is not a dollar amount like 1234.56"))
        }
        if wholeDigits == 0 {
            return .failure(
                Problem(
                    message: fractionDigits > 0
                        ? "needs a digit before the decimal point (0.50, not .50)"
                        : "is not a dollar amount like 1234.56"))
        }
        if hasPoint, fractionDigits == 0 {
            return .failure(Problem(message: "needs a digit after the decimal point (5.00 or 5, not 5.)"))
        }
        if fractionDigits > 2 { return .failure(Problem(message: "has more than two decimals")) }
        if fractionDigits == 1 { fraction *= 10 }
        let (hundreds, o1) = whole.multipliedReportingOverflow(by: 100)
        let (total, o2) = hundreds.addingReportingOverflow(fraction)
        if overflow || o1 || o2 { return .failure(Problem(message: "is too large")) }
        return .success(total)
    }

    /// `YYYY-MM-DD`, a real calendar day.
    static func date(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<CalendarDate, Problem> {
        let shaped =
            bytes.count == 10
            && bytes.indices.allSatisfy { i in
                i == 4 || i == 7 ? bytes[i] == UInt8(ascii: "-") : CSVByte.isDigit(bytes[i])
            }
        guard shaped else { return .failure(Problem(message: "is not a date like 2025-03-31")) }
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(bytes[$1] - 0x30) } }
        guard let date = CalendarDate(year: number(0..<4), month: number(5..<7), day: number(8..<10)) else {
            return .failure(Problem(message: "is not a real calendar day"))
        }
        return .success(date)
    }

    /// `true`, `false` (either in any letter case) or empty, which means false.
    static func boolean(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Bool, Problem> {
        if bytes.isEmpty { return .success(false) }
        if equalsIgnoringCase(bytes, "true") { return .success(true) }
        if equalsIgnoringCase(bytes, "false") { return .success(false) }
        return .failure(Problem(message: "is not true, false or empty"))
    }

    /// `credit` or `debit`, in any letter case.
    static func direction(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<TransferDirection, Problem> {
        if equalsIgnoringCase(bytes, "credit") { return .success(.credit) }
        if equalsIgnoringCase(bytes, "debit") { return .success(.debit) }
        return .failure(Problem(message: "is not credit or debit"))
    }

    /// ASCII case-insensitive comparison with a lowercase ASCII word.
    private static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        return zip(bytes, expected).allSatisfy { b, w in
            let lower = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            return lower == w
        }
    }
}
