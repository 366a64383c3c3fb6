/// Record type 8: the counts and totals that close a batch.
public struct BatchControlRecord: Sendable, Hashable {
    public var serviceClassCode: ServiceClassCode
    /// Entry detail plus addenda records in the batch.
    public var entryAddendaCount: Int
    /// Sum of the entries' 8-digit RDFI identifications, last ten digits.
    public var entryHash: Int64
    public var totalDebit: Int64
    public var totalCredit: Int64
    public var companyIdentification: String
    public var messageAuthenticationCode: String
    public var odfiIdentification: String
    public var batchNumber: Int

    public init(
        serviceClassCode: ServiceClassCode, entryAddendaCount: Int, entryHash: Int64, totalDebit: Int64,
        totalCredit: Int64, companyIdentification: String, messageAuthenticationCode: String = "",
        odfiIdentification: String, batchNumber: Int
    ) {
        self.serviceClassCode = serviceClassCode
        self.entryAddendaCount = entryAddendaCount
        self.entryHash = entryHash
        self.totalDebit = totalDebit
        self.totalCredit = totalCredit
        self.companyIdentification = companyIdentification
        self.messageAuthenticationCode = messageAuthenticationCode
        self.odfiIdentification = odfiIdentification
        self.batchNumber = batchNumber
    }
}

/// Record type 9: the counts and totals of the whole file.
public struct FileControlRecord: Sendable, Hashable {
    public var batchCount: Int
    /// Blocks of ten records, padding included.
    public var blockCount: Int
    public var entryAddendaCount: Int
    public var entryHash: Int64
    public var totalDebit: Int64
    public var totalCredit: Int64

    public init(
        batchCount: Int, blockCount: Int, entryAddendaCount: Int, entryHash: Int64, totalDebit: Int64,
        totalCredit: Int64
    ) {
        self.batchCount = batchCount
        self.blockCount = blockCount
        self.entryAddendaCount = entryAddendaCount
        self.entryHash = entryHash
        self.totalDebit = totalDebit
        self.totalCredit = totalCredit
    }
}

extension BatchControlRecord {
    typealias L = BatchControlLayout

    init(parsing r: RecordView, line: Int) throws(NACHAError) {
        let kind = "batch control"
        self.init(
            serviceClassCode: ServiceClassCode(try r.require(L.serviceClass, "service class code", kind, line)),
            entryAddendaCount: try r.require(L.entryAddendaCount, "entry/addenda count", kind, line),
            entryHash: try r.require64(L.entryHash, "entry hash", kind, line),
            totalDebit: try r.require64(L.totalDebit, "total debit amount", kind, line),
            totalCredit: try r.require64(L.totalCredit, "total credit amount", kind, line),
            companyIdentification: r.text(L.companyIdentification),
            messageAuthenticationCode: r.text(L.messageAuthenticationCode),
            odfiIdentification: r.text(L.odfiIdentification),
            batchNumber: try r.require(L.batchNumber, "batch number", kind, line))
    }

    func write(_ w: RecordWriter) {
        w.byte(UInt8(ascii: "8"), NACHAField(1, 1))
        w.numeric(serviceClassCode.rawValue, L.serviceClass)
        w.numeric(entryAddendaCount, L.entryAddendaCount)
        w.numeric(entryHash, L.entryHash)
        w.numeric(totalDebit, L.totalDebit)
        w.numeric(totalCredit, L.totalCredit)
        w.alpha(companyIdentification, L.companyIdentification)
        w.alpha(messageAuthenticationCode, L.messageAuthenticationCode)
        w.alpha(odfiIdentification, L.odfiIdentification)
        w.numeric(batchNumber, L.batchNumber)
    }
}

extension FileControlRecord {
    typealias L = FileControlLayout

    init(parsing r: RecordView, line: Int) throws(NACHAError) {
        let kind = "file control"
        self.init(
            batchCount: try r.require(L.batchCount, "batch count", kind, line),
            blockCount: try r.require(L.blockCount, "block count", kind, line),
            entryAddendaCount: try r.require(L.entryAddendaCount, "entry/addenda count", kind, line),
            entryHash: try r.require64(L.entryHash, "entry hash", kind, line),
            totalDebit: try r.require64(L.totalDebit, "total debit amount", kind, line),
            totalCredit: try r.require64(L.totalCredit, "total credit amount", kind, line))
    }

    func write(_ w: RecordWriter) {
        w.byte(UInt8(ascii: "9"), NACHAField(1, 1))
        w.numeric(batchCount, L.batchCount)
        w.numeric(blockCount, L.blockCount)
        w.numeric(entryAddendaCount, L.entryAddendaCount)
        w.numeric(entryHash, L.entryHash)
        w.numeric(totalDebit, L.totalDebit)
        w.numeric(totalCredit, L.totalCredit)
    }
}
