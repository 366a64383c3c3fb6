/// Assembles a complete, valid NACHA file from what the delivery code knows: who sends to whom,
/// and batches of entries. It fills in everything derived — service class codes, addenda
/// indicators and sequence numbers, CTX addenda counts, trace numbers, batch and file controls,
/// block count — and rejects input that cannot be written as NACHA (a name too long, a bad
/// routing number, a transaction code the SEC code forbids) with a `NACHAError` instead of
/// truncating it. Its output passes `NACHAValidator` in strict mode.
///
///     var builder = NACHAFileBuilder(header: .init(
///         immediateDestination: "231380104", immediateDestinationName: "Federal Reserve Bank",
///         immediateOrigin: "121042882", immediateOriginName: "My Bank",
///         creationDate: today, creationHour: 10, creationMinute: 55, fileIDModifier: "A"))
///     builder.add(.init(companyName: "Acme", companyIdentification: "1234567890", secCode: .ppd,
///         entryDescription: "PAYROLL", effectiveDate: tomorrow, odfiIdentification: "12104288",
///         entries: [.init(transactionCode: .checkingCredit, routingNumber: "231380104",
///             accountNumber: account, amountCents: 100_00, receiverName: "Jane Doe", traceSequence: 1)]))
///     let bytes = try builder.build().bytes()
public struct NACHAFileBuilder: Sendable, Hashable {
    public struct Header: Sendable, Hashable {
        /// A 9-digit routing number (written with the customary leading space) or 10 characters.
        public var immediateDestination: String
        public var immediateDestinationName: String
        /// A 9-digit routing number (leading space added) or a 10-character identification.
        public var immediateOrigin: String
        public var immediateOriginName: String
        public var creationDate: CalendarDate
        public var creationHour: Int
        public var creationMinute: Int
        /// `A`–`Z` or `0`–`9`.
        public var fileIDModifier: Character
        public var referenceCode: String

        public init(
            immediateDestination: String, immediateDestinationName: String, immediateOrigin: String,
            immediateOriginName: String, creationDate: CalendarDate, creationHour: Int, creationMinute: Int,
            fileIDModifier: Character, referenceCode: String = ""
        ) {
            self.immediateDestination = immediateDestination
            self.immediateDestinationName = immediateDestinationName
            self.immediateOrigin = immediateOrigin
            self.immediateOriginName = immediateOriginName
            self.creationDate = creationDate
            self.creationHour = creationHour
            self.creationMinute = creationMinute
            self.fileIDModifier = fileIDModifier
            self.referenceCode = referenceCode
        }
    }

    public struct Batch: Sendable, Hashable {
        public var companyName: String
        public var companyDiscretionaryData: String
        public var companyIdentification: String
        public var secCode: SECCode
        public var entryDescription: String
        /// Shown to the receiver. Nil: `SD` + `sameDayWindow` for same-day batches, else blank.
        public var descriptiveDate: String?
        public var effectiveDate: CalendarDate
        /// Same Day ACH. NACHA recognises a same-day entry by its effective date (the settlement
        /// day itself); the settlement date field stays blank for the ACH operator to fill. By
        /// convention the descriptive date then reads `SDHHMM` to name the window.
        public var sameDay: Bool
        /// `HHMM` of the requested same-day settlement window, e.g. `1300`.
        public var sameDayWindow: String?
        /// The ODFI's 8-digit identification, or its 9-digit routing number.
        public var odfiIdentification: String
        /// Nil: one more than the previous batch (1 for the first).
        public var batchNumber: Int?
        public var originatorStatusCode: String
        public var entries: [Entry]

        public init(
            companyName: String, companyDiscretionaryData: String = "", companyIdentification: String,
            secCode: SECCode, entryDescription: String, descriptiveDate: String? = nil, effectiveDate: CalendarDate,
            sameDay: Bool = false, sameDayWindow: String? = nil, odfiIdentification: String, batchNumber: Int? = nil,
            originatorStatusCode: String = "1", entries: [Entry]
        ) {
            self.companyName = companyName
            self.companyDiscretionaryData = companyDiscretionaryData
            self.companyIdentification = companyIdentification
            self.secCode = secCode
            self.entryDescription = entryDescription
            self.descriptiveDate = descriptiveDate
            self.effectiveDate = effectiveDate
            self.sameDay = sameDay
            self.sameDayWindow = sameDayWindow
            self.odfiIdentification = odfiIdentification
            self.batchNumber = batchNumber
            self.originatorStatusCode = originatorStatusCode
            self.entries = entries
        }
    }

    public struct Entry: Sendable, Hashable {
        public var transactionCode: TransactionCode
        /// The RDFI's 9-digit routing number.
        public var routingNumber: String
        public var accountNumber: String
        public var amountCents: Int64
        /// Individual identification number (PPD/WEB/TEL) or identification number (CCD/CTX).
        public var receiverID: String
        public var receiverName: String
        /// Positions 77–78; for WEB and TEL the payment type code `S` (single) or `R` (recurring).
        public var discretionaryData: String
        /// The 7-digit sequence of the trace number (the ODFI identification is prefixed).
        /// Ascending within a batch, unique per ODFI in the file.
        public var traceSequence: Int
        /// Payment related information, one 05 addenda record each (at most 80 characters).
        public var addenda: [String]

        public init(
            transactionCode: TransactionCode, routingNumber: String, accountNumber: String, amountCents: Int64,
            receiverID: String = "", receiverName: String, discretionaryData: String = "", traceSequence: Int,
            addenda: [String] = []
        ) {
            self.transactionCode = transactionCode
            self.routingNumber = routingNumber
            self.accountNumber = accountNumber
            self.amountCents = amountCents
            self.receiverID = receiverID
            self.receiverName = receiverName
            self.discretionaryData = discretionaryData
            self.traceSequence = traceSequence
            self.addenda = addenda
        }
    }

    public var header: Header
    public var batches: [Batch]

    public init(header: Header, batches: [Batch] = []) {
        self.header = header
        self.batches = batches
    }

    public mutating func add(_ batch: Batch) { batches.append(batch) }

    /// The complete file, controls computed. Throws on the first input that cannot be written.
    public func build() throws(NACHAError) -> NACHAFile {
        var context = NACHABuildContext()
        let fileHeader = try context.fileHeader(header)
        var built: [NACHABatch] = []
        built.reserveCapacity(batches.count)
        var previousNumber = 0
        for (index, batch) in batches.enumerated() {
            let number = batch.batchNumber ?? previousNumber + 1
            context.place = "batch \(index + 1)"
            guard number > previousNumber, number <= 9_999_999 else {
                throw context.error(.batchNumber, "batch number \(number) must be ascending and at most 7 digits")
            }
            previousNumber = number
            guard !batch.entries.isEmpty else { throw context.error(.batchEmpty, "a batch needs at least one entry") }
            built.append(try context.batch(batch, number: number))
        }
        var file = NACHAFile(
            header: fileHeader, batches: built,
            control: FileControlRecord(
                batchCount: 0, blockCount: 0, entryAddendaCount: 0, entryHash: 0, totalDebit: 0, totalCredit: 0))
        file.control = file.computedControl()
        context.place = "file control"
        try context.fits(file.control.batchCount, 999_999, "batch count")
        try context.fits(file.control.blockCount, 999_999, "block count")
        try context.fits(file.control.entryAddendaCount, 99_999_999, "entry/addenda count")
        try context.fits(file.control.totalDebit, 999_999_999_999, "total debit amount")
        try context.fits(file.control.totalCredit, 999_999_999_999, "total credit amount")
        return file
    }
}
