import ACH
import Foundation
import Testing

/// SplitMix64: deterministic, so a failing property or fuzz case can be replayed from its seed.
typealias SeededGenerator = SplitMix64

enum NACHASamples {
    static let effectiveDate = CalendarDate(year: 2026, month: 3, day: 16)!

    static let header = NACHAFileBuilder.Header(
        immediateDestination: "231380104", immediateDestinationName: "FEDERAL RESERVE BANK",
        immediateOrigin: "121042882", immediateOriginName: "ACH WORKER BANK",
        creationDate: CalendarDate(year: 2026, month: 3, day: 13)!, creationHour: 17, creationMinute: 5,
        fileIDModifier: "A")

    /// A routing number with a good check digit for any eight-digit prefix.
    static func routing(_ prefix: String) -> String { prefix + String(RoutingNumber.checkDigit(for: prefix)!) }

    static func batch(_ sec: SECCode, _ entries: [NACHAFileBuilder.Entry], description: String = "PAYROLL")
        -> NACHAFileBuilder.Batch
    {
        .init(
            companyName: "ACME CORP", companyIdentification: "1234567890", secCode: sec,
            entryDescription: description, effectiveDate: effectiveDate, odfiIdentification: "12104288",
            entries: entries)
    }

    /// One batch of each originated SEC code; 22 records padded to 30:
    ///
    ///      1 file header            9 CCD entry             17 WEB debit (S)
    ///      2 PPD batch header      10 batch control         18 batch control
    ///      3 PPD debit (addenda)   11 CTX batch header      19 TEL batch header
    ///      4   addenda 05          12 CTX entry (2 addenda) 20 TEL debit
    ///      5 PPD savings credit    13   addenda 05          21 batch control
    ///      6 PPD credit prenote    14   addenda 05          22 file control
    ///      7 batch control         15 batch control         23–30 9-filler
    ///      8 CCD batch header      16 WEB batch header
    static func builder() -> NACHAFileBuilder {
        var b = NACHAFileBuilder(header: header)
        b.add(
            batch(
                .ppd,
                [
                    .init(
                        transactionCode: .checkingDebit, routingNumber: "231380104", accountNumber: "12345678",
                        amountCents: 12_345, receiverID: "EMP001", receiverName: "JANE DOE", traceSequence: 1,
                        addenda: ["INVOICE 2026-03"]),
                    .init(
                        transactionCode: .savingsCredit, routingNumber: routing("02100002"), accountNumber: "987654321",
                        amountCents: 250_000, receiverName: "JOHN ROE", traceSequence: 2),
                    .init(
                        transactionCode: .checkingCreditPrenote, routingNumber: routing("09100001"),
                        accountNumber: "55501", amountCents: 0, receiverName: "NEW HIRE", traceSequence: 3),
                ]))
        b.add(
            batch(
                .ccd,
                [
                    .init(
                        transactionCode: .checkingCredit, routingNumber: routing("07640125"), accountNumber: "4400118",
                        amountCents: 1_000_000, receiverID: "VENDOR 17", receiverName: "PARTS SUPPLY LLC",
                        traceSequence: 4)
                ], description: "VNDR PAY"))
        b.add(
            batch(
                .ctx,
                [
                    .init(
                        transactionCode: .checkingCredit, routingNumber: routing("06103600"), accountNumber: "77001",
                        amountCents: 99_900, receiverID: "ACME-CTX", receiverName: "RECEIVER CO", traceSequence: 5,
                        addenda: ["ISA*00*          *00*RMR*IV*1234*PO*99900\\", "REF*TN*5\\"])
                ], description: "TRADE PAY"))
        b.add(
            batch(
                .web,
                [
                    .init(
                        transactionCode: .checkingDebit, routingNumber: routing("01100006"), accountNumber: "3003003",
                        amountCents: 4_999, receiverID: "WEB-1", receiverName: "PAT WEB", discretionaryData: "S",
                        traceSequence: 6)
                ], description: "SUBSCRIBE"))
        b.add(
            batch(
                .tel,
                [
                    .init(
                        transactionCode: .checkingDebit, routingNumber: routing("05100001"), accountNumber: "6006",
                        amountCents: 1_500, receiverName: "TEL PAYER", traceSequence: 7)
                ], description: "PHONE PAY"))
        return b
    }

    static func file() -> NACHAFile { try! builder().build() }

    static func bytes() -> [UInt8] { file().bytes() }

    /// The sample's lines, 1-based index 0 unused, for readable mutations.
    static func lines(_ bytes: [UInt8] = bytes()) -> [String] {
        [""]
            + String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().map(String.init)
    }
}

extension Array where Element == UInt8 {
    /// Overwrites `text` into the record on 1-based `line` starting at 1-based `column`.
    func replacing(line: Int, column: Int, with text: String, stride: Int = 95) -> [UInt8] {
        var copy = self
        let start = (line - 1) * stride + column - 1
        for (i, b) in text.utf8.enumerated() { copy[start + i] = b }
        return copy
    }
}

/// Which controls to recompute after a model edit, so the planted defect stays the only one.
enum Recompute: Sendable { case all, fileControl, none }

/// A defect planted in the sample file.
enum Defect: Sendable {
    /// Overwrite text at a 1-based line and column.
    case text(line: Int, column: Int, String)
    /// Edit the lines (1-based array; index 0 unused).
    case lines(@Sendable (inout [String]) -> Void)
    /// Edit the model, then recompute the controls that should stay consistent.
    case model(Recompute, @Sendable (inout NACHAFile) -> Void)
    case bytes(@Sendable (inout [UInt8]) -> Void)

    func apply() -> [UInt8] {
        switch self {
        case .text(let line, let column, let text):
            return NACHASamples.bytes().replacing(line: line, column: column, with: text)
        case .lines(let edit):
            var lines = NACHASamples.lines()
            edit(&lines)
            return Array((lines.dropFirst().joined(separator: "\n") + "\n").utf8)
        case .model(let recompute, let edit):
            var file = NACHASamples.file()
            edit(&file)
            switch recompute {
            case .all: file.recomputeControls()
            case .fileControl: file.control = file.computedControl()
            case .none: break
            }
            return file.bytes()
        case .bytes(let edit):
            var bytes = NACHASamples.bytes()
            edit(&bytes)
            return bytes
        }
    }
}
