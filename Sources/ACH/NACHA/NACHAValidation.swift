/// The validator's walk over the records: record order, batch and entry bookkeeping, and the
/// control comparisons. Field checks live in `+Headers`, `+Entries` and `+Controls`.
struct NACHAValidation {
    enum Phase { case start, betweenBatches, inBatch, afterFileControl }

    /// What we know about the open batch. A class so the per-entry checks can update it while
    /// also reporting through `self`, without copying it for every entry.
    final class Batch {
        let index: Int
        let line: Int
        let sec: SECCode
        // Facts about the SEC code, worked out once per batch rather than per entry.
        let secKnown: Bool
        let isIAT: Bool
        let isCTX: Bool
        let isWEB: Bool
        let isConsumer: Bool
        let maximumAddenda: Int
        /// Bit n set when transaction code n (0–99) is allowed in this batch. Two words rather
        /// than a `UInt128`, which older macOS deployment targets lack.
        let allowedCodes: (low: UInt64, high: UInt64)

        var serviceClass: Int?
        var number: Int?
        /// Trace numbers are compared with the ODFI only when the header's ODFI is digits.
        var odfiValid = false
        /// A record out of order inside it: its control totals mean nothing, skip them.
        var broken = false
        var records = 0
        var entries = 0
        var hash: Int64 = 0
        var hashKnown = true
        var debit: Int64 = 0
        var credit: Int64 = 0
        var totalsKnown = true
        var lastTrace: Int64?
        var minTrace = Int64.max
        var maxTrace = Int64.min
        var firstDebitLine: Int?
        var debits = 0
        var firstCreditLine: Int?
        var credits = 0

        init(index: Int, line: Int, sec: SECCode) {
            self.index = index
            self.line = line
            self.sec = sec
            secKnown = sec.isKnown
            isIAT = sec == .iat
            isCTX = sec == .ctx
            isWEB = sec == .web
            isConsumer = sec.isConsumer
            maximumAddenda = sec.maximumAddenda
            var allowed: (low: UInt64, high: UInt64) = (0, 0)
            for code in 0..<100 where TransactionCode(code).isAllowed(in: sec) {
                if code < 64 { allowed.low |= 1 << code } else { allowed.high |= 1 << (code - 64) }
            }
            allowedCodes = allowed
        }

        func allows(_ code: Int) -> Bool {
            code < 64 ? allowedCodes.low & (1 << code) != 0 : allowedCodes.high & (1 << (code - 64)) != 0
        }
    }

    /// What we know about the entry whose addenda may follow.
    struct Entry {
        var index: Int
        var line: Int
        var code: TransactionCode?
        var indicator: Int?
        var traceSequence: Int?
        var ctxCount: Int?
        /// 05 records.
        var paymentAddenda = 0
        /// 98 and 99 records.
        var returnAddenda = 0
        var otherAddenda = 0

        var addenda: Int { paymentAddenda + returnAddenda + otherAddenda }
    }

    /// Sums of the batch control records, which the file control must repeat.
    struct ControlSums {
        var records = 0
        var hash: Int64 = 0
        var debit: Int64 = 0
        var credit: Int64 = 0
        var known = true
    }

    let lines: NACHALines
    let options: NACHAValidator.Options
    /// Set for the duration of `run`.
    var records = NACHARecords(buffer: UnsafeBufferPointer(start: nil, count: 0), stride: 0, count: 0)
    var problems: [NACHAProblem] = []
    var errorCount = 0
    var warningCount = 0
    var summary = NACHAValidationReport.Summary()

    var phase = Phase.start
    var structureBroken = false
    var batch: Batch?
    var entry: Entry?
    var sums = ControlSums()
    var fileControlIndex: Int?
    var fillers = 0
    /// Something other than padding after the file control: the file's end is in doubt, so
    /// padding and block count are not judged.
    var trailingRecords = false
    var lastBatchNumber: Int?
    /// Each batch's smallest and largest trace number: duplicates are searched for only when
    /// two ranges overlap, which keeps a clean million-entry file free of a million hash inserts.
    var traceRanges: [(min: Int64, max: Int64)] = []
    var tracesNeedFullCheck = false

    init(lines: NACHALines, options: NACHAValidator.Options) {
        self.lines = lines
        self.options = options
        for problem in lines.problems { add(problem) }
    }

    var slack: NACHAProblem.Severity { options.mode == .strict ? .error : .warning }

    mutating func add(_ problem: NACHAProblem) {
        if problem.severity == .error { errorCount += 1 } else { warningCount += 1 }
        if problems.count < options.maximumProblems { problems.append(problem) }
    }

    mutating func add(
        _ index: Int, _ code: NACHAProblem.Code, _ message: String, _ severity: NACHAProblem.Severity = .error
    ) {
        add(NACHAProblem(line: lines.line(index), code: code, severity: severity, message: message))
    }

    func view(_ index: Int) -> RecordView { records[index] }

    func report(unreadable: Bool) -> NACHAValidationReport {
        let verdict: NACHAValidationReport.Verdict = unreadable ? .unreadable : (errorCount == 0 ? .valid : .invalid)
        // File order; problems of the whole file (no line) last. The sort is stable.
        let ordered = problems.enumerated().sorted {
            ($0.element.line ?? Int.max, $0.offset) < ($1.element.line ?? Int.max, $1.offset)
        }.map(\.element)
        return NACHAValidationReport(
            verdict: verdict, mode: options.mode, problems: ordered, errorCount: errorCount,
            warningCount: warningCount, summary: summary)
    }

    mutating func run(_ records: NACHARecords) {
        self.records = records
        summary.records = lines.count
        guard lines.count > 0 else { return }
        let anyDamaged = !lines.damaged.isEmpty
        for index in 0..<lines.count {
            let record = view(index)
            let damaged = anyDamaged && lines.damaged.contains(index)
            if let (column, byte) = record.firstInvalidCharacter {
                let hex = String(byte, radix: 16, uppercase: true)
                add(index, .invalidCharacter, "record: byte 0x\(hex) at column \(column) is not printable ASCII")
            }
            switch record.recordType {
            case UInt8(ascii: "1"): fileHeader(index, record, damaged: damaged)
            case UInt8(ascii: "5"): batchHeader(index, record, damaged: damaged)
            case UInt8(ascii: "6"): entryDetail(index, record, damaged: damaged)
            case UInt8(ascii: "7"): addenda(index, record, damaged: damaged)
            case UInt8(ascii: "8"): batchControl(index, record, damaged: damaged)
            case UInt8(ascii: "9"): nineRecord(index, record, damaged: damaged)
            default:
                if afterFileControl(index, "record") { continue }
                let type = String(decoding: [record.recordType], as: UTF8.self)
                add(index, .recordType, "record: type \"\(type)\" is not a NACHA record type (1, 5, 6, 7, 8, 9)")
                structureBroken = true
                batch?.broken = true
            }
        }
        finish()
    }

    // MARK: Record order

    /// Records other than the file header arriving before it: report the missing header once and
    /// carry on as if it had been there, so the rest of the file is still checked.
    mutating func requireStarted(_ index: Int) {
        guard phase == .start else { return }
        add(index, .fileHeaderMissing, "file header: the first record must be the file header (type 1)")
        structureBroken = true
        phase = .betweenBatches
    }

    /// A record that cannot go where it is; it is skipped.
    mutating func outOfOrder(_ index: Int, _ what: String, _ context: String) {
        add(index, .recordOutOfOrder, "\(what): \(context)")
        structureBroken = true
        batch?.broken = true
    }

    /// Records after the file control other than `9…9` padding.
    mutating func afterFileControl(_ index: Int, _ what: String) -> Bool {
        guard phase == .afterFileControl else { return false }
        add(index, .recordAfterFileControl, "\(what): only 9-filler lines may follow the file control")
        structureBroken = true
        trailingRecords = true
        return true
    }

    mutating func fileHeader(_ index: Int, _ record: RecordView, damaged: Bool) {
        if afterFileControl(index, "file header") { return }
        guard phase == .start else {
            let context = index == 0 ? "" : " (a file has one file header, and it comes first)"
            return outOfOrder(index, "file header", "out of place\(context)")
        }
        phase = .betweenBatches
        if !damaged { checkFileHeader(index, record) }
    }

    mutating func nineRecord(_ index: Int, _ record: RecordView, damaged: Bool) {
        if record.isFiller && phase == .afterFileControl {
            fillers += 1
            return
        }
        if record.isFiller && fileControlIndex == nil {
            // Padding where the file control should be: say so once, then treat the rest as padding.
            closeOpenBatch(index)
            add(index, .fileControlMissing, "file control: padding begins but there is no file control record")
            structureBroken = true
            phase = .afterFileControl
            fillers += 1
            return
        }
        if afterFileControl(index, "file control") { return }
        requireStarted(index)
        closeOpenBatch(index)
        phase = .afterFileControl
        fileControlIndex = index  // its fields are checked in `finish`, once all sums are known
    }

    /// A batch still open when a batch header or the file control arrives has lost its control.
    mutating func closeOpenBatch(_ index: Int) {
        guard let open = batch else { return }
        finishEntry()
        add(
            index, .batchControlMissing,
            "batch control: the batch that starts at line \(open.line) has no batch control before this record")
        structureBroken = true
        closeTraceRange(open)
        batch = nil
        phase = .betweenBatches
    }

    mutating func finish() {
        findDuplicateTraces()
        let lastIndex = lines.count - 1
        if phase == .start {
            // Nothing recognisable at all (every record of an unknown type).
            add(0, .fileHeaderMissing, "file header: the file has no file header record")
            structureBroken = true
        }
        if phase == .inBatch, let open = batch {
            finishEntry()
            add(
                lastIndex, .batchControlMissing,
                "batch control: the batch that starts at line \(open.line) is not closed by a batch control")
            structureBroken = true
        }
        guard let controlIndex = fileControlIndex else {
            if phase != .afterFileControl {
                add(lastIndex, .fileControlMissing, "file control: the file does not end with a file control record")
                structureBroken = true
            }
            return
        }
        checkFileTotals(controlIndex, view(controlIndex), damaged: lines.damaged.contains(controlIndex))
    }
}
