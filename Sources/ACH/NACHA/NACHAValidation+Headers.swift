/// Field checks of the file header, batch header and file control, and the file-level totals.
extension NACHAValidation {
    mutating func checkFileHeader(_ index: Int, _ r: RecordView) {
        typealias L = FileHeaderLayout
        let kind = "file header"
        if r.int(L.priorityCode) != 1 {
            add(index, .priorityCode, "\(kind): priority code \"\(r.raw(L.priorityCode))\" must be 01")
        }
        let destination = r.raw(L.immediateDestination).nachaTrimmed
        if RoutingNumber.isNineDigits(destination) {
            if let expected = RoutingNumber.checkDigit(for: destination.prefix(8)),
                Int(destination.utf8.last! - NACHAByte.zero) != expected
            {
                add(
                    index, .immediateDestination,
                    "\(kind): immediate destination check digit \(destination.suffix(1)) does not match computed \(expected)"
                )
            }
        } else if !(destination.utf8.count == 10 && destination.utf8.allSatisfy({ $0 &- NACHAByte.zero < 10 })) {
            add(
                index, .immediateDestination,
                "\(kind): immediate destination \"\(r.raw(L.immediateDestination))\" is not a routing number (b + 9 digits)"
            )
        }
        if r.isBlank(L.immediateOrigin) {
            add(index, .immediateOrigin, "\(kind): immediate origin is blank")
        }
        if !r.isDate(L.creationDate) {
            add(
                index, .fileCreationDate,
                "\(kind): file creation date \"\(r.raw(L.creationDate))\" is not a real YYMMDD date")
        }
        if !r.isBlank(L.creationTime) && !r.isTime(L.creationTime) {
            add(index, .fileCreationTime, "\(kind): file creation time \"\(r.raw(L.creationTime))\" is not HHMM")
        }
        let modifier = r.byte(L.fileIDModifier)
        if !((modifier >= 0x41 && modifier <= 0x5A) || modifier &- NACHAByte.zero < 10) {
            add(index, .fileIDModifier, "\(kind): file ID modifier \"\(r.raw(L.fileIDModifier))\" must be A–Z or 0–9")
        }
        if r.int(L.recordSize) != 94 {
            add(index, .recordSize, "\(kind): record size \"\(r.raw(L.recordSize))\" must be 094")
        }
        if r.int(L.blockingFactor) != 10 {
            add(index, .blockingFactor, "\(kind): blocking factor \"\(r.raw(L.blockingFactor))\" must be 10")
        }
        if r.byte(L.formatCode) != UInt8(ascii: "1") {
            add(index, .formatCode, "\(kind): format code \"\(r.raw(L.formatCode))\" must be 1")
        }
    }

    mutating func batchHeader(_ index: Int, _ r: RecordView, damaged: Bool) {
        if afterFileControl(index, "batch header") { return }
        requireStarted(index)
        if phase == .inBatch { closeOpenBatch(index) }
        finishEntry()
        phase = .inBatch
        summary.batches += 1
        let open = Batch(
            index: index, line: lines.line(index), sec: SECCode(rawValue: r.raw(BatchHeaderLayout.secCode)))
        if damaged {
            open.broken = true
        } else {
            checkBatchHeader(index, r, open)
        }
        batch = open
    }

    private mutating func checkBatchHeader(_ index: Int, _ r: RecordView, _ b: Batch) {
        typealias L = BatchHeaderLayout
        let kind = "batch header"
        if let code = r.int(L.serviceClass), ServiceClassCode(code).isDefined {
            b.serviceClass = code
        } else {
            add(
                index, .serviceClassCode,
                "\(kind): service class code \"\(r.raw(L.serviceClass))\" must be 200, 220, 225 or 280")
        }
        if !b.secKnown {
            add(index, .secCode, "\(kind): SEC code \"\(b.sec)\" is not a NACHA standard entry class code")
        }
        // IAT headers carry other fields in these positions.
        if !b.isIAT {
            if r.isSpacesOrZeros(L.companyName) {
                add(
                    index, .companyName,
                    "\(kind): company name \"\(r.raw(L.companyName))\" contains only spaces and zeros")
            }
            if r.isBlank(L.companyIdentification) {
                add(index, .companyIdentification, "\(kind): company identification is blank")
            }
        }
        if r.isSpacesOrZeros(L.entryDescription) {
            add(
                index, .entryDescription,
                "\(kind): company entry description \"\(r.raw(L.entryDescription))\" contains only spaces and zeros")
        }
        // Notifications of change and enrollments move no money: no settlement day to name.
        let settles = b.sec != .cor && b.sec != .enr
        if !r.isDate(L.effectiveDate) && (settles || !r.isSpacesOrZeros(L.effectiveDate)) {
            add(
                index, .effectiveDate,
                "\(kind): effective entry date \"\(r.raw(L.effectiveDate))\" is not a real YYMMDD date")
        }
        let status = r.byte(L.originatorStatus)
        if status != UInt8(ascii: "0") && status != UInt8(ascii: "1") && status != UInt8(ascii: "2") {
            add(
                index, .originatorStatusCode,
                "\(kind): originator status code \"\(r.raw(L.originatorStatus))\" must be 0, 1 or 2")
        }
        b.odfiValid = r.isDigits(L.odfiIdentification)
        if !b.odfiValid {
            add(
                index, .odfiIdentification,
                "\(kind): ODFI identification \"\(r.raw(L.odfiIdentification))\" is not 8 digits")
        }
        if let number = r.int(L.batchNumber) {
            b.number = number
            if let last = lastBatchNumber, number <= last {
                add(
                    index, .batchNumber,
                    "\(kind): batch number \(number) is not greater than the previous batch's \(last)")
            }
            lastBatchNumber = number
        } else {
            add(index, .batchNumber, "\(kind): batch number \"\(r.raw(L.batchNumber))\" is not numeric")
        }
    }

    mutating func checkFileTotals(_ index: Int, _ r: RecordView, damaged: Bool) {
        typealias L = FileControlLayout
        let kind = "file control"
        guard !damaged else { return }
        func number(_ field: NACHAField, _ name: String) -> Int64? {
            if let n = r.number(field) { return n }
            add(index, .numericField, "\(kind): \(name) \"\(r.raw(field))\" is not numeric")
            return nil
        }
        let batchCount = number(L.batchCount, "batch count")
        let blockCount = number(L.blockCount, "block count")
        let entryCount = number(L.entryAddendaCount, "entry/addenda count")
        let hash = number(L.entryHash, "entry hash")
        let debit = number(L.totalDebit, "total debit amount")
        let credit = number(L.totalCredit, "total credit amount")

        let records = lines.count
        let blocks = (records + NACHALayout.blockingFactor - 1) / NACHALayout.blockingFactor
        if let blockCount, blockCount != blocks, !trailingRecords {
            add(
                index, .fileBlockCount,
                "\(kind): block count \(blockCount) does not match the \(blocks) block(s) of ten that "
                    + "the file's \(records) records fill")
        }
        let lastIndex = records - 1
        if trailingRecords {
            // Reported already; block arithmetic on a file whose end is unclear only adds noise.
        } else if records % NACHALayout.blockingFactor != 0 {
            let missing = NACHALayout.blockingFactor - records % NACHALayout.blockingFactor
            add(
                lastIndex, .padding,
                "file: \(records) records; the last block needs \(missing) more 9-filler line(s)", slack)
        } else if fillers >= NACHALayout.blockingFactor {
            add(lastIndex, .padding, "file: \(fillers) 9-filler lines, more than the last block needs", slack)
        }
        guard !structureBroken && sums.known else { return }
        if let batchCount, batchCount != summary.batches {
            add(
                index, .fileBatchCount,
                "\(kind): batch count \(batchCount) does not match the \(summary.batches) batches in the file")
        }
        if let entryCount, entryCount != sums.records {
            add(
                index, .fileEntryCount,
                "\(kind): entry/addenda count \(entryCount) does not match the batch controls' \(sums.records)")
        }
        if let hash, hash != sums.hash {
            add(
                index, .fileEntryHash,
                "\(kind): entry hash \(tenDigits(hash)) does not match the batch controls' \(tenDigits(sums.hash))")
        }
        if let debit, debit != sums.debit {
            add(
                index, .fileTotalDebit, "\(kind): total debit \(debit) does not match the batch controls' \(sums.debit)"
            )
        }
        if let credit, credit != sums.credit {
            add(
                index, .fileTotalCredit,
                "\(kind): total credit \(credit) does not match the batch controls' \(sums.credit)")
        }
    }

    func tenDigits(_ n: Int64) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, 10 - s.count)) + s
    }
}

extension RecordView {
    /// `YYMMDD` naming a real day (years 2000–2099).
    func isDate(_ field: NACHAField) -> Bool {
        guard isDigits(field), let n = int(field) else { return false }
        return CalendarDate(year: 2000 + n / 10_000, month: n / 100 % 100, day: n % 100) != nil
    }

    /// `HHMM` on a 24-hour clock.
    func isTime(_ field: NACHAField) -> Bool {
        guard isDigits(field), let n = int(field) else { return false }
        return n / 100 < 24 && n % 100 < 60
    }
}

extension String {
    var nachaTrimmed: Substring {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
