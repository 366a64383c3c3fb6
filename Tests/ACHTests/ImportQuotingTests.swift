import ACH
import Foundation
import Testing

@Suite("CSV import: RFC 4180 quoting, line endings, whitespace")
struct ImportQuotingTests {
    @Test(
        "quoted fields keep commas, line breaks, doubled quotes and inner spaces",
        arguments: [
            (#""DOE, JANE""#, "DOE, JANE"), (#""O""BRIEN""#, #"O"BRIEN"#), ("\"LINE 1\nLINE 2\"", "LINE 1\nLINE 2"),
            ("\"LINE 1\r\nLINE 2\"", "LINE 1\r\nLINE 2"), (#""  JANE ""#, "  JANE "), (#"  "JANE"  "#, "JANE"),
            ("\"\"\"\"", "\""), ("\"\"\"\"\"\"", "\"\""), (#""a""b""c""#, #"a"b"c"#), ("  JANE DOE  ", "JANE DOE"),
            ("\tJANE\t", "JANE"),
            ("JOSÉ ÑUÑEZ", "JOSÉ ÑUÑEZ"),
        ])
    func quotedValues(field: String, value: String) throws {
        #expect(try ImportFixture.transfer(["receiver_name": field]).receiverName == value)
    }

    @Test("an unterminated quote is reported on the line where its row starts")
    func unterminatedQuote() throws {
        let text = ImportFixture.file([[:], ["receiver_name": "\"JANE"], [:], [:]])
        let failure = try ImportFixture.failure(text)
        #expect(failure.errors.count == 1)
        let error = try #require(failure.errors.first)
        #expect(error.code == .unterminatedQuote)
        #expect(error.line == 3)
        #expect(error.column == "receiver_name")
    }

    @Test(
        "a quote inside an unquoted value or text after a closing quote is malformed",
        arguments: [#"JA"NE"#, #"JANE""#, #""JANE"X"#, #""JANE" "DOE""#])
    func strayQuote(field: String) throws {
        let error = try ImportFixture.singleError(["receiver_name": field])
        #expect(error.code == .strayQuote)
        #expect(error.column == "receiver_name")
    }

    @Test("a UTF-8 byte order mark at the start is ignored")
    func byteOrderMark() throws {
        let rows = try ImportFixture.rows("\u{FEFF}" + ImportFixture.file([[:]]))
        #expect(rows.map(\.transfer.idempotencyKey) == ["key-1"])
    }

    @Test("CRLF line endings are line breaks, not data")
    func crlf() throws {
        let text = ImportFixture.file([["idempotency_key": "a"], ["idempotency_key": "b"]])
            .replacingOccurrences(of: "\n", with: "\r\n")
        let rows = try ImportFixture.rows(text)
        #expect(rows.map(\.transfer.idempotencyKey) == ["a", "b"])
        #expect(rows.map(\.line) == [2, 3])
        #expect(rows.allSatisfy { $0.transfer.authorization == nil && $0.transfer.webPaymentType == nil })
    }

    @Test("LF and CRLF may be mixed, and the last line needs no line break")
    func mixedLineEndings() throws {
        let header = ImportFixture.allColumns.joined(separator: ",")
        let text =
            header + "\r\n" + ImportFixture.line(["idempotency_key": "a"]) + "\n"
            + ImportFixture.line(["idempotency_key": "b", "authorization": "AUTH1"])
        let rows = try ImportFixture.rows(text)
        #expect(rows.map(\.transfer.idempotencyKey) == ["a", "b"])
        #expect(rows.last?.transfer.authorization == "AUTH1")
    }

    @Test("a final lone CR ends the last line")
    func finalCarriageReturn() throws {
        let text = ImportFixture.file([["authorization": "AUTH1"]]).dropLast() + "\r"
        #expect(try ImportFixture.rows(String(text)).first?.transfer.authorization == "AUTH1")
    }

    @Test("trailing empty and blank lines are ignored", arguments: ["\n", "\n\n\n", "\r\n\r\n", "  \n\t\n", " "])
    func trailingBlankLines(tail: String) throws {
        let rows = try ImportFixture.rows(ImportFixture.file([[:], [:]]) + tail)
        #expect(rows.map(\.line) == [2, 3])
    }

    @Test("a blank line between rows is a malformed row")
    func blankLineInTheMiddle() throws {
        let text = ImportFixture.file([[:]]) + "\n" + ImportFixture.line() + "\n"
        let failure = try ImportFixture.failure(text)
        #expect(failure.errors.map(\.line) == [3])
        #expect(failure.errors.map(\.code) == [.fieldCount])
    }

    @Test("line numbers count the line breaks inside quoted fields")
    func lineNumbersAfterMultiLineField() throws {
        let text = ImportFixture.file([
            ["idempotency_key": "a", "addenda": "\"FIRST\nSECOND\nTHIRD\"", "sec_code": "CTX"],
            ["idempotency_key": "b"],
            ["idempotency_key": "c", "receiver_name": "\"TWO\r\nLINES\""],
            ["idempotency_key": "d"],
        ])
        let rows = try ImportFixture.rows(text)
        #expect(rows.map(\.line) == [2, 5, 6, 8])
        #expect(rows.first?.transfer.addenda == ["FIRST\nSECOND\nTHIRD"])
    }
}
