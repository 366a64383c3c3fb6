import ACH
import Foundation
import Testing

/// Each record type read from and written to its exact positions.
struct NACHARecordTests {
    private func line(_ text: String) -> String { text + String(repeating: " ", count: 94 - text.utf8.count) }

    /// A one-batch file around `entries` so single records can be round-tripped through the
    /// public reader and writer.
    private func file(sec: SECCode = .ppd, entries: [NACHAEntry]) -> NACHAFile {
        var f = NACHASamples.file()
        f.batches = [f.batches[0]]
        f.batches[0].header.secCode = sec
        f.batches[0].entries = entries
        f.recomputeControls()
        return f
    }

    private let trace = "121042880000001"

    @Test("every record type survives write then read")
    func everyRecordType() throws {
        let detail = EntryDetailRecord(
            transactionCode: .checkingReturnOrNOCCredit, rdfiRoutingNumber: "231380104", accountNumber: "ACCT-1",
            amount: 1_999, identificationNumber: "ID 1", receiverName: "RECEIVER", discretionaryData: "DD",
            addendaRecordIndicator: 1, traceNumber: trace)
        let entries = [
            NACHAEntry(
                detail: detail,
                addenda: [
                    .returnEntry(
                        ReturnAddenda(
                            returnReasonCode: "R14", originalTraceNumber: "091000010000001", dateOfDeath: "260101",
                            originalRDFIIdentification: "09100001", addendaInformation: "DECEASED", traceNumber: trace))
                ]),
            NACHAEntry(
                detail: EntryDetailRecord(
                    transactionCode: .checkingCredit, rdfiRoutingNumber: "231380104", accountNumber: "A2",
                    amount: 5, receiverName: "B", addendaRecordIndicator: 1, traceNumber: "121042880000002"),
                addenda: [
                    .paymentRelated(
                        PaymentRelatedAddenda(paymentInformation: "PMT", sequenceNumber: 1, entrySequenceNumber: 2)),
                    .notificationOfChange(
                        NotificationOfChangeAddenda(
                            changeCode: "C01", originalTraceNumber: "091000010000002",
                            originalRDFIIdentification: "09100001",
                            correctedData: "NEWACCOUNT", traceNumber: "121042880000002")),
                    .other(GenericAddenda(typeCode: "02", content: "POS TERMINAL 17  PHILADELPHIA PA")),
                    .other(GenericAddenda(typeCode: "10", content: "ANN000000000000100000")),
                ]),
        ]
        let f = file(entries: entries)
        #expect(try NACHAReader.read(f.bytes()) == f)
        #expect(try NACHAReader.read(f.bytes(lineEnding: .crlf)) == f)
    }

    @Test("a CTX entry carries its addenda count and a 16-character company name")
    func ctxLayout() throws {
        let detail = EntryDetailRecord(
            transactionCode: .checkingDebit, rdfiRoutingNumber: "231380104", accountNumber: "12345678",
            amount: 100_000_000, identificationNumber: "45689033", receiverName: "Receiver Company",
            discretionaryData: "01", addendaRecordIndicator: 1, traceNumber: trace, ctxAddendaCount: 2)
        let f = file(sec: .ctx, entries: [NACHAEntry(detail: detail)])
        let written = NACHASamples.lines(f.bytes())[3]
        // The entry line of moov-io/ach's ctx-debit.ach, field for field.
        #expect(
            written == "62723138010412345678         010000000045689033       0002Receiver Company  011121042880000001")
        #expect(try NACHAReader.read(f.bytes()) == f)
    }

    @Test("known records read into the right fields")
    func goldenLines() throws {
        let moov = [
            line("101 03130001202313801041908161055A094101Federal Reserve Bank   My Bank Name           12345678"),
            line("5225Name on Account                     231380104 CCDVndr Pay        190816   1031300010000001"),
            line("627231380104744-5678-99      0000500000location1234567Best Co. #123456789012S 0031300010000001"),
            line("82250000010023138010000000500000000000000000231380104                          031300010000001"),
            line("9000001000001000000010023138010000000500000000000000000"),
        ]
        let bytes = Array(
            (moov + Array(repeating: String(repeating: "9", count: 94), count: 5)).joined(separator: "\n").utf8)
        let f = try NACHAReader.read(bytes)
        #expect(f.header.immediateDestination == " 031300012")
        #expect(f.header.immediateOrigin == "0231380104")
        #expect(
            f.header.fileCreationDate == "190816"
                && f.header.creationDate == CalendarDate(year: 2019, month: 8, day: 16))
        #expect(f.header.fileCreationTime == "1055" && f.header.fileIDModifier == "A")
        #expect(f.header.recordSize == 94 && f.header.blockingFactor == 10 && f.header.formatCode == "1")
        #expect(f.header.immediateDestinationName == "Federal Reserve Bank" && f.header.referenceCode == "12345678")
        let h = f.batches[0].header
        #expect(h.serviceClassCode == .debitsOnly && h.companyName == "Name on Account")
        #expect(h.companyIdentification == "231380104" && h.secCode == .ccd && h.companyEntryDescription == "Vndr Pay")
        #expect(h.companyDescriptiveDate == "" && h.effectiveEntryDate == "190816" && h.settlementDate == "")
        #expect(h.originatorStatusCode == "1" && h.odfiIdentification == "03130001" && h.batchNumber == 1)
        let e = f.batches[0].entries[0].detail
        #expect(
            e.transactionCode == .checkingDebit && e.rdfiRoutingNumber == "231380104"
                && e.rdfiIdentification == "23138010")
        #expect(e.accountNumber == "744-5678-99" && e.amount == 500_000 && e.identificationNumber == "location1234567")
        #expect(e.receiverName == "Best Co. #123456789012" && e.discretionaryData == "S")
        #expect(e.addendaRecordIndicator == 0 && e.traceNumber == "031300010000001" && e.ctxAddendaCount == nil)
        let c = f.batches[0].control
        #expect(c.serviceClassCode == .debitsOnly && c.entryAddendaCount == 1 && c.entryHash == 23_138_010)
        #expect(c.totalDebit == 500_000 && c.totalCredit == 0 && c.companyIdentification == "231380104")
        #expect(c.odfiIdentification == "03130001" && c.batchNumber == 1)
        #expect(
            f.control
                == FileControlRecord(
                    batchCount: 1, blockCount: 1, entryAddendaCount: 1, entryHash: 23_138_010, totalDebit: 500_000,
                    totalCredit: 0))
    }

    @Test("return and notification-of-change addenda fields")
    func returnAndNOCAddenda() throws {
        var bytes = try ConformanceCorpus.file("return-WEB.ach")
        var f = try NACHAReader.read(bytes)
        guard case .returnEntry(let r) = f.batches[0].entries[0].addenda[0] else {
            Issue.record("expected a return addenda")
            return
        }
        #expect(r.returnReasonCode == "R01" && r.originalTraceNumber == "091400600000001")
        #expect(r.originalRDFIIdentification == "09100001" && r.traceNumber == "091000017611242")
        bytes = try ConformanceCorpus.file("cor-example.ach")
        f = try NACHAReader.read(bytes)
        guard case .notificationOfChange(let n) = f.batches[0].entries[0].addenda[0] else {
            Issue.record("expected a NOC addenda")
            return
        }
        #expect(n.changeCode == "C01" && n.originalTraceNumber == "121042880000001")
        #expect(n.originalRDFIIdentification == "12104288" && n.correctedData == "1918171614")
    }

    @Test("an entry's description and dump mask the account number")
    func accountMasked() {
        let entry = NACHASamples.file().batches[0].entries[0]
        #expect(!String(describing: entry).contains("12345678"))
        #expect(!String(reflecting: entry.detail).contains("12345678"))
        var dumped = ""
        dump(entry, to: &dumped)
        #expect(!dumped.contains("12345678"))
        #expect(dumped.contains("****5678"))
        let noc = NotificationOfChangeAddenda(
            changeCode: "C01", originalTraceNumber: trace, originalRDFIIdentification: "12104288",
            correctedData: "99887766554", traceNumber: trace)
        #expect(!String(describing: noc).contains("99887766554"))
    }

    @Test("the reader stops at what it cannot model, with the line")
    func readerErrors() throws {
        let lines = NACHASamples.lines()
        func read(_ edit: (inout [String]) -> Void) -> NACHAError? {
            var copy = Array(lines.dropFirst())
            edit(&copy)
            do {
                _ = try NACHAReader.read(Array(copy.joined(separator: "\n").utf8))
                return nil
            } catch { return error }
        }
        let amount = read { $0[2] = $0[2].replacingCharacters(30, with: "00000ABC00") }
        #expect(amount?.code == .numericField && amount?.line == 3)
        #expect(read { $0.removeFirst() }?.code == .fileHeaderMissing)
        #expect(read { $0[21] = String(repeating: "9", count: 94) }?.code == .fileControlMissing)
        #expect(read { $0[24] = lines[3] }?.code == .recordAfterFileControl)
        #expect(read { $0[2] = lines[4] }?.code == .recordOutOfOrder)
        #expect(read { $0[2] = $0[2].replacingCharacters(60, with: "\u{1}") }?.code == .invalidCharacter)
        #expect(read { $0 = Array($0[0..<6]) }?.code == .batchControlMissing)
        #expect(read { $0[2] = String($0[2].prefix(90)) }?.code == .lineLength)
        #expect(throws: NACHAError.self) { try NACHAReader.read([]) }
    }
}

extension String {
    /// Overwrites `text` at 1-based `column`.
    func replacingCharacters(_ column: Int, with text: String) -> String {
        var chars = Array(self)
        for (i, c) in text.enumerated() { chars[column - 1 + i] = c }
        return String(chars)
    }
}
