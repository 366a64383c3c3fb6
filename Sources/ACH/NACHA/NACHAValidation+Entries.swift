/// Entry detail records: field checks, trace numbers, and the checks that need all of an entry's addenda.
extension NACHAValidation {
    mutating func entryDetail(_ index: Int, _ r: RecordView, damaged: Bool) {
        if afterFileControl(index, "entry detail") { return }
        requireStarted(index)
        guard phase == .inBatch, batch != nil else {
            return outOfOrder(index, "entry detail", "outside a batch (no batch header before it)")
        }
        finishEntry()
        summary.entries += 1
        let b = batch!
        b.records += 1
        b.entries += 1
        var e = Entry(index: index, line: lines.line(index))
        if damaged {
            b.broken = true
        } else {
            checkEntry(index, r, &e, b)
        }
        entry = e
    }

    private mutating func checkEntry(_ index: Int, _ r: RecordView, _ e: inout Entry, _ b: Batch) {
        typealias L = EntryLayout
        let kind = "entry detail"
        if let value = r.int(L.transactionCode), TransactionCode(value).isDefined {
            let code = TransactionCode(value)
            e.code = code
            if b.secKnown && !b.allows(value) {
                let why = b.sec == .tel ? " (TEL is debit only)" : ""
                add(
                    index, .transactionCodeForSEC,
                    "\(kind): transaction code \(code) is not allowed in a \(b.sec) batch\(why)")
            }
            if code.isDebit {
                b.debits += 1
                if b.firstDebitLine == nil { b.firstDebitLine = e.line }
            } else {
                b.credits += 1
                if b.firstCreditLine == nil { b.firstCreditLine = e.line }
            }
        } else {
            add(
                index, .transactionCode,
                "\(kind): transaction code \"\(r.raw(L.transactionCode))\" is not a NACHA transaction code")
            b.totalsKnown = false
        }
        checkRouting(index, r, b)
        if !b.isIAT && r.isBlank(L.accountNumber) {
            add(index, .accountNumber, "\(kind): DFI account number is blank")
        }
        if let amount = r.number(L.amount) {
            if let code = e.code {
                if code.isDebit {
                    b.debit += amount
                    summary.totalDebitCents += amount
                } else {
                    b.credit += amount
                    summary.totalCreditCents += amount
                }
                if code.requiresZeroAmount && amount != 0 {
                    add(
                        index, .zeroAmountRequired,
                        "\(kind): transaction code \(code) (\(code.kind!.rawValue)) requires a zero amount")
                }
            }
        } else {
            // Not quoted: on a shifted line the amount field holds digits of the account number.
            add(index, .amount, "\(kind): amount (positions 30–39) is not numeric")
            b.totalsKnown = false
        }
        if let code = e.code, code.kind != .returnOrNotification {
            if b.isCTX && r.isSpacesOrZeros(L.ctxReceiverName) {
                add(index, .receiverName, "\(kind): receiving company name is required in a CTX entry")
            } else if b.isConsumer && r.isSpacesOrZeros(L.receiverName) {
                add(
                    index, .receiverName,
                    "\(kind): individual name is required in a \(b.sec) entry (only spaces and zeros)")
            }
            if b.isWEB && code.kind == .live && code.isDebit {
                let type = r.byte(L.discretionaryData)
                if type != UInt8(ascii: "S") && type != UInt8(ascii: "R") {
                    add(
                        index, .paymentTypeCode,
                        "\(kind): WEB debit payment type code \"\(r.raw(L.discretionaryData))\" must be S or R")
                }
            }
        }
        if let indicator = r.int(L.addendaIndicator) {
            e.indicator = indicator
            if indicator > 1 {
                add(index, .addendaIndicator, "\(kind): addenda record indicator \(indicator) must be 0 or 1")
            }
        } else {
            add(
                index, .addendaIndicator,
                "\(kind): addenda record indicator \"\(r.raw(L.addendaIndicator))\" must be 0 or 1")
        }
        if b.isCTX {
            e.ctxCount = r.int(L.ctxAddendaCount)
            if e.ctxCount == nil {
                add(
                    index, .ctxAddendaCount,
                    "\(kind): number of addenda records \"\(r.raw(L.ctxAddendaCount))\" is not numeric")
            }
        }
        checkTrace(index, r, &e, b)
    }

    private mutating func checkRouting(_ index: Int, _ r: RecordView, _ b: Batch) {
        typealias L = EntryLayout
        guard let rdfi = r.number(L.rdfiIdentification) else {
            add(
                index, .rdfiIdentification,
                "entry detail: RDFI identification \"\(r.raw(L.rdfiIdentification))\" is not 8 digits")
            b.hashKnown = false
            return
        }
        b.hash = (b.hash + rdfi) % NACHAControlMath.hashModulus
        let weights = [3, 7, 1, 3, 7, 1, 3, 7]
        var sum = 0
        for i in 0..<8 { sum += Int(r.bytes[L.rdfiIdentification.offset + i] - NACHAByte.zero) * weights[i] }
        let expected = (10 - sum % 10) % 10
        let digit = r.byte(L.checkDigit) &- NACHAByte.zero
        if digit >= 10 {
            add(index, .rdfiCheckDigit, "entry detail: RDFI check digit \"\(r.raw(L.checkDigit))\" is not a digit")
        } else if Int(digit) != expected {
            add(index, .rdfiCheckDigit, "entry detail: RDFI check digit \(digit) does not match computed \(expected)")
        }
    }

    private mutating func checkTrace(_ index: Int, _ r: RecordView, _ e: inout Entry, _ b: Batch) {
        typealias L = EntryLayout
        guard let trace = r.number(L.traceNumber) else {
            add(index, .traceNumber, "entry detail: trace number \"\(r.raw(L.traceNumber))\" is not 15 digits")
            return
        }
        b.minTrace = min(b.minTrace, trace)
        b.maxTrace = max(b.maxTrace, trace)
        e.traceSequence = Int(trace % 10_000_000)
        if b.odfiValid && !r.equal(L.traceODFI, view(b.index), BatchHeaderLayout.odfiIdentification) {
            let odfi = view(b.index).raw(BatchHeaderLayout.odfiIdentification)
            add(
                index, .traceODFI,
                "entry detail: trace number begins with \(r.raw(L.traceODFI)), not the batch header's ODFI \(odfi)")
        }
        if let last = b.lastTrace, trace <= last {
            add(
                index, .traceOrder,
                "entry detail: trace number \(r.raw(L.traceNumber)) is not greater than the previous entry's")
            tracesNeedFullCheck = true
        }
        b.lastTrace = trace
    }

    /// Called as a batch closes, however it closes.
    mutating func closeTraceRange(_ b: Batch) {
        if b.minTrace <= b.maxTrace { traceRanges.append((b.minTrace, b.maxTrace)) }
    }

    /// Trace numbers must be unique in a file (SPEC §5: per ODFI per day). moov-io/ach accepts
    /// repeats, and NACHA words it as identifying an entry within a batch, so a repeat is a
    /// warning. Within a batch, ascending order already rules repeats out; across batches only
    /// overlapping ranges need the exact search.
    mutating func findDuplicateTraces() {
        if !tracesNeedFullCheck && !structureBroken {
            var highest = Int64.min
            var overlap = false
            for range in traceRanges.sorted(by: { $0.min < $1.min }) {
                if range.min <= highest {
                    overlap = true
                    break
                }
                highest = max(highest, range.max)
            }
            if !overlap { return }
        }
        var seen = Set<Int64>()
        for index in 0..<records.count where records[index].recordType == UInt8(ascii: "6") {
            let r = records[index]
            if let trace = r.number(EntryLayout.traceNumber), !seen.insert(trace).inserted {
                add(
                    index, .traceDuplicate,
                    "entry detail: trace number \(r.raw(EntryLayout.traceNumber)) is already used by an earlier entry",
                    .warning)
            }
        }
    }

    /// Checks that need all of an entry's addenda; runs when the next record arrives.
    mutating func finishEntry() {
        guard let e = entry, let b = batch else { return }
        entry = nil
        let index = e.index
        let kind = "entry detail"
        if let indicator = e.indicator {
            if indicator == 1 && e.addenda == 0 {
                add(index, .addendaIndicator, "\(kind): addenda record indicator is 1 but no addenda record follows")
            } else if indicator == 0 && e.addenda > 0 {
                add(
                    index, .addendaIndicator,
                    "\(kind): addenda record indicator is 0 but \(e.addenda) addenda record(s) follow")
            }
        }
        if b.secKnown && e.paymentAddenda > b.maximumAddenda {
            add(
                index, .addendaCount,
                "\(kind): \(e.paymentAddenda) payment related addenda records; a \(b.sec) entry carries at most "
                    + "\(b.maximumAddenda)")
        }
        if let code = e.code, code.kind == .returnOrNotification, e.returnAddenda == 0 {
            let type = b.sec == .cor ? "notification of change (98)" : "return (99)"
            add(index, .addendaCount, "\(kind): transaction code \(code) needs a \(type) addenda record")
        } else if e.returnAddenda > 1 {
            add(index, .addendaCount, "\(kind): \(e.returnAddenda) return/NOC addenda records; an entry carries one")
        }
        if let count = e.ctxCount, count != e.addenda {
            add(index, .ctxAddendaCount, "\(kind): number of addenda records says \(count) but \(e.addenda) follow")
        }
    }
}
