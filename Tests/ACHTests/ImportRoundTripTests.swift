import ACH
import Foundation
import Testing

/// Random transfers written as CSV in every legal style (quoting, padding, column order and
/// subset, line endings, BOM, trailing blank lines, letter case) must read back unchanged.
@Suite("CSV import: generated files round-trip")
struct ImportRoundTripTests {
    typealias Generator = SplitMix64

    static let pieces = ["a", "Z", "0", "7", " ", ",", "\"", "\n", "\r\n", "\t", "é", "💸", "'", "-", "|", "\r"]

    /// A value that is not only blanks and, for addenda, has no `|`.
    static func text(_ g: inout Generator, pipes: Bool = true) -> String {
        while true {
            let value = (0..<Int.random(in: 1...6, using: &g)).map { _ in pieces.randomElement(using: &g)! }.joined()
            let usable = pipes ? value : value.replacingOccurrences(of: "|", with: "/")
            if usable.contains(where: { $0 != " " && $0 != "\t" }) { return usable }
        }
    }

    static func optionalText(_ g: inout Generator) -> String? { Bool.random(using: &g) ? text(&g) : nil }

    static func randomCase(_ word: String, _ g: inout Generator) -> String {
        String(word.map { Bool.random(using: &g) ? Character($0.uppercased()) : $0 })
    }

    static func transfer(id: UUID, _ g: inout Generator) -> Transfer {
        let addenda = (0..<Int.random(in: 0...3, using: &g)).map { _ in text(&g, pipes: false) }
        let date = Bool.random(using: &g) ? CalendarDate(dayNumber: Int.random(in: 10_000...30_000, using: &g)) : nil
        return Transfer(
            id: id, idempotencyKey: text(&g), originator: text(&g),
            direction: Bool.random(using: &g) ? .credit : .debit,
            amountCents: Int64.random(in: 0...1_000_000_000_000_000, using: &g), secCode: text(&g),
            receiverName: text(&g), receiverID: optionalText(&g) ?? "", routingNumber: text(&g),
            accountNumber: text(&g), accountType: optionalText(&g) ?? "checking", addenda: addenda,
            effectiveDate: date, sameDay: Bool.random(using: &g), entryDescription: text(&g),
            prenote: Bool.random(using: &g), webPaymentType: optionalText(&g), authorization: optionalText(&g))
    }

    /// The transfer's value for a column, in one of its legal spellings.
    static func value(_ column: TransferCSVColumn, of t: Transfer, _ g: inout Generator) -> String {
        switch column {
        case .idempotencyKey: return t.idempotencyKey
        case .originator: return t.originator
        case .direction: return randomCase(t.direction.rawValue, &g)
        case .amount:
            let dollars = t.amountCents / 100
            let cents = t.amountCents % 100
            if cents == 0, Bool.random(using: &g) { return "\(dollars)" }
            if cents % 10 == 0, Bool.random(using: &g) { return "\(dollars).\(cents / 10)" }
            return "\(dollars).\(cents < 10 ? "0" : "")\(cents)"
        case .secCode: return t.secCode
        case .receiverName: return t.receiverName
        case .receiverID: return t.receiverID
        case .routingNumber: return t.routingNumber
        case .accountNumber: return t.accountNumber
        case .accountType: return t.accountType == "checking" && Bool.random(using: &g) ? "" : t.accountType
        case .effectiveDate: return t.effectiveDate?.description ?? ""
        case .sameDay: return t.sameDay ? randomCase("true", &g) : (Bool.random(using: &g) ? "" : "false")
        case .entryDescription: return t.entryDescription
        case .addenda: return t.addenda.joined(separator: "|")
        case .prenote: return t.prenote ? randomCase("true", &g) : (Bool.random(using: &g) ? "" : "FALSE")
        case .webPaymentType: return t.webPaymentType ?? ""
        case .authorization: return t.authorization ?? ""
        }
    }

    /// A CSV field for `value`: quoted when it must be (or at random), padded with blanks.
    static func field(_ value: String, _ g: inout Generator) -> String {
        let special =
            value.unicodeScalars.contains { ",\"\n\r".unicodeScalars.contains($0) }
            || value.first == " " || value.first == "\t" || value.last == " " || value.last == "\t"
        let pad = { (g: inout Generator) in ["", " ", "\t", "  "].randomElement(using: &g)! }
        if special || Int.random(in: 0..<5, using: &g) == 0 {
            return pad(&g) + "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" + pad(&g)
        }
        return pad(&g) + value + pad(&g)
    }

    /// Defaults for a column the file leaves out.
    static func withoutColumn(_ column: TransferCSVColumn, _ t: inout Transfer) {
        switch column {
        case .receiverID: t.receiverID = ""
        case .accountType: t.accountType = "checking"
        case .effectiveDate: t.effectiveDate = nil
        case .sameDay: t.sameDay = false
        case .addenda: t.addenda = []
        case .prenote: t.prenote = false
        case .webPaymentType: t.webPaymentType = nil
        case .authorization: t.authorization = nil
        default: break
        }
    }

    @Test("random transfers written in any legal CSV style read back unchanged", arguments: 0..<20)
    func roundTrip(seed: UInt64) throws {
        var g = Generator(seed: seed &* 7_919)
        let columns = TransferCSVColumn.allCases.filter { $0.isRequired || Bool.random(using: &g) }.shuffled(using: &g)
        let dropped = TransferCSVColumn.allCases.filter { !columns.contains($0) }
        var expected: [ParsedTransferRow] = []
        var text = Bool.random(using: &g) ? "\u{FEFF}" : ""
        text += columns.map { Self.field($0.name, &g) }.joined(separator: ",")
        var line = 1
        for _ in 0..<Int.random(in: 0...200, using: &g) {
            text += Bool.random(using: &g) ? "\r\n" : "\n"
            line += 1
            var transfer = Self.transfer(id: UUID(), &g)
            for column in dropped { Self.withoutColumn(column, &transfer) }
            let record = columns.map { Self.field(Self.value($0, of: transfer, &g), &g) }.joined(separator: ",")
            expected.append(ParsedTransferRow(line: line, transfer: transfer))
            text += record
            line += record.utf8.count(where: { $0 == UInt8(ascii: "\n") })
        }
        text += ["", "\n", "\r\n", "\n\n", "\n  \n"].randomElement(using: &g)!

        var remaining = expected.makeIterator()
        let result = TransferCSV.parse(Array(text.utf8)) { remaining.next()?.transfer.id ?? UUID() }
        guard case .success(let rows) = result else {
            let report = "\(result)".split(separator: "\n").prefix(4).joined(separator: "\n")
            Issue.record("\(report)")
            return
        }
        #expect(rows.count == expected.count)
        for (row, want) in zip(rows, expected) where row != want {
            Issue.record("line \(want.line): got \(row), want \(want)")
            break
        }
    }
}
