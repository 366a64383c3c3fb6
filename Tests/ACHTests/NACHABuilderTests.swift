import ACH
import Testing

/// The builder derives every control field and refuses input it cannot write faithfully.
struct NACHABuilderTests {
    @Test("the sample file has the documented layout, padded to whole blocks")
    func sampleLayout() {
        let lines = NACHASamples.lines()
        #expect(lines.count - 1 == 30)
        #expect(lines.dropFirst().allSatisfy { $0.utf8.count == 94 })
        let types = lines.dropFirst().map { String($0.prefix(1)) }.joined()
        #expect(types == "1567668" + "568" + "56778" + "568" + "568" + "9" + String(repeating: "9", count: 8))
        #expect(lines[23] == String(repeating: "9", count: 94))
        #expect(NACHASamples.bytes().last == 0x0A)
    }

    @Test("controls are computed from the entries")
    func controls() throws {
        let file = NACHASamples.file()
        let ppd = file.batches[0]
        #expect(ppd.header.serviceClassCode == .mixed)
        #expect(ppd.control.entryAddendaCount == 4)
        #expect(ppd.control.entryHash == 23_138_010 + 2_100_002 + 9_100_001)
        #expect(ppd.control.totalDebit == 12_345)
        #expect(ppd.control.totalCredit == 250_000)
        #expect(ppd.control.companyIdentification == "1234567890")
        #expect(ppd.control.odfiIdentification == "12104288")
        #expect(ppd.control.batchNumber == 1)
        #expect(
            file.batches.map(\.header.serviceClassCode) == [
                .mixed, .creditsOnly, .creditsOnly, .debitsOnly, .debitsOnly,
            ])
        #expect(file.batches.map(\.header.batchNumber) == [1, 2, 3, 4, 5])
        #expect(file.control.batchCount == 5)
        #expect(file.control.blockCount == 3)
        #expect(file.control.entryAddendaCount == 10)
        #expect(file.control.totalDebit == 12_345 + 4_999 + 1_500)
        #expect(file.control.totalCredit == 250_000 + 1_000_000 + 99_900)
        #expect(file.control.entryHash == file.batches.reduce(0) { $0 + $1.control.entryHash })
        #expect(file.recordCount == 22)
        #expect(file.paddedRecordCount == 30)
    }

    @Test("the entry hash keeps the last ten digits of the sum")
    func entryHashOverflow() throws {
        var builder = NACHAFileBuilder(header: NACHASamples.header)
        let entries = (1...200).map {
            NACHAFileBuilder.Entry(
                transactionCode: .checkingCredit, routingNumber: "999999992", accountNumber: "1", amountCents: 1,
                receiverName: "R", traceSequence: $0)
        }
        #expect(RoutingNumber.isValid("999999992"))
        builder.add(NACHASamples.batch(.ppd, entries))
        let file = try builder.build()
        // 200 × 99,999,999 = 19,999,999,800: eleven digits, of which the last ten count.
        #expect(file.batches[0].control.entryHash == 9_999_999_800)
        #expect(file.control.entryHash == 9_999_999_800)
        #expect(NACHAValidator.validate(file.bytes()).isValid)
    }

    @Test("trace numbers, addenda sequence numbers and indicators are filled in")
    func derivedEntryFields() {
        let file = NACHASamples.file()
        let debit = file.batches[0].entries[0]
        #expect(debit.detail.traceNumber == "121042880000001")
        #expect(debit.detail.addendaRecordIndicator == 1)
        #expect(
            debit.addenda == [
                .paymentRelated(
                    PaymentRelatedAddenda(
                        paymentInformation: "INVOICE 2026-03", sequenceNumber: 1, entrySequenceNumber: 1))
            ])
        #expect(file.batches[0].entries[1].detail.addendaRecordIndicator == 0)
        let ctx = file.batches[2].entries[0]
        #expect(ctx.detail.ctxAddendaCount == 2)
        #expect(ctx.addenda.count == 2)
        guard case .paymentRelated(let second) = ctx.addenda[1] else {
            Issue.record("CTX addenda should be 05")
            return
        }
        #expect(second.sequenceNumber == 2 && second.entrySequenceNumber == 5)
        #expect(file.batches[0].entries[2].detail.transactionCode.isPrenote)
    }

    @Test("WEB payment type and CTX fields land in their positions")
    func secSpecificPositions() {
        let lines = NACHASamples.lines()
        let ctx = Array(lines[12])
        #expect(String(ctx[54..<58]) == "0002")
        #expect(String(ctx[58..<74]) == "RECEIVER CO     ")
        let web = Array(lines[17])
        #expect(String(web[76..<78]) == "S ")
        #expect(String(web[54..<76]).hasPrefix("PAT WEB"))
    }

    @Test("same-day batches say SDHHMM in the descriptive date and leave the settlement date blank")
    func sameDay() throws {
        var builder = NACHASamples.builder()
        builder.batches[0].sameDay = true
        builder.batches[0].sameDayWindow = "1300"
        builder.batches[1].sameDay = true
        builder.batches[1].descriptiveDate = "MAR 16"
        let file = try builder.build()
        #expect(file.batches[0].header.companyDescriptiveDate == "SD1300")
        #expect(file.batches[1].header.companyDescriptiveDate == "MAR 16")
        #expect(file.batches[0].header.settlementDate == "")
        #expect(NACHAValidator.validate(file.bytes()).isValid)
    }

    @Test("builder output validates strictly with no problem at all, LF or CRLF")
    func builtFilesValidate() throws {
        for ending in [NACHAWriter.LineEnding.lf, .crlf] {
            let bytes = NACHASamples.file().bytes(lineEnding: ending)
            let report = NACHAValidator.validate(bytes)
            #expect(report.isValid && report.problems.isEmpty, "\(report.rendered(name: "sample"))")
            #expect(try NACHAReader.read(bytes) == NACHASamples.file())
        }
    }

    typealias Edit = @Sendable (inout NACHAFileBuilder) -> Void

    static let rejected: [(String, NACHAProblem.Code, Edit)] = [
        (
            "receiver name longer than 22", .fieldTooLong,
            { $0.batches[0].entries[0].receiverName = String(repeating: "N", count: 23) }
        ),
        (
            "CTX company name longer than 16", .fieldTooLong,
            { $0.batches[2].entries[0].receiverName = String(repeating: "N", count: 17) }
        ),
        (
            "account number longer than 17", .fieldTooLong,
            { $0.batches[0].entries[0].accountNumber = "123456789012345678" }
        ),
        ("entry description longer than 10", .fieldTooLong, { $0.batches[0].entryDescription = "PAYROLL 2026" }),
        (
            "addenda longer than 80", .fieldTooLong,
            { $0.batches[0].entries[0].addenda = [String(repeating: "A", count: 81)] }
        ),
        ("non-ASCII name", .invalidCharacter, { $0.batches[0].entries[0].receiverName = "JOSÉ" }),
        ("control character", .invalidCharacter, { $0.batches[0].companyName = "ACME\tCORP" }),
        ("RDFI check digit", .rdfiCheckDigit, { $0.batches[0].entries[0].routingNumber = "231380105" }),
        ("RDFI not nine digits", .rdfiCheckDigit, { $0.batches[0].entries[0].routingNumber = "23138010" }),
        (
            "immediate destination not a routing number", .immediateDestination,
            { $0.header.immediateDestination = "ACMEBANK" }
        ),
        ("immediate destination check digit", .immediateDestination, { $0.header.immediateDestination = "231380105" }),
        ("TEL credit", .transactionCodeForSEC, { $0.batches[4].entries[0].transactionCode = .checkingCredit }),
        (
            "return code originated", .transactionCodeForSEC,
            { $0.batches[0].entries[1].transactionCode = .checkingReturnOrNOCCredit }
        ),
        ("prenote with an amount", .zeroAmountRequired, { $0.batches[0].entries[2].amountCents = 1 }),
        ("amount beyond ten digits", .fieldOverflow, { $0.batches[0].entries[1].amountCents = 10_000_000_000 }),
        ("negative amount", .fieldOverflow, { $0.batches[0].entries[1].amountCents = -1 }),
        ("trace sequences not ascending", .traceOrder, { $0.batches[0].entries[1].traceSequence = 1 }),
        ("trace sequence beyond seven digits", .traceOrder, { $0.batches[4].entries[0].traceSequence = 10_000_000 }),
        ("trace sequence reused in another batch", .traceDuplicate, { $0.batches[1].entries[0].traceSequence = 2 }),
        ("two addenda on a PPD entry", .addendaCount, { $0.batches[0].entries[0].addenda = ["A", "B"] }),
        ("addenda on a TEL entry", .addendaCount, { $0.batches[4].entries[0].addenda = ["A"] }),
        ("WEB debit without payment type", .paymentTypeCode, { $0.batches[3].entries[0].discretionaryData = "" }),
        ("consumer name missing", .fieldValue, { $0.batches[0].entries[0].receiverName = "   " }),
        ("company name of zeros", .fieldValue, { $0.batches[0].companyName = "0000" }),
        ("account number missing", .fieldValue, { $0.batches[0].entries[0].accountNumber = "" }),
        ("empty batch", .batchEmpty, { $0.batches[1].entries = [] }),
        ("SEC code we do not originate", .secCode, { $0.batches[0].secCode = .cor }),
        ("lowercase file ID modifier", .fileIDModifier, { $0.header.fileIDModifier = "a" }),
        ("creation hour 24", .fileCreationTime, { $0.header.creationHour = 24 }),
        ("batch numbers not ascending", .batchNumber, { $0.batches[1].batchNumber = 1 }),
        ("ODFI of seven digits", .odfiIdentification, { $0.batches[0].odfiIdentification = "1210428" }),
        (
            "ODFI routing number with a bad check digit", .odfiIdentification,
            { $0.batches[0].odfiIdentification = "121042883" }
        ),
        (
            "batch credit total beyond twelve digits", .fieldOverflow,
            { b in
                b.batches[1].entries = (1...101).map {
                    .init(
                        transactionCode: .checkingCredit, routingNumber: "231380104", accountNumber: "1",
                        amountCents: 9_999_999_999, receiverName: "R", traceSequence: 100 + $0)
                }
            }
        ),
    ]

    @Test("input that cannot be written is refused with a code", arguments: 0..<rejected.count)
    func refusals(index: Int) {
        let (name, code, edit) = Self.rejected[index]
        var builder = NACHASamples.builder()
        edit(&builder)
        #expect(throws: NACHAError.self, "\(name)") { try builder.build() }
        do {
            _ = try builder.build()
        } catch {
            #expect(error.code == code, "\(name): \(error)")
            #expect(error.line == nil)
            #expect(error.message.hasPrefix("batch") || error.message.hasPrefix("file"), "\(error.message)")
            #expect(!error.description.contains("123456789012345678"), "no account number in messages")
        }
    }

    @Test("text is stored without trailing spaces, exactly as the reader returns it")
    func trailingSpacesTrimmed() throws {
        var builder = NACHASamples.builder()
        builder.batches[0].entries[0].receiverName = "JANE DOE   "
        builder.batches[0].companyName = "ACME CORP "
        let file = try builder.build()
        #expect(file.batches[0].entries[0].detail.receiverName == "JANE DOE")
        #expect(try NACHAReader.read(file.bytes()) == file)
    }

    @Test("a 9-digit origin gets the leading space, a 10-character one is kept")
    func immediateOrigin() throws {
        var builder = NACHASamples.builder()
        #expect(try builder.build().header.immediateOrigin == " 121042882")
        builder.header.immediateOrigin = "1234567890"
        #expect(try builder.build().header.immediateOrigin == "1234567890")
        #expect(try builder.build().header.immediateDestination == " 231380104")
    }
}
