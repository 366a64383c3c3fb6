import ACH
import Foundation
import Testing

/// One row per validator check: a defect planted in the valid sample file and the findings it
/// must produce — exactly those, so a check that is missing fails its row and a cascade fails too.
/// (Line numbers refer to the sample's layout, see `NACHASamples.builder`.)
struct NACHAValidatorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var defect: Defect
        var errors: [NACHAProblem.Code]
        var line: Int?
        var testDescription: String { name }
    }

    static let filler = String(repeating: "9", count: 94)
    static let trace1 = "121042880000001"

    static func entry(_ code: TransactionCode, trace: String, addenda: [AddendaRecord]) -> NACHAEntry {
        NACHAEntry(
            detail: EntryDetailRecord(
                transactionCode: code, rdfiRoutingNumber: "231380104", accountNumber: "1234", amount: 0,
                receiverName: "RETURNED PERSON", addendaRecordIndicator: addenda.isEmpty ? 0 : 1, traceNumber: trace),
            addenda: addenda)
    }

    static func returned(_ reason: String, trace: String = "121042880000002") -> ReturnAddenda {
        ReturnAddenda(
            returnReasonCode: reason, originalTraceNumber: "091000010000001", originalRDFIIdentification: "09100001",
            traceNumber: trace)
    }

    static let cases: [Case] = [
        // Layout and record order.
        Case(
            name: "short line", defect: .lines { $0[22] = String($0[22].prefix(55)) }, errors: [.lineLength], line: 22),
        Case(name: "text past column 94", defect: .lines { $0[9] += "X" }, errors: [.lineLength], line: 9),
        Case(
            name: "one unbroken line", defect: .bytes { $0.removeAll { $0 == 0x0A } }, errors: [.unbrokenLine], line: 1),
        Case(
            name: "blank lines at the end", defect: .bytes { $0 += [0x0A, 0x0A] }, errors: [.trailingContent], line: 31),
        Case(
            name: "byte order mark", defect: .bytes { $0.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: 0) },
            errors: [.byteOrderMark], line: 1),
        Case(
            name: "text after the padding", defect: .bytes { $0 += Array("garbage\n".utf8) },
            errors: [.recordAfterFileControl, .lineLength], line: 31),
        Case(
            name: "control character", defect: .text(line: 3, column: 60, "\u{1}"), errors: [.invalidCharacter], line: 3
        ),
        Case(name: "unknown record type", defect: .text(line: 5, column: 1, "4"), errors: [.recordType], line: 5),
        Case(
            name: "file header not first", defect: .lines { $0.swapAt(1, 2) },
            errors: [.fileHeaderMissing, .recordOutOfOrder], line: 1),
        Case(
            name: "padding instead of file control", defect: .lines { $0[22] = filler }, errors: [.fileControlMissing],
            line: 22),
        Case(
            name: "file ends without file control", defect: .lines { $0.removeLast(9) }, errors: [.fileControlMissing],
            line: 21),
        Case(
            name: "batch control missing",
            defect: .lines {
                $0.remove(at: 7); $0.append(filler)
            },
            errors: [.batchControlMissing], line: 7),
        Case(
            name: "second file header inside a batch", defect: .lines { $0[5] = $0[1] }, errors: [.recordOutOfOrder],
            line: 5),
        Case(
            name: "entries outside a batch",
            defect: .lines {
                $0.remove(at: 8); $0.append(filler)
            },
            errors: [.recordOutOfOrder, .recordOutOfOrder], line: 8),
        Case(
            name: "record after the file control", defect: .lines { $0[23] = $0[3] }, errors: [.recordAfterFileControl],
            line: 23),
        Case(name: "9-filler missing", defect: .lines { $0.removeLast() }, errors: [.padding], line: 29),
        Case(
            name: "a whole block of extra filler", defect: .lines { $0 += Array(repeating: filler, count: 10) },
            errors: [.padding, .fileBlockCount], line: 40),
        // File header.
        Case(name: "priority code", defect: .text(line: 1, column: 2, "02"), errors: [.priorityCode], line: 1),
        Case(
            name: "destination check digit", defect: .text(line: 1, column: 13, "5"), errors: [.immediateDestination],
            line: 1),
        Case(
            name: "destination not a routing number", defect: .text(line: 1, column: 4, " YYYYYYYYY"),
            errors: [.immediateDestination], line: 1),
        Case(
            name: "origin blank", defect: .text(line: 1, column: 14, "          "), errors: [.immediateOrigin], line: 1),
        Case(
            name: "creation date month 13", defect: .text(line: 1, column: 24, "261301"), errors: [.fileCreationDate],
            line: 1),
        Case(
            name: "creation time 24:60", defect: .text(line: 1, column: 30, "2460"), errors: [.fileCreationTime],
            line: 1),
        Case(
            name: "lowercase file ID modifier", defect: .text(line: 1, column: 34, "a"), errors: [.fileIDModifier],
            line: 1),
        Case(name: "record size 095", defect: .text(line: 1, column: 35, "095"), errors: [.recordSize], line: 1),
        Case(name: "blocking factor 20", defect: .text(line: 1, column: 38, "20"), errors: [.blockingFactor], line: 1),
        Case(name: "format code 2", defect: .text(line: 1, column: 40, "2"), errors: [.formatCode], line: 1),
        // Batch header.
        Case(name: "service class 201", defect: .text(line: 2, column: 2, "201"), errors: [.serviceClassCode], line: 2),
        Case(name: "unknown SEC code", defect: .text(line: 2, column: 51, "XYZ"), errors: [.secCode], line: 2),
        Case(
            name: "company name all zeros", defect: .text(line: 2, column: 5, String(repeating: "0", count: 16)),
            errors: [.companyName], line: 2),
        Case(
            name: "company identification blank", defect: .text(line: 2, column: 41, String(repeating: " ", count: 10)),
            errors: [.companyIdentification], line: 2),
        Case(
            name: "entry description all zeros", defect: .text(line: 2, column: 54, String(repeating: "0", count: 10)),
            errors: [.entryDescription], line: 2),
        Case(
            name: "effective date month 13", defect: .text(line: 2, column: 70, "261301"), errors: [.effectiveDate],
            line: 2),
        Case(
            name: "effective date blank", defect: .text(line: 2, column: 70, "      "), errors: [.effectiveDate],
            line: 2),
        Case(
            name: "originator status 5", defect: .text(line: 2, column: 79, "5"), errors: [.originatorStatusCode],
            line: 2),
        Case(
            name: "ODFI not digits", defect: .text(line: 2, column: 80, "1210428X"), errors: [.odfiIdentification],
            line: 2),
        Case(
            name: "batch numbers not ascending",
            defect: .lines {
                $0[8] = $0[8].replacingCharacters(88, with: "0000001")
                $0[10] = $0[10].replacingCharacters(88, with: "0000001")
            }, errors: [.batchNumber], line: 8),
        Case(
            name: "batch number not numeric", defect: .text(line: 8, column: 88, "00000X2"), errors: [.batchNumber],
            line: 8),
        // Entry detail.
        Case(name: "transaction code 99", defect: .text(line: 5, column: 2, "99"), errors: [.transactionCode], line: 5),
        Case(
            name: "GL debit in a TEL batch", defect: .text(line: 20, column: 2, "47"), errors: [.transactionCodeForSEC],
            line: 20),
        Case(
            name: "TEL credit",
            defect: .model(.all) {
                $0.batches[4].entries[0].detail.transactionCode = .checkingCredit
                $0.batches[4].header.serviceClassCode = .creditsOnly
            }, errors: [.transactionCodeForSEC], line: 20),
        Case(
            name: "RDFI not digits", defect: .text(line: 5, column: 4, "0210000X"), errors: [.rdfiIdentification],
            line: 5),
        Case(name: "RDFI check digit", defect: .text(line: 3, column: 12, "5"), errors: [.rdfiCheckDigit], line: 3),
        Case(
            name: "account number blank", defect: .text(line: 3, column: 13, String(repeating: " ", count: 17)),
            errors: [.accountNumber], line: 3),
        Case(name: "amount not numeric", defect: .text(line: 3, column: 30, "00000ABC00"), errors: [.amount], line: 3),
        Case(
            name: "prenote with an amount", defect: .model(.all) { $0.batches[0].entries[2].detail.amount = 1 },
            errors: [.zeroAmountRequired], line: 6),
        Case(
            name: "PPD individual name blank", defect: .text(line: 3, column: 55, String(repeating: " ", count: 22)),
            errors: [.receiverName], line: 3),
        Case(
            name: "CTX company name blank", defect: .text(line: 12, column: 59, String(repeating: " ", count: 16)),
            errors: [.receiverName], line: 12),
        Case(
            name: "TEL name all zeros", defect: .text(line: 20, column: 55, String(repeating: "0", count: 22)),
            errors: [.receiverName], line: 20),
        Case(
            name: "WEB debit without payment type", defect: .text(line: 17, column: 77, "  "),
            errors: [.paymentTypeCode], line: 17),
        Case(
            name: "addenda indicator 0 with addenda", defect: .text(line: 3, column: 79, "0"),
            errors: [.addendaIndicator], line: 3),
        Case(
            name: "addenda indicator 1 without", defect: .text(line: 5, column: 79, "1"), errors: [.addendaIndicator],
            line: 5),
        Case(
            name: "addenda indicator 2", defect: .text(line: 5, column: 79, "2"), errors: [.addendaIndicator], line: 5),
        Case(
            name: "trace number not numeric", defect: .text(line: 5, column: 80, "12104288000000X"),
            errors: [.traceNumber], line: 5),
        Case(
            name: "trace number of another ODFI", defect: .text(line: 3, column: 80, "00000001"), errors: [.traceODFI],
            line: 3),
        Case(
            name: "trace numbers descending",
            defect: .model(.none) {
                $0.batches[0].entries[1].detail.traceNumber = "121042880000003"
                $0.batches[0].entries[2].detail.traceNumber = "121042880000002"
            }, errors: [.traceOrder], line: 6),
        Case(
            name: "CTX addenda count wrong", defect: .text(line: 12, column: 55, "0003"), errors: [.ctxAddendaCount],
            line: 12),
        Case(
            name: "CTX addenda count not numeric", defect: .text(line: 12, column: 55, "00A2"),
            errors: [.ctxAddendaCount], line: 12),
        // Addenda.
        Case(name: "addenda type 06", defect: .text(line: 4, column: 2, "06"), errors: [.addendaType], line: 4),
        Case(
            name: "return addenda on a live entry",
            defect: .model(.none) { $0.batches[0].entries[0].addenda = [.returnEntry(returned("R01", trace: trace1))] },
            errors: [.addendaType], line: 4),
        Case(
            name: "NOC addenda outside a COR batch",
            defect: .model(.all) {
                $0.batches[0].entries[1] = entry(
                    .checkingReturnOrNOCCredit, trace: "121042880000002",
                    addenda: [
                        .notificationOfChange(
                            NotificationOfChangeAddenda(
                                changeCode: "C01", originalTraceNumber: "091000010000001",
                                originalRDFIIdentification: "09100001", correctedData: "1",
                                traceNumber: "121042880000002"))
                    ])
            }, errors: [.addendaType], line: 6),
        Case(
            name: "two addenda on a PPD entry",
            defect: .model(.all) {
                $0.batches[0].entries[0].addenda.append(
                    .paymentRelated(
                        PaymentRelatedAddenda(paymentInformation: "MORE", sequenceNumber: 2, entrySequenceNumber: 1)))
            }, errors: [.addendaCount], line: 3),
        Case(
            name: "addenda on a TEL entry",
            defect: .model(.all) {
                $0.batches[4].entries[0].detail.addendaRecordIndicator = 1
                $0.batches[4].entries[0].addenda = [
                    .paymentRelated(
                        PaymentRelatedAddenda(paymentInformation: "X", sequenceNumber: 1, entrySequenceNumber: 7))
                ]
            }, errors: [.addendaCount], line: 20),
        Case(
            name: "return entry without its return addenda",
            defect: .model(.all) {
                $0.batches[0].entries[1] = entry(.checkingReturnOrNOCCredit, trace: "121042880000002", addenda: [])
            },
            errors: [.addendaCount], line: 5),
        Case(
            name: "addenda sequence 2 first", defect: .text(line: 4, column: 84, "0002"), errors: [.addendaSequence],
            line: 4),
        Case(
            name: "addenda of another entry", defect: .text(line: 4, column: 88, "0000009"), errors: [.addendaSequence],
            line: 4),
        Case(
            name: "return addenda with another trace number",
            defect: .model(.all) {
                $0.batches[0].entries[1] = entry(
                    .checkingReturnOrNOCCredit, trace: "121042880000002",
                    addenda: [.returnEntry(returned("R01", trace: "121042880000009"))])
            }, errors: [.addendaSequence], line: 6),
        Case(
            name: "return reason R97",
            defect: .model(.all) {
                $0.batches[0].entries[1] = entry(
                    .checkingReturnOrNOCCredit, trace: "121042880000002", addenda: [.returnEntry(returned("R97"))])
            }, errors: [.returnReasonCode], line: 6),
        Case(
            name: "change code C92",
            defect: .model(.all) {
                $0.batches[0].header.secCode = .cor
                $0.batches[0].header.effectiveEntryDate = "000000"
                $0.batches[0].entries = [
                    entry(
                        .checkingReturnOrNOCCredit, trace: trace1,
                        addenda: [
                            .notificationOfChange(
                                NotificationOfChangeAddenda(
                                    changeCode: "C92", originalTraceNumber: "091000010000001",
                                    originalRDFIIdentification: "09100001", correctedData: "1", traceNumber: trace1))
                        ])
                ]
            }, errors: [.changeCode], line: 4),
        // Batch control.
        Case(
            name: "entry hash not numeric", defect: .text(line: 7, column: 11, "00000000X0"), errors: [.numericField],
            line: 7),
        Case(
            name: "control service class differs", defect: .text(line: 7, column: 2, "220"),
            errors: [.batchServiceClass],
            line: 7),
        Case(
            name: "debit in a credits-only batch",
            defect: .model(.all) { $0.batches[0].header.serviceClassCode = .creditsOnly }, errors: [.batchServiceClass],
            line: 3),
        Case(
            name: "batch entry count", defect: .model(.fileControl) { $0.batches[0].control.entryAddendaCount += 1 },
            errors: [.batchEntryCount], line: 7),
        Case(
            name: "batch entry hash", defect: .model(.fileControl) { $0.batches[0].control.entryHash += 1 },
            errors: [.batchEntryHash], line: 7),
        Case(
            name: "batch debit total", defect: .model(.fileControl) { $0.batches[0].control.totalDebit += 1 },
            errors: [.batchTotalDebit], line: 7),
        Case(
            name: "batch credit total", defect: .model(.fileControl) { $0.batches[0].control.totalCredit -= 1 },
            errors: [.batchTotalCredit], line: 7),
        Case(
            name: "batch company identification",
            defect: .model(.none) { $0.batches[0].control.companyIdentification = "999" },
            errors: [.batchCompanyIdentification], line: 7),
        Case(
            name: "batch ODFI", defect: .model(.none) { $0.batches[0].control.odfiIdentification = "99999999" },
            errors: [.batchODFI], line: 7),
        Case(
            name: "batch number in the control", defect: .model(.none) { $0.batches[0].control.batchNumber = 9 },
            errors: [.batchNumberMismatch], line: 7),
        Case(name: "empty batch", defect: .model(.all) { $0.batches[1].entries = [] }, errors: [.batchEmpty], line: 9),
        // File control.
        Case(
            name: "file batch count", defect: .model(.none) { $0.control.batchCount = 6 }, errors: [.fileBatchCount],
            line: 22),
        Case(
            name: "file block count", defect: .model(.none) { $0.control.blockCount = 4 }, errors: [.fileBlockCount],
            line: 22),
        Case(
            name: "file entry count", defect: .model(.none) { $0.control.entryAddendaCount = 9 },
            errors: [.fileEntryCount],
            line: 22),
        Case(
            name: "file entry hash", defect: .model(.none) { $0.control.entryHash = 1 }, errors: [.fileEntryHash],
            line: 22),
        Case(
            name: "file debit total", defect: .model(.none) { $0.control.totalDebit = 1 }, errors: [.fileTotalDebit],
            line: 22),
        Case(
            name: "file credit total", defect: .model(.none) { $0.control.totalCredit = 1 }, errors: [.fileTotalCredit],
            line: 22),
    ]

    @Test("the sample file is valid with no findings")
    func sampleIsClean() {
        let report = NACHAValidator.validate(NACHASamples.bytes())
        #expect(report.verdict == .valid && report.problems.isEmpty && report.exitCode == 0)
        #expect(report.summary.batches == 5 && report.summary.entries == 7 && report.summary.addenda == 3)
        #expect(report.summary.totalDebitCents == 18_844 && report.summary.totalCreditCents == 1_349_900)
    }

    @Test("each check reports its defect, with its line, and nothing else", arguments: cases)
    func check(_ c: Case) {
        let report = NACHAValidator.validate(c.defect.apply())
        #expect(report.verdict == .invalid, "\(report.rendered(name: c.name))")
        #expect(
            report.errors.map(\.code).sorted(by: { $0.rawValue < $1.rawValue })
                == c.errors.sorted(by: { $0.rawValue < $1.rawValue }), "\(report.rendered(name: c.name))")
        if let line = c.line {
            #expect(
                report.errors.contains { $0.code == c.errors[0] && $0.line == line }, "\(report.rendered(name: c.name))"
            )
        }
        #expect(report.rendered(name: "f").split(separator: "\n").dropLast().allSatisfy { $0.contains("line ") })
    }

    @Test("valid variants of the defects above stay valid")
    func validVariants() {
        let variants: [Defect] = [
            .model(.all) {
                $0.batches[0].entries[1] = Self.entry(
                    .checkingReturnOrNOCCredit, trace: "121042880000002", addenda: [.returnEntry(Self.returned("R01"))])
            },
            .model(.all) {
                $0.batches[0].header.secCode = .cor
                $0.batches[0].header.effectiveEntryDate = "000000"
                $0.batches[0].entries = [
                    Self.entry(
                        .checkingReturnOrNOCCredit, trace: Self.trace1,
                        addenda: [
                            .notificationOfChange(
                                NotificationOfChangeAddenda(
                                    changeCode: "C01", originalTraceNumber: "091000010000001",
                                    originalRDFIIdentification: "09100001", correctedData: "1", traceNumber: Self.trace1
                                ))
                        ])
                ]
            },
            // A 10-digit immediate destination carries no check digit to verify.
            .text(line: 1, column: 4, "0231380104"),
            .text(line: 1, column: 30, "    "),
        ]
        for variant in variants {
            let report = NACHAValidator.validate(variant.apply())
            #expect(report.isValid, "\(report.rendered(name: "variant"))")
        }
    }

    @Test("duplicate trace numbers across batches are a warning, not an error")
    func duplicateTraces() {
        let bytes = Defect.model(.none) { $0.batches[1].entries[0].detail.traceNumber = Self.trace1 }.apply()
        let report = NACHAValidator.validate(bytes)
        #expect(report.isValid)
        #expect(report.problems.map(\.code) == [.traceDuplicate] && report.problems[0].line == 9)
        #expect(report.problems[0].severity == .warning)
    }
}
