import ACH
import Foundation
import Testing

@Suite("CSV import: large files")
struct ImportLargeFileTests {
    /// A file of `count` well-formed rows with varied values, some quoted.
    static func largeFile(rows count: Int) -> [UInt8] {
        var text = ImportFixture.allColumns.joined(separator: ",") + "\r\n"
        text.reserveCapacity(count * 160)
        for i in 0..<count {
            let cents = i * 37 % 10_000_000
            text +=
                "key-\(i),acme,\(i % 3 == 0 ? "debit" : "credit"),\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100),"
            text += "PPD,\"DOE, JANE \(i % 1000)\",ID\(i),011000015,\(100_000 + i),checking,2025-03-31,"
            text += "\(i % 2 == 0),PAYROLL,\(i % 5 == 0 ? "INV \(i)|REF" : ""),false,,AUTH\(i)\r\n"
        }
        return Array(text.utf8)
    }

    @Test("a 100,000-row file parses completely and correctly")
    func hundredThousandRows() throws {
        let bytes = Self.largeFile(rows: 100_000)
        let rows = try TransferCSV.parse(bytes).get()
        #expect(rows.count == 100_000)
        let row = rows[50_001]
        #expect(row.line == 50_003)
        #expect(row.transfer.idempotencyKey == "key-50001")
        #expect(row.transfer.amountCents == Int64(50_001 * 37 % 10_000_000))
        #expect(row.transfer.receiverName == "DOE, JANE 1")
        #expect(row.transfer.direction == .debit)
        #expect(row.transfer.sameDay == false)
        #expect(rows[50_000].transfer.addenda == ["INV 50000", "REF"])
        #expect(rows.last?.transfer.authorization == "AUTH99999")
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.line + 1 == $1.line })
    }
}
