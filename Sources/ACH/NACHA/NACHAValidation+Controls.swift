/// Addenda records and the batch control: the records that close over an entry or a batch.
extension NACHAValidation {
    mutating func addenda(_ index: Int, _ r: RecordView, damaged: Bool) {
        if afterFileControl(index, "addenda") { return }
        requireStarted(index)
        guard phase == .inBatch, let b = batch else {
            return outOfOrder(index, "addenda", "outside a batch (no batch header before it)")
        }
        guard var e = entry else {
            return outOfOrder(index, "addenda", "no entry detail record before it in this batch")
        }
        summary.addenda += 1
        b.records += 1
        if damaged {
            b.broken = true
            e.otherAddenda += 1
        } else {
            checkAddenda(index, r, &e, b)
        }
        entry = e
    }

    private mutating func checkAddenda(_ index: Int, _ r: RecordView, _ e: inout Entry, _ b: Batch) {
        typealias L = AddendaLayout
        let kind = "addenda"
        let type = r.int(L.typeCode)
        let entryView = view(e.index)
        func belongs(_ allowed: Bool, _ what: String) {
            if b.secKnown && !allowed {
                add(
                    index, .addendaType,
                    "\(kind): \(what) addenda (type \(r.raw(L.typeCode))) do not belong in a \(b.sec) batch")
            }
        }
        func sameTrace() {
            if !r.equal(L.traceNumber, entryView, EntryLayout.traceNumber) {
                add(
                    index, .addendaSequence,
                    "\(kind): trace number \(r.raw(L.traceNumber)) is not its entry's trace number")
            }
        }
        func entrySequence() {
            if let sequence = e.traceSequence, r.int(L.entrySequenceNumber) != sequence {
                add(
                    index, .addendaSequence,
                    "\(kind): entry detail sequence number \"\(r.raw(L.entrySequenceNumber))\" does not match "
                        + "the entry's trace number")
            }
        }
        switch type {
        case 5:
            e.paymentAddenda += 1
            belongs(b.sec != .cor && b.sec != .iat, "payment related (05)")
            if r.int(L.sequenceNumber) != e.paymentAddenda {
                add(
                    index, .addendaSequence,
                    "\(kind): addenda sequence number \"\(r.raw(L.sequenceNumber))\" should be \(e.paymentAddenda)")
            }
            entrySequence()
        case 98, 99:
            e.returnAddenda += 1
            let noc = type == 98
            belongs(noc == (b.sec == .cor), noc ? "notification of change (98)" : "return (99)")
            let reason = r.raw(L.reasonCode)
            if noc ? !NACHAReasonCodes.isValidChangeCode(reason) : !NACHAReasonCodes.isValidReturnCode(reason) {
                let what = noc ? "change code" : "return reason code"
                add(
                    index, noc ? .changeCode : .returnReasonCode,
                    "\(kind): \(what) \"\(r.raw(L.reasonCode))\" is not a NACHA \(what)")
            }
            if let code = e.code, code.kind != .returnOrNotification {
                add(
                    index, .addendaType,
                    "\(kind): type \(type!) addenda follows transaction code \(code), not a return/NOC code")
            }
            sameTrace()
        case 2:
            e.otherAddenda += 1
            belongs(["POS", "SHR", "MTE"].contains(b.sec), "point-of-sale (02)")
            sameTrace()
        case .some(10...18):
            e.otherAddenda += 1
            belongs(b.isIAT, "IAT")
            entrySequence()
        default:
            e.otherAddenda += 1
            add(index, .addendaType, "\(kind): addenda type code \"\(r.raw(L.typeCode))\" is not a NACHA addenda type")
        }
    }

    mutating func batchControl(_ index: Int, _ r: RecordView, damaged: Bool) {
        if afterFileControl(index, "batch control") { return }
        requireStarted(index)
        guard phase == .inBatch, let _ = batch else {
            return outOfOrder(index, "batch control", "no batch header opens this batch")
        }
        finishEntry()
        let b = batch!
        batch = nil
        phase = .betweenBatches
        closeTraceRange(b)
        if b.entries == 0 {
            add(index, .batchEmpty, "batch control: the batch that starts at line \(b.line) has no entries")
        }
        if damaged || b.broken {
            sums.known = false
            return
        }
        checkBatchControl(index, r, b)
    }

    private mutating func checkBatchControl(_ index: Int, _ r: RecordView, _ b: Batch) {
        typealias L = BatchControlLayout
        let kind = "batch control"
        let header = view(b.index)
        func number(_ field: NACHAField, _ name: String) -> Int64? {
            if let n = r.number(field) { return n }
            add(index, .numericField, "\(kind): \(name) \"\(r.raw(field))\" is not numeric")
            sums.known = false
            return nil
        }
        let serviceClass = number(L.serviceClass, "service class code")
        if let serviceClass, let expected = b.serviceClass {
            if serviceClass != expected {
                add(
                    index, .batchServiceClass,
                    "\(kind): service class code \(serviceClass) differs from the batch header's \(expected)")
            }
            if expected == 220, let line = b.firstDebitLine {
                add(
                    NACHAProblem(
                        line: line, code: .batchServiceClass,
                        message:
                            "entry detail: the batch is credits only (220) but \(b.debits) entries debit, the first here"
                    ))
            } else if expected == 225, let line = b.firstCreditLine {
                add(
                    NACHAProblem(
                        line: line, code: .batchServiceClass,
                        message:
                            "entry detail: the batch is debits only (225) but \(b.credits) entries credit, the first here"
                    ))
            }
        }
        if let count = number(L.entryAddendaCount, "entry/addenda count") {
            sums.records += Int(count)
            if count != b.records {
                add(
                    index, .batchEntryCount,
                    "\(kind): entry/addenda count \(count) does not match the \(b.records) records in the batch")
            }
        }
        if let hash = number(L.entryHash, "entry hash") {
            sums.hash = (sums.hash + hash) % NACHAControlMath.hashModulus
            if b.hashKnown && hash != b.hash {
                add(
                    index, .batchEntryHash,
                    "\(kind): entry hash \(tenDigits(hash)) does not match computed \(tenDigits(b.hash))")
            }
        }
        if let debit = number(L.totalDebit, "total debit amount") {
            sums.debit += debit
            if b.totalsKnown && debit != b.debit {
                add(index, .batchTotalDebit, "\(kind): total debit \(debit) does not match the entries' \(b.debit)")
            }
        }
        if let credit = number(L.totalCredit, "total credit amount") {
            sums.credit += credit
            if b.totalsKnown && credit != b.credit {
                add(index, .batchTotalCredit, "\(kind): total credit \(credit) does not match the entries' \(b.credit)")
            }
        }
        // IAT batch controls commonly leave the company identification blank.
        let controlID = r.raw(L.companyIdentification).nachaTrimmed
        let headerID = header.raw(BatchHeaderLayout.companyIdentification).nachaTrimmed
        // A blank header identification is reported already; IAT controls often leave it blank.
        if controlID != headerID && !headerID.isEmpty && !(b.isIAT && controlID.isEmpty) {
            add(index, .batchCompanyIdentification, "\(kind): company identification differs from the batch header's")
        }
        if b.odfiValid && !r.equal(L.odfiIdentification, header, BatchHeaderLayout.odfiIdentification) {
            let expected = header.raw(BatchHeaderLayout.odfiIdentification)
            add(
                index, .batchODFI,
                "\(kind): ODFI identification \(r.raw(L.odfiIdentification)) differs from the batch header's \(expected)"
            )
        }
        if let number = number(L.batchNumber, "batch number"), let expected = b.number, number != expected {
            add(
                index, .batchNumberMismatch,
                "\(kind): batch number \(number) differs from the batch header's \(expected)")
        }
    }
}
