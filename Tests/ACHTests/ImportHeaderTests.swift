import ACH
import Foundation
import Testing

@Suite("CSV import: the header row")
struct ImportHeaderTests {
    static let requiredColumns = TransferCSVColumn.allCases.filter(\.isRequired).map(\.name)

    @Test("the required columns are the ones a transfer cannot do without")
    func requiredColumnSet() {
        #expect(
            Set(Self.requiredColumns) == [
                "idempotency_key", "originator", "direction", "amount", "sec_code", "routing_number",
                "account_number", "receiver_name", "entry_description",
            ])
    }

    @Test("columns may come in any order")
    func anyOrder() throws {
        let columns = Array(ImportFixture.allColumns.reversed())
        let rows = try ImportFixture.rows(
            ImportFixture.file([["amount": "1.00", "receiver_name": "A"]], columns: columns))
        #expect(rows.first?.transfer.amountCents == 100)
        #expect(rows.first?.transfer.receiverName == "A")
    }

    @Test("header names may be padded or quoted")
    func paddedAndQuotedNames() throws {
        let header = ImportFixture.allColumns.map { " \"\($0)\" " }.joined(separator: ",")
        let rows = try ImportFixture.rows(header + "\n" + ImportFixture.line() + "\n")
        #expect(rows.count == 1)
    }

    @Test("missing optional columns take their defaults")
    func missingOptionalColumns() throws {
        let rows = try ImportFixture.rows(ImportFixture.file([[:]], columns: Self.requiredColumns))
        let transfer = try #require(rows.first).transfer
        #expect(transfer.accountType == "checking")
        #expect(transfer.currency == "USD")
        #expect(transfer.receiverID == "")
        #expect(transfer.addenda == [])
        #expect(transfer.effectiveDate == nil)
        #expect(transfer.sameDay == false)
        #expect(transfer.prenote == false)
        #expect(transfer.webPaymentType == nil)
        #expect(transfer.authorization == nil)
    }

    @Test("empty optional values take their defaults")
    func emptyOptionalValues() throws {
        let empty = Dictionary(
            uniqueKeysWithValues: TransferCSVColumn.allCases.filter { !$0.isRequired }.map { ($0.name, "") })
        let transfer = try ImportFixture.transfer(empty)
        #expect(transfer.accountType == "checking")
        #expect(transfer.receiverID == "")
        #expect(transfer.addenda == [])
        #expect(transfer.effectiveDate == nil)
        #expect(transfer.webPaymentType == nil)
    }

    @Test("a missing required column is a header error", arguments: Self.requiredColumns)
    func missingRequiredColumn(column: String) throws {
        let columns = ImportFixture.allColumns.filter { $0 != column }
        let failure = try ImportFixture.failure(ImportFixture.file([[:], [:]], columns: columns))
        #expect(failure.errors.count == 1)
        let error = try #require(failure.errors.first)
        #expect(error.code == .missingColumn)
        #expect(error.line == 1)
        #expect(error.column == column)
        #expect(failure.malformedRowCount == 1)
    }

    @Test("an unknown column is an error, and no row is read", arguments: ["currency", "Amount", "amount_cents", "x"])
    func unknownColumn(name: String) throws {
        let text = ImportFixture.file([["amount": "bad"]], columns: ImportFixture.allColumns + [name])
        let failure = try ImportFixture.failure(text)
        #expect(failure.errors.map(\.code) == [.unknownColumn])
        #expect(failure.errors.first?.line == 1)
        #expect(failure.errors.first?.message.contains("\"\(name)\"") == true)
    }

    @Test("a refused header is rendered as such")
    func headerFailureRendering() throws {
        let failure = try ImportFixture.failure(ImportFixture.file([[:]], columns: ImportFixture.allColumns + ["x"]))
        #expect(failure.isHeaderFailure)
        #expect(
            failure.rendered(fileName: "in.csv") == """
                in.csv: nothing imported: the header row is not usable
                in.csv: line 1: "x" is not a transfer column
                """)
    }

    @Test("an empty header name is an unknown column")
    func emptyHeaderName() throws {
        let text = ImportFixture.allColumns.joined(separator: ",") + ",\n"
        let failure = try ImportFixture.failure(text)
        #expect(failure.errors.map(\.code) == [.unknownColumn])
        #expect(failure.errors.first?.message == "header column 18 has no name")
    }

    @Test("a column listed twice is an error")
    func duplicateColumn() throws {
        let failure = try ImportFixture.failure(
            ImportFixture.file([[:]], columns: ImportFixture.allColumns + ["amount"]))
        #expect(failure.errors.map(\.code) == [.duplicateColumn])
        #expect(failure.errors.first?.column == "amount")
        #expect(failure.errors.first?.line == 1)
    }

    @Test("a header far wider than a transfer is refused without listing every column")
    func veryWideHeader() throws {
        let text = (ImportFixture.allColumns + (1...500).map { "extra\($0)" }).joined(separator: ",") + "\n"
        let failure = try ImportFixture.failure(text)
        #expect(failure.errors.count <= 3)
        #expect(failure.errors.last?.message.contains("517 columns") == true)
    }

    @Test("a file with no header is an error", arguments: ["", "\u{FEFF}", "\n", "\n\n  \n", "\r\n"])
    func emptyFile(text: String) throws {
        let failure = try ImportFixture.failure(text)
        #expect(failure.errors.map(\.code) == [.missingHeader])
        #expect(failure.errors.first?.line == 1)
    }

    @Test("a blank first line is an error: the header must be line 1")
    func blankFirstLine() throws {
        let failure = try ImportFixture.failure("\n" + ImportFixture.file([[:]]))
        #expect(failure.errors.map(\.code) == [.missingHeader])
        #expect(failure.errors.first?.message == "is blank; the header must be the first line")
    }

    @Test("a header with no rows is a valid file with no transfers", arguments: ["", "\n", "\r\n\r\n"])
    func headerOnly(tail: String) throws {
        let header = ImportFixture.allColumns.joined(separator: ",")
        #expect(try ImportFixture.rows(header + tail).isEmpty)
    }
}
