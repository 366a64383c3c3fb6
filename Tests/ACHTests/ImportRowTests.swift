import ACH
import Foundation
import Testing

@Suite("CSV import: rows")
struct ImportRowTests {
    @Test("a well-formed row becomes a transfer with every field")
    func fullRow() throws {
        let rows = try ImportFixture.rows(
            ImportFixture.file([
                [
                    "direction": "debit", "sec_code": "WEB", "account_type": "savings", "same_day": "true",
                    "addenda": "INV 1|INV 2", "prenote": "false", "web_payment_type": "R", "authorization": "AUTH-9",
                ]
            ]))
        let row = try #require(rows.first)
        #expect(row.line == 2)
        #expect(
            row.transfer
                == Transfer(
                    id: row.transfer.id, idempotencyKey: "key-1", originator: "acme", direction: .debit,
                    amountCents: 1234, secCode: "WEB", receiverName: "JANE DOE", receiverID: "EMP123",
                    routingNumber: "011000015", accountNumber: "123456789", accountType: "savings",
                    addenda: ["INV 1", "INV 2"], effectiveDate: CalendarDate(year: 2025, month: 3, day: 31),
                    sameDay: true, entryDescription: "PAYROLL", webPaymentType: "R", authorization: "AUTH-9"))
    }

    @Test("each row gets its own id from makeID")
    func ids() throws {
        let text = ImportFixture.file([[:], [:], [:]])
        let rows = try TransferCSV.parse(Array(text.utf8)).get()
        #expect(Set(rows.map(\.transfer.id)).count == 3)
        var next: UInt8 = 0
        let fixed = try TransferCSV.parse(Array(text.utf8)) {
            next += 1
            return UUID(uuid: (next, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        }.get()
        #expect(fixed.map { $0.transfer.id.uuid.0 } == [1, 2, 3])
    }

    @Test(
        "values that break business rules are imported for the rules to reject",
        arguments: [
            ["routing_number": "123456789"], ["routing_number": "12AB"], ["sec_code": "ARC"],
            ["sec_code": "ppd"], ["receiver_name": String(repeating: "N", count: 30)],
            ["amount": "0"], ["amount": "0.00", "prenote": "false"], ["amount": "99999999999.99"],
            ["account_type": "brokerage"], ["web_payment_type": "X"], ["account_number": "0000"],
            ["account_number": "12-34 56"], ["entry_description": "A VERY LONG DESCRIPTION"],
            ["addenda": "ONE|TWO|THREE"], ["addenda": String(repeating: "X", count: 200)],
            ["effective_date": "1999-01-01"], ["direction": "debit", "authorization": ""],
            ["receiver_name": "J@NE~DOE"], ["prenote": "true", "amount": "5.00", "addenda": "X"],
        ])
    func businessRuleValuesAreAccepted(overrides: [String: String]) throws {
        let transfer = try ImportFixture.transfer(overrides)
        if let routing = overrides["routing_number"] { #expect(transfer.routingNumber == routing) }
        if let sec = overrides["sec_code"] { #expect(transfer.secCode == sec) }
        if let name = overrides["receiver_name"] { #expect(transfer.receiverName == name) }
        if let account = overrides["account_number"] { #expect(transfer.accountNumber == account) }
    }

    @Test("addenda lines are split on | and kept exactly as written")
    func addenda() throws {
        #expect(try ImportFixture.transfer(["addenda": "A|B|C"]).addenda == ["A", "B", "C"])
        #expect(try ImportFixture.transfer(["addenda": "A||B"]).addenda == ["A", "", "B"])
        #expect(try ImportFixture.transfer(["addenda": "\" A | B \""]).addenda == [" A ", " B "])
        #expect(try ImportFixture.transfer(["addenda": "\"A, B|C\"\"D\""]).addenda == ["A, B", "C\"D"])
        #expect(try ImportFixture.transfer(["addenda": "ONLY"]).addenda == ["ONLY"])
    }

    @Test("9,999 addenda lines are accepted; 10,000 are malformed")
    func addendaLimit() throws {
        let most = Array(repeating: "L", count: 9_999).joined(separator: "|")
        #expect(try ImportFixture.transfer(["addenda": most, "sec_code": "CTX"]).addenda.count == 9_999)
        let error = try ImportFixture.singleError(["addenda": most + "|L"])
        #expect(error.code == .tooManyAddenda)
        #expect(error.column == "addenda")
    }

    @Test("a value over 10,000 bytes is malformed and not echoed")
    func fieldTooLong() throws {
        let longest = String(repeating: "N", count: TransferCSV.maxFieldBytes)
        #expect(try ImportFixture.transfer(["receiver_name": longest]).receiverName == longest)
        let error = try ImportFixture.singleError(["receiver_name": longest + "N"])
        #expect(error.code == .fieldTooLong)
        #expect(error.message == "is 10001 bytes long; the limit is 10000")
    }

    @Test("an empty or blank required value is malformed", arguments: ImportHeaderTests.requiredColumns)
    func emptyRequiredValue(column: String) throws {
        for value in ["", "   ", "\"\"", "\" \t \""] {
            let error = try ImportFixture.singleError([column: value])
            #expect(error.code == .emptyRequiredField)
            #expect(error.column == column)
            #expect(error.line == 2)
        }
    }

    @Test("bytes that are not UTF-8 are malformed")
    func invalidUTF8() throws {
        var bytes = Array(ImportFixture.file([[:], ["receiver_name": "JANE#"]]).utf8)
        let hash = try #require(bytes.firstIndex(of: UInt8(ascii: "#")))
        bytes[hash] = 0xFF
        guard case .failure(let failure) = TransferCSV.parse(bytes) else {
            Issue.record("expected a failure")
            return
        }
        #expect(failure.errors.map(\.code) == [.invalidUTF8])
        #expect(failure.errors.map(\.line) == [3])
        #expect(failure.errors.map(\.column) == ["receiver_name"])
    }

    @Test("a row with too few or too many fields is malformed", arguments: [-1, 1, -16])
    func wrongFieldCount(delta: Int) throws {
        var fields = ImportFixture.line().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if delta < 0 { fields.removeLast(-delta) } else { fields += Array(repeating: "x", count: delta) }
        let text = ImportFixture.file([[:]]) + fields.joined(separator: ",") + "\n"
        let error = try #require(try ImportFixture.failure(text).errors.first)
        #expect(error.code == .fieldCount)
        #expect(error.line == 3)
        #expect(error.column == nil)
        #expect(
            error.message
                == (delta == -16 ? "has 1 field; the header has 17" : "has \(17 + delta) fields; the header has 17"))
    }

    @Test("every malformed row is reported, with the line where it starts, and nothing is imported")
    func everyBadRowReported() throws {
        var lines = [ImportFixture.allColumns.joined(separator: ",")]
        lines.append(ImportFixture.line(["addenda": "\"ONE\nTWO\nTHREE\""]))  // lines 2–4, fine
        lines.append(ImportFixture.line(["amount": "12.345"]))  // line 5
        lines.append(ImportFixture.line())  // line 6, fine
        lines.append(ImportFixture.line(["direction": "sideways", "effective_date": "2025-02-29"]))  // line 7
        lines.append(ImportFixture.line(["receiver_name": "\"TWO\r\nLINES\"", "same_day": "maybe"]))  // lines 8–9
        lines.append("too,few,fields")  // line 10
        lines.append(ImportFixture.line(["idempotency_key": ""]))  // line 11
        let failure = try ImportFixture.failure(lines.joined(separator: "\n") + "\n\n")
        #expect(failure.malformedRowCount == 5)
        #expect(failure.unreportedRowCount == 0)
        #expect(failure.errors.map(\.line) == [5, 7, 7, 8, 10, 11])
        #expect(
            failure.errors.map(\.code) == [
                .invalidAmount, .invalidDirection, .invalidDate, .invalidBoolean, .fieldCount, .emptyRequiredField,
            ])
        #expect(
            failure.rendered(fileName: "in.csv") == """
                in.csv: nothing imported: 5 malformed rows
                in.csv: line 5, column amount: "12.345" has more than two decimals
                in.csv: line 7, column direction: "sideways" is not credit or debit
                in.csv: line 7, column effective_date: "2025-02-29" is not a real calendar day
                in.csv: line 8, column same_day: "maybe" is not true, false or empty
                in.csv: line 10: has 3 fields; the header has 17
                in.csv: line 11, column idempotency_key: is required but empty
                """)
    }

    @Test("the error list stops at 1,000 rows and counts the rest")
    func errorCap() throws {
        let bad = ImportFixture.line(["amount": "x"])
        let text =
            ImportFixture.allColumns.joined(separator: ",") + "\n"
            + Array(repeating: bad, count: 1_500).joined(separator: "\n")
        let failure = try ImportFixture.failure(text)
        #expect(failure.errors.count == TransferCSV.maxReportedRows)
        #expect(failure.malformedRowCount == 1_500)
        #expect(failure.unreportedRowCount == 500)
        #expect(failure.errors.last?.line == 1_001)
        #expect(failure.rendered().hasSuffix("… and 500 more malformed rows not listed"))
    }

    @Test("messages never carry an account number, and each problem is one terminal line")
    func noAccountNumbersInMessages() throws {
        let account = "98765432101234567"
        let text = ImportFixture.file([
            ["account_number": "\"\(account)\"x", "amount": "\"1\n2\""],
            ["account_number": account + String(repeating: "9", count: 10_000), "direction": "\"cr\u{7}\t\n\""],
            ["account_number": "98765\"4321"],
            ["account_number": "\"\(account)"],
        ])
        let failure = try ImportFixture.failure(text)
        let report = failure.rendered()
        #expect(!report.contains("98765"))
        #expect(report.split(separator: "\n").count == failure.errors.count + 1)
        #expect(report.contains(#""cr\u{7}\t\n" is not credit or debit"#))
    }

    @Test("a file without its header row does not echo the account number it starts with")
    func missingHeaderRowMasksDigits() throws {
        let failure = try ImportFixture.failure(ImportFixture.line(["account_number": "98765432101234567"]) + "\n")
        #expect(failure.isHeaderFailure)
        #expect(!failure.rendered().contains("98765"))
        #expect(failure.rendered().contains(#""*************4567" is not a transfer column"#))
    }

    @Test(
        "digit runs of five or more are masked in echoed values",
        arguments: [
            ("direction", "123456789012", #""********9012" is not credit or debit"#),
            ("amount", "12345.678", #""*2345.678" has more than two decimals"#),
            ("amount", "1234.567", #""1234.567" has more than two decimals"#),
            ("effective_date", "2025-02-30", #""2025-02-30" is not a real calendar day"#),
        ])
    func digitRunsMasked(column: String, value: String, message: String) throws {
        #expect(try ImportFixture.singleError([column: value]).message == message)
    }
}
