/// Record type 6: one payment to or from one account.
///
/// Positions 40–78 differ by SEC code. PPD/WEB/TEL name an individual, CCD a company, WEB/TEL
/// use 77–78 for the payment type code; CTX puts the number of addenda records and a shorter
/// company name there (`ctxAddendaCount` is non-nil exactly for CTX entries). IAT entries are
/// kept verbatim in the standard fields.
///
/// `description` masks the account number, so a failing test or a log line cannot leak it.
public struct EntryDetailRecord: Sendable, Hashable {
    public var transactionCode: TransactionCode
    /// The RDFI's nine-digit routing number: identification (8) and check digit (1).
    public var rdfiRoutingNumber: String
    public var accountNumber: String
    /// In cents.
    public var amount: Int64
    /// Individual identification number (PPD/WEB/TEL) or identification number (CCD/CTX).
    public var identificationNumber: String
    /// Individual name, or receiving company name (16 characters for CTX).
    public var receiverName: String
    /// Discretionary data; the payment type code (`S`/`R`) for WEB and TEL.
    public var discretionaryData: String
    /// 1 when addenda records follow.
    public var addendaRecordIndicator: Int
    /// ODFI identification (8) + entry sequence number (7).
    public var traceNumber: String
    /// CTX only: the number of addenda records (positions 55–58).
    public var ctxAddendaCount: Int?

    public init(
        transactionCode: TransactionCode, rdfiRoutingNumber: String, accountNumber: String, amount: Int64,
        identificationNumber: String = "", receiverName: String, discretionaryData: String = "",
        addendaRecordIndicator: Int = 0, traceNumber: String, ctxAddendaCount: Int? = nil
    ) {
        self.transactionCode = transactionCode
        self.rdfiRoutingNumber = rdfiRoutingNumber
        self.accountNumber = accountNumber
        self.amount = amount
        self.identificationNumber = identificationNumber
        self.receiverName = receiverName
        self.discretionaryData = discretionaryData
        self.addendaRecordIndicator = addendaRecordIndicator
        self.traceNumber = traceNumber
        self.ctxAddendaCount = ctxAddendaCount
    }

    /// The first eight digits of the RDFI routing number: what the entry hash adds up.
    public var rdfiIdentification: Substring { rdfiRoutingNumber.prefix(8) }

    /// WEB and TEL name positions 77–78 the payment type code.
    public var paymentTypeCode: String { discretionaryData }
}

extension EntryDetailRecord: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "EntryDetailRecord(\(transactionCode), rdfi: \(rdfiRoutingNumber), account: \(Transfer.mask(accountNumber)), "
            + "amount: \(amount), id: \(identificationNumber), name: \(receiverName), trace: \(traceNumber))"
    }

    public var debugDescription: String { description }

    /// `dump` and test failure output go through the mirror: keep the account masked there too.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "transactionCode": transactionCode, "rdfiRoutingNumber": rdfiRoutingNumber,
                "accountNumber": Transfer.mask(accountNumber), "amount": amount,
                "identificationNumber": identificationNumber, "receiverName": receiverName,
                "discretionaryData": discretionaryData, "addendaRecordIndicator": addendaRecordIndicator,
                "traceNumber": traceNumber, "ctxAddendaCount": ctxAddendaCount as Any,
            ], displayStyle: .struct)
    }
}

extension EntryDetailRecord {
    typealias L = EntryLayout

    init(parsing r: RecordView, ctx: Bool, line: Int) throws(NACHAError) {
        let kind = "entry detail"
        self.init(
            transactionCode: TransactionCode(try r.require(L.transactionCode, "transaction code", kind, line)),
            rdfiRoutingNumber: r.text(L.routingNumber),
            accountNumber: r.text(L.accountNumber),
            amount: try r.require64(L.amount, "amount", kind, line),
            identificationNumber: r.text(L.identificationNumber),
            receiverName: r.text(ctx ? L.ctxReceiverName : L.receiverName),
            discretionaryData: r.text(L.discretionaryData),
            addendaRecordIndicator: try r.require(L.addendaIndicator, "addenda record indicator", kind, line),
            traceNumber: r.text(L.traceNumber),
            ctxAddendaCount: ctx ? try r.require(L.ctxAddendaCount, "number of addenda records", kind, line) : nil)
    }

    func write(_ w: RecordWriter) {
        w.byte(UInt8(ascii: "6"), NACHAField(1, 1))
        w.numeric(transactionCode.rawValue, L.transactionCode)
        w.alpha(rdfiRoutingNumber, L.routingNumber)
        w.alpha(accountNumber, L.accountNumber)
        w.numeric(amount, L.amount)
        w.alpha(identificationNumber, L.identificationNumber)
        if let ctxAddendaCount {
            w.numeric(ctxAddendaCount, L.ctxAddendaCount)
            w.alpha(receiverName, L.ctxReceiverName)
        } else {
            w.alpha(receiverName, L.receiverName)
        }
        w.alpha(discretionaryData, L.discretionaryData)
        w.numeric(addendaRecordIndicator, L.addendaIndicator)
        w.alpha(traceNumber, L.traceNumber)
    }
}
