/// The builder's per-record work: check each input against its field and produce the record.
/// The checks mirror the validator's, so a built file never fails validation.
struct NACHABuildContext {
    /// Where we are, for messages: "batch 2, entry 15".
    var place = "file header"
    /// ODFI identification × 10⁷ + sequence of every trace number handed out so far.
    private var traces: Set<Int64> = []

    func error(_ code: NACHAProblem.Code, _ message: String) -> NACHAError {
        NACHAError(line: nil, code: code, message: "\(place): \(message)")
    }

    /// Printable ASCII that fits the field; returned without trailing spaces, exactly as the
    /// reader will give it back. `required` also rejects text of only spaces and zeros.
    func text(_ value: String, _ max: Int, _ what: String, required: Bool = false) throws(NACHAError) -> String {
        var count = 0
        var meaningful = false
        for b in value.utf8 {
            guard b >= 0x20 && b <= 0x7E else {
                throw error(.invalidCharacter, "\(what) contains a character that is not printable ASCII")
            }
            if b != NACHAByte.space && b != NACHAByte.zero { meaningful = true }
            count += 1
        }
        var trimmed = value
        while trimmed.utf8.last == NACHAByte.space {
            trimmed.removeLast()
            count -= 1
        }
        guard count <= max else { throw error(.fieldTooLong, "\(what) is \(count) characters; the field holds \(max)") }
        if required && !meaningful { throw error(.fieldValue, "\(what) is required (not only spaces and zeros)") }
        return trimmed
    }

    func fits<T: BinaryInteger>(_ value: T, _ max: T, _ what: String) throws(NACHAError) {
        guard value >= 0 && value <= max else {
            throw error(.fieldOverflow, "\(what) \(value) does not fit its field (0…\(max))")
        }
    }

    /// A 9-digit ABA routing number with a good check digit.
    func routing(_ value: String, _ what: String, _ code: NACHAProblem.Code = .rdfiCheckDigit) throws(NACHAError)
        -> String
    {
        guard RoutingNumber.isValid(value) else {
            throw error(code, "\(what) is not a 9-digit routing number with a valid check digit")
        }
        return value
    }

    /// Nine digits get the customary leading space; anything else must fit 10 characters. The
    /// origin may be a tax ID rather than a routing number, so no check digit is asked of it here.
    func immediate(_ value: String, _ what: String) throws(NACHAError) -> String {
        if RoutingNumber.isNineDigits(value) { return " " + value }
        return try text(value, 10, what, required: true)
    }

    func fileHeader(_ h: NACHAFileBuilder.Header) throws(NACHAError) -> FileHeaderRecord {
        guard RoutingNumber.isNineDigits(h.immediateDestination) else {
            throw error(
                .immediateDestination, "immediate destination must be the 9-digit routing number of the receiving point"
            )
        }
        guard (0...23).contains(h.creationHour), (0...59).contains(h.creationMinute) else {
            throw error(.fileCreationTime, "creation time \(h.creationHour):\(h.creationMinute) is not a time of day")
        }
        guard let m = h.fileIDModifier.asciiValue, (m >= 0x41 && m <= 0x5A) || (m >= 0x30 && m <= 0x39) else {
            throw error(.fileIDModifier, "file ID modifier must be A–Z or 0–9")
        }
        return FileHeaderRecord(
            immediateDestination: " "
                + (try routing(h.immediateDestination, "immediate destination", .immediateDestination)),
            immediateOrigin: try immediate(h.immediateOrigin, "immediate origin"),
            fileCreationDate: h.creationDate.yymmdd,
            fileCreationTime: twoDigits(h.creationHour) + twoDigits(h.creationMinute),
            fileIDModifier: String(h.fileIDModifier),
            immediateDestinationName: try text(h.immediateDestinationName, 23, "immediate destination name"),
            immediateOriginName: try text(h.immediateOriginName, 23, "immediate origin name"),
            referenceCode: try text(h.referenceCode, 8, "reference code"))
    }

    mutating func batch(_ b: NACHAFileBuilder.Batch, number: Int) throws(NACHAError) -> NACHABatch {
        guard SECCode.originated.contains(b.secCode) else {
            throw error(.secCode, "SEC code \(b.secCode) is not one we originate (\(SECCode.originated))")
        }
        let odfi: String
        if RoutingNumber.isNineDigits(b.odfiIdentification) {
            odfi = String(try routing(b.odfiIdentification, "ODFI routing number", .odfiIdentification).prefix(8))
        } else if b.odfiIdentification.utf8.count == 8 && b.odfiIdentification.utf8.allSatisfy({ $0 &- 0x30 < 10 }) {
            odfi = b.odfiIdentification
        } else {
            throw error(.odfiIdentification, "ODFI identification must be 8 digits (or the 9-digit routing number)")
        }
        var descriptive = b.descriptiveDate ?? ""
        if b.descriptiveDate == nil && b.sameDay { descriptive = "SD" + (b.sameDayWindow ?? "") }
        let header = BatchHeaderRecord(
            serviceClassCode: ServiceClassCode.forEntries(b.entries.lazy.map(\.transactionCode)),
            companyName: try text(b.companyName, 16, "company name", required: true),
            companyDiscretionaryData: try text(b.companyDiscretionaryData, 20, "company discretionary data"),
            companyIdentification: try text(b.companyIdentification, 10, "company identification", required: true),
            secCode: b.secCode,
            companyEntryDescription: try text(b.entryDescription, 10, "entry description", required: true),
            companyDescriptiveDate: try text(descriptive, 6, "descriptive date"),
            effectiveEntryDate: b.effectiveDate.yymmdd,
            originatorStatusCode: try text(b.originatorStatusCode, 1, "originator status code", required: true),
            odfiIdentification: odfi, batchNumber: number)
        let batchPlace = place
        var entries: [NACHAEntry] = []
        entries.reserveCapacity(b.entries.count)
        var previousSequence = -1
        let odfiValue = Int64(odfi)! * 10_000_000
        for (index, e) in b.entries.enumerated() {
            place = "\(batchPlace), entry \(index + 1)"
            guard e.traceSequence > previousSequence, e.traceSequence <= 9_999_999 else {
                throw error(
                    .traceOrder,
                    "trace sequence \(e.traceSequence) must be ascending within the batch and at most 7 digits")
            }
            previousSequence = e.traceSequence
            guard traces.insert(odfiValue + Int64(e.traceSequence)).inserted else {
                throw error(.traceDuplicate, "trace sequence \(e.traceSequence) is already used for ODFI \(odfi)")
            }
            entries.append(try entry(e, sec: b.secCode, trace: odfi + sevenDigits(e.traceSequence)))
        }
        place = batchPlace
        var batch = NACHABatch(
            header: header, entries: entries,
            control: BatchControlRecord(
                serviceClassCode: header.serviceClassCode, entryAddendaCount: 0, entryHash: 0, totalDebit: 0,
                totalCredit: 0, companyIdentification: header.companyIdentification, odfiIdentification: odfi,
                batchNumber: number))
        batch.control = batch.computedControl()
        try fits(batch.control.entryAddendaCount, 999_999, "entry/addenda count")
        try fits(batch.control.totalDebit, 999_999_999_999, "total debit amount")
        try fits(batch.control.totalCredit, 999_999_999_999, "total credit amount")
        return batch
    }

    func entry(_ e: NACHAFileBuilder.Entry, sec: SECCode, trace: String) throws(NACHAError) -> NACHAEntry {
        guard e.transactionCode.isAllowed(in: sec), e.transactionCode.kind != .returnOrNotification else {
            throw error(
                .transactionCodeForSEC, "transaction code \(e.transactionCode) is not allowed in a \(sec) batch")
        }
        try fits(e.amountCents, 9_999_999_999, "amount")
        if e.transactionCode.requiresZeroAmount && e.amountCents != 0 {
            throw error(.zeroAmountRequired, "transaction code \(e.transactionCode) requires a zero amount")
        }
        guard e.addenda.count <= sec.maximumAddenda else {
            throw error(.addendaCount, "\(e.addenda.count) addenda records; \(sec) allows \(sec.maximumAddenda)")
        }
        let ctx = sec == .ctx
        let payment = try text(
            e.discretionaryData, 2, sec == .web || sec == .tel ? "payment type code" : "discretionary data")
        if sec == .web && e.transactionCode.isDebit && payment != "S" && payment != "R" {
            throw error(.paymentTypeCode, "WEB debits need payment type code S (single) or R (recurring)")
        }
        let sequence = Int(trace.suffix(7))!
        var addenda: [AddendaRecord] = []
        addenda.reserveCapacity(e.addenda.count)
        for (i, info) in e.addenda.enumerated() {
            addenda.append(
                .paymentRelated(
                    PaymentRelatedAddenda(
                        paymentInformation: try text(info, 80, "addenda \(i + 1)"), sequenceNumber: i + 1,
                        entrySequenceNumber: sequence)))
        }
        let detail = EntryDetailRecord(
            transactionCode: e.transactionCode, rdfiRoutingNumber: try routing(e.routingNumber, "RDFI routing number"),
            accountNumber: try text(e.accountNumber, 17, "account number", required: true),
            amount: e.amountCents,
            identificationNumber: try text(e.receiverID, 15, "receiver identification"),
            receiverName: try text(
                e.receiverName, ctx ? 16 : 22, "receiver name", required: sec.isConsumer || ctx),
            discretionaryData: payment, addendaRecordIndicator: addenda.isEmpty ? 0 : 1, traceNumber: trace,
            ctxAddendaCount: ctx ? addenda.count : nil)
        return NACHAEntry(detail: detail, addenda: addenda)
    }

    private func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }

    private func sevenDigits(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, 7 - s.utf8.count)) + s
    }
}
