/// Record type 5: the originator, SEC code, description and effective date of a batch.
///
/// For IAT batches positions 5–50 and 64–69 hold other fields (IAT indicator, foreign exchange,
/// destination country, originator identification, currencies); the model keeps that text
/// verbatim in the standard fields, which is enough to read, validate and rewrite such a file.
public struct BatchHeaderRecord: Sendable, Hashable {
    public var serviceClassCode: ServiceClassCode
    public var companyName: String
    public var companyDiscretionaryData: String
    public var companyIdentification: String
    public var secCode: SECCode
    public var companyEntryDescription: String
    /// Free text shown to the receiver; `SDHHMM` by convention asks for a same-day window.
    public var companyDescriptiveDate: String
    /// `YYMMDD`: the day the originator wants the entries to settle.
    public var effectiveEntryDate: String
    /// Julian day inserted by the ACH operator; blank in files we originate.
    public var settlementDate: String
    /// `1` for a depository financial institution originator, `2` for a federal agency.
    public var originatorStatusCode: String
    /// First eight digits of the ODFI routing number.
    public var odfiIdentification: String
    public var batchNumber: Int

    public init(
        serviceClassCode: ServiceClassCode, companyName: String, companyDiscretionaryData: String = "",
        companyIdentification: String, secCode: SECCode, companyEntryDescription: String,
        companyDescriptiveDate: String = "", effectiveEntryDate: String, settlementDate: String = "",
        originatorStatusCode: String = "1", odfiIdentification: String, batchNumber: Int
    ) {
        self.serviceClassCode = serviceClassCode
        self.companyName = companyName
        self.companyDiscretionaryData = companyDiscretionaryData
        self.companyIdentification = companyIdentification
        self.secCode = secCode
        self.companyEntryDescription = companyEntryDescription
        self.companyDescriptiveDate = companyDescriptiveDate
        self.effectiveEntryDate = effectiveEntryDate
        self.settlementDate = settlementDate
        self.originatorStatusCode = originatorStatusCode
        self.odfiIdentification = odfiIdentification
        self.batchNumber = batchNumber
    }

    /// The effective entry date, when it is a real day.
    public var effectiveDate: CalendarDate? { CalendarDate(yymmdd: effectiveEntryDate) }
}

extension BatchHeaderRecord {
    typealias L = BatchHeaderLayout

    init(parsing r: RecordView, line: Int) throws(NACHAError) {
        let kind = "batch header"
        self.init(
            serviceClassCode: ServiceClassCode(try r.require(L.serviceClass, "service class code", kind, line)),
            companyName: r.text(L.companyName),
            companyDiscretionaryData: r.text(L.discretionaryData),
            companyIdentification: r.text(L.companyIdentification),
            secCode: SECCode(rawValue: r.text(L.secCode)),
            companyEntryDescription: r.text(L.entryDescription),
            companyDescriptiveDate: r.text(L.descriptiveDate),
            effectiveEntryDate: r.text(L.effectiveDate),
            settlementDate: r.text(L.settlementDate),
            originatorStatusCode: r.text(L.originatorStatus),
            odfiIdentification: r.text(L.odfiIdentification),
            batchNumber: try r.require(L.batchNumber, "batch number", kind, line))
    }

    func write(_ w: RecordWriter) {
        w.byte(UInt8(ascii: "5"), NACHAField(1, 1))
        w.numeric(serviceClassCode.rawValue, L.serviceClass)
        w.alpha(companyName, L.companyName)
        w.alpha(companyDiscretionaryData, L.discretionaryData)
        w.alpha(companyIdentification, L.companyIdentification)
        w.alpha(secCode.rawValue, L.secCode)
        w.alpha(companyEntryDescription, L.entryDescription)
        w.alpha(companyDescriptiveDate, L.descriptiveDate)
        w.alpha(effectiveEntryDate, L.effectiveDate)
        w.alpha(settlementDate, L.settlementDate)
        w.alpha(originatorStatusCode, L.originatorStatus)
        w.alpha(odfiIdentification, L.odfiIdentification)
        w.numeric(batchNumber, L.batchNumber)
    }
}
