/// Record type 7, by addenda type code.
public enum AddendaRecord: Sendable, Hashable {
    /// 05: payment related information (PPD+, CCD+, WEB, CTX).
    case paymentRelated(PaymentRelatedAddenda)
    /// 98: notification of change (and refused NOC).
    case notificationOfChange(NotificationOfChangeAddenda)
    /// 99: return (and dishonored/contested return).
    case returnEntry(ReturnAddenda)
    /// Any other type (02 POS, IAT 10–18, …), kept verbatim.
    case other(GenericAddenda)

    /// The two-character addenda type code.
    public var typeCode: String {
        switch self {
        case .paymentRelated: return "05"
        case .notificationOfChange: return "98"
        case .returnEntry: return "99"
        case .other(let a): return a.typeCode
        }
    }
}

public struct PaymentRelatedAddenda: Sendable, Hashable {
    /// Up to 80 characters.
    public var paymentInformation: String
    /// 1, 2, … within the entry.
    public var sequenceNumber: Int
    /// The last seven digits of the entry's trace number.
    public var entrySequenceNumber: Int

    public init(paymentInformation: String, sequenceNumber: Int, entrySequenceNumber: Int) {
        self.paymentInformation = paymentInformation
        self.sequenceNumber = sequenceNumber
        self.entrySequenceNumber = entrySequenceNumber
    }
}

public struct NotificationOfChangeAddenda: Sendable, Hashable {
    /// `C01`…`C14`, refused NOC `C61`…`C69`.
    public var changeCode: String
    public var originalTraceNumber: String
    public var originalRDFIIdentification: String
    /// The corrected value (up to 29 characters).
    public var correctedData: String
    /// The trace number of the COR entry this addenda belongs to.
    public var traceNumber: String

    public init(
        changeCode: String, originalTraceNumber: String, originalRDFIIdentification: String, correctedData: String,
        traceNumber: String
    ) {
        self.changeCode = changeCode
        self.originalTraceNumber = originalTraceNumber
        self.originalRDFIIdentification = originalRDFIIdentification
        self.correctedData = correctedData
        self.traceNumber = traceNumber
    }
}

public struct ReturnAddenda: Sendable, Hashable {
    /// `R01`…
    public var returnReasonCode: String
    public var originalTraceNumber: String
    /// `YYMMDD` for R14/R15, else blank.
    public var dateOfDeath: String
    public var originalRDFIIdentification: String
    /// Up to 44 characters.
    public var addendaInformation: String
    /// The trace number of the return entry this addenda belongs to.
    public var traceNumber: String

    public init(
        returnReasonCode: String, originalTraceNumber: String, dateOfDeath: String = "",
        originalRDFIIdentification: String, addendaInformation: String = "", traceNumber: String
    ) {
        self.returnReasonCode = returnReasonCode
        self.originalTraceNumber = originalTraceNumber
        self.dateOfDeath = dateOfDeath
        self.originalRDFIIdentification = originalRDFIIdentification
        self.addendaInformation = addendaInformation
        self.traceNumber = traceNumber
    }
}

public struct GenericAddenda: Sendable, Hashable {
    public var typeCode: String
    /// Positions 4–94 without trailing spaces.
    public var content: String

    public init(typeCode: String, content: String) {
        self.typeCode = typeCode
        self.content = content
    }
}

extension AddendaRecord {
    typealias L = AddendaLayout

    init(parsing r: RecordView, line: Int) throws(NACHAError) {
        let kind = "addenda"
        switch r.raw(L.typeCode) {
        case "05":
            self = .paymentRelated(
                PaymentRelatedAddenda(
                    paymentInformation: r.text(L.paymentInformation),
                    sequenceNumber: try r.require(L.sequenceNumber, "addenda sequence number", kind, line),
                    entrySequenceNumber: try r.require(
                        L.entrySequenceNumber, "entry detail sequence number", kind, line)))
        case "98":
            self = .notificationOfChange(
                NotificationOfChangeAddenda(
                    changeCode: r.text(L.reasonCode), originalTraceNumber: r.text(L.originalTraceNumber),
                    originalRDFIIdentification: r.text(L.originalRDFI), correctedData: r.text(L.correctedData),
                    traceNumber: r.text(L.traceNumber)))
        case "99":
            self = .returnEntry(
                ReturnAddenda(
                    returnReasonCode: r.text(L.reasonCode), originalTraceNumber: r.text(L.originalTraceNumber),
                    dateOfDeath: r.text(L.dateOfDeath), originalRDFIIdentification: r.text(L.originalRDFI),
                    addendaInformation: r.text(L.returnInformation), traceNumber: r.text(L.traceNumber)))
        default:
            self = .other(GenericAddenda(typeCode: r.raw(L.typeCode), content: r.text(L.content)))
        }
    }

    func write(_ w: RecordWriter) {
        w.byte(UInt8(ascii: "7"), NACHAField(1, 1))
        w.alpha(typeCode, L.typeCode)
        switch self {
        case .paymentRelated(let a):
            w.alpha(a.paymentInformation, L.paymentInformation)
            w.numeric(a.sequenceNumber, L.sequenceNumber)
            w.numeric(a.entrySequenceNumber, L.entrySequenceNumber)
        case .notificationOfChange(let a):
            w.alpha(a.changeCode, L.reasonCode)
            w.alpha(a.originalTraceNumber, L.originalTraceNumber)
            w.alpha(a.originalRDFIIdentification, L.originalRDFI)
            w.alpha(a.correctedData, L.correctedData)
            w.alpha(a.traceNumber, L.traceNumber)
        case .returnEntry(let a):
            w.alpha(a.returnReasonCode, L.reasonCode)
            w.alpha(a.originalTraceNumber, L.originalTraceNumber)
            w.alpha(a.dateOfDeath, L.dateOfDeath)
            w.alpha(a.originalRDFIIdentification, L.originalRDFI)
            w.alpha(a.addendaInformation, L.returnInformation)
            w.alpha(a.traceNumber, L.traceNumber)
        case .other(let a):
            w.alpha(a.content, L.content)
        }
    }
}

extension NotificationOfChangeAddenda: CustomStringConvertible, CustomReflectable {
    /// Corrected data of C01/C03/C06/C07 is an account number: masked in descriptions.
    public var description: String {
        "NotificationOfChangeAddenda(\(changeCode), original trace: \(originalTraceNumber), "
            + "corrected: \(Transfer.mask(correctedData)), trace: \(traceNumber))"
    }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "changeCode": changeCode, "originalTraceNumber": originalTraceNumber,
                "originalRDFIIdentification": originalRDFIIdentification,
                "correctedData": Transfer.mask(correctedData), "traceNumber": traceNumber,
            ], displayStyle: .struct)
    }
}
