/// Where a field sits in a 94-character NACHA record.
///
/// Positions are 1-based and inclusive, exactly as the NACHA Operating Rules print them
/// ("positions 4–12"), so each layout below can be checked against the rule book line by line.
/// The writer, the reader and the validator all use these tables: one place knows the layout.
struct NACHAField: Sendable {
    /// 0-based offset of the first byte in the record.
    let offset: Int
    let length: Int

    init(_ from: Int, _ to: Int) {
        precondition(from >= 1 && to >= from && to <= NACHALayout.recordLength)
        self.offset = from - 1
        self.length = to - from + 1
    }

    /// The 1-based position of the first character, for messages.
    var position: Int { offset + 1 }
}

enum NACHALayout {
    static let recordLength = 94
    static let blockingFactor = 10
}

/// Record type 1.
enum FileHeaderLayout {
    static let priorityCode = NACHAField(2, 3)
    static let immediateDestination = NACHAField(4, 13)
    static let immediateOrigin = NACHAField(14, 23)
    static let creationDate = NACHAField(24, 29)
    static let creationTime = NACHAField(30, 33)
    static let fileIDModifier = NACHAField(34, 34)
    static let recordSize = NACHAField(35, 37)
    static let blockingFactor = NACHAField(38, 39)
    static let formatCode = NACHAField(40, 40)
    static let destinationName = NACHAField(41, 63)
    static let originName = NACHAField(64, 86)
    static let referenceCode = NACHAField(87, 94)
}

/// Record type 5. IAT batch headers reuse positions 51–53 and 70–94; their positions 5–50 and
/// 64–69 carry other fields, which the model keeps verbatim in the standard fields.
enum BatchHeaderLayout {
    static let serviceClass = NACHAField(2, 4)
    static let companyName = NACHAField(5, 20)
    static let discretionaryData = NACHAField(21, 40)
    static let companyIdentification = NACHAField(41, 50)
    static let secCode = NACHAField(51, 53)
    static let entryDescription = NACHAField(54, 63)
    static let descriptiveDate = NACHAField(64, 69)
    static let effectiveDate = NACHAField(70, 75)
    static let settlementDate = NACHAField(76, 78)
    static let originatorStatus = NACHAField(79, 79)
    static let odfiIdentification = NACHAField(80, 87)
    static let batchNumber = NACHAField(88, 94)
}

/// Record type 6, in the layout shared by PPD, CCD, WEB, TEL (and, field for field, IAT's
/// amount, RDFI and trace positions). CTX splits positions 55–76 differently.
enum EntryLayout {
    static let transactionCode = NACHAField(2, 3)
    static let rdfiIdentification = NACHAField(4, 11)
    static let checkDigit = NACHAField(12, 12)
    static let routingNumber = NACHAField(4, 12)
    static let accountNumber = NACHAField(13, 29)
    static let amount = NACHAField(30, 39)
    static let identificationNumber = NACHAField(40, 54)
    static let receiverName = NACHAField(55, 76)
    static let discretionaryData = NACHAField(77, 78)
    static let addendaIndicator = NACHAField(79, 79)
    static let traceNumber = NACHAField(80, 94)
    static let traceODFI = NACHAField(80, 87)
    static let traceSequence = NACHAField(88, 94)

    // CTX: number of addenda records, a 16-character receiving company name, two reserved.
    static let ctxAddendaCount = NACHAField(55, 58)
    static let ctxReceiverName = NACHAField(59, 74)
}

/// Record type 7.
enum AddendaLayout {
    static let typeCode = NACHAField(2, 3)
    /// Everything after the type code, for addenda kept verbatim (02, IAT 10–18, …).
    static let content = NACHAField(4, 94)

    // 05: payment related information.
    static let paymentInformation = NACHAField(4, 83)
    static let sequenceNumber = NACHAField(84, 87)
    static let entrySequenceNumber = NACHAField(88, 94)

    // 98 (notification of change) and 99 (return) share their first and last fields.
    static let reasonCode = NACHAField(4, 6)
    static let originalTraceNumber = NACHAField(7, 21)
    static let dateOfDeath = NACHAField(22, 27)
    static let originalRDFI = NACHAField(28, 35)
    static let correctedData = NACHAField(36, 64)
    static let returnInformation = NACHAField(36, 79)
    static let traceNumber = NACHAField(80, 94)
}

/// Record type 8.
enum BatchControlLayout {
    static let serviceClass = NACHAField(2, 4)
    static let entryAddendaCount = NACHAField(5, 10)
    static let entryHash = NACHAField(11, 20)
    static let totalDebit = NACHAField(21, 32)
    static let totalCredit = NACHAField(33, 44)
    static let companyIdentification = NACHAField(45, 54)
    static let messageAuthenticationCode = NACHAField(55, 73)
    static let odfiIdentification = NACHAField(80, 87)
    static let batchNumber = NACHAField(88, 94)
}

/// Record type 9.
enum FileControlLayout {
    static let batchCount = NACHAField(2, 7)
    static let blockCount = NACHAField(8, 13)
    static let entryAddendaCount = NACHAField(14, 21)
    static let entryHash = NACHAField(22, 31)
    static let totalDebit = NACHAField(32, 43)
    static let totalCredit = NACHAField(44, 55)
}
