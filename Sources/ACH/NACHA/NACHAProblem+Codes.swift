// The stable codes. Renaming one breaks whoever filters reports by it: add, don't rename.
extension NACHAProblem.Code {
    // The bytes as a whole.
    public static let emptyFile: Self = "EMPTY_FILE"
    public static let binaryContent: Self = "BINARY_CONTENT"
    public static let lineLength: Self = "LINE_LENGTH"
    public static let unbrokenLine: Self = "UNBROKEN_LINE"
    public static let trailingContent: Self = "TRAILING_CONTENT"
    public static let invalidCharacter: Self = "INVALID_CHARACTER"
    public static let byteOrderMark: Self = "BYTE_ORDER_MARK"
    public static let tooManyProblems: Self = "TOO_MANY_PROBLEMS"

    // Record order.
    public static let recordType: Self = "RECORD_TYPE"
    public static let fileHeaderMissing: Self = "FILE_HEADER_MISSING"
    public static let fileControlMissing: Self = "FILE_CONTROL_MISSING"
    public static let batchControlMissing: Self = "BATCH_CONTROL_MISSING"
    public static let recordOutOfOrder: Self = "RECORD_OUT_OF_ORDER"
    public static let recordAfterFileControl: Self = "RECORD_AFTER_FILE_CONTROL"
    public static let padding: Self = "PADDING"

    // File header.
    public static let priorityCode: Self = "PRIORITY_CODE"
    public static let immediateDestination: Self = "IMMEDIATE_DESTINATION"
    public static let immediateOrigin: Self = "IMMEDIATE_ORIGIN"
    public static let fileCreationDate: Self = "FILE_CREATION_DATE"
    public static let fileCreationTime: Self = "FILE_CREATION_TIME"
    public static let fileIDModifier: Self = "FILE_ID_MODIFIER"
    public static let recordSize: Self = "RECORD_SIZE"
    public static let blockingFactor: Self = "BLOCKING_FACTOR"
    public static let formatCode: Self = "FORMAT_CODE"

    // Batch header.
    public static let serviceClassCode: Self = "SERVICE_CLASS_CODE"
    public static let companyName: Self = "COMPANY_NAME"
    public static let companyIdentification: Self = "COMPANY_IDENTIFICATION"
    public static let secCode: Self = "SEC_CODE"
    public static let entryDescription: Self = "ENTRY_DESCRIPTION"
    public static let effectiveDate: Self = "EFFECTIVE_DATE"
    public static let originatorStatusCode: Self = "ORIGINATOR_STATUS_CODE"
    public static let odfiIdentification: Self = "ODFI_IDENTIFICATION"
    public static let batchNumber: Self = "BATCH_NUMBER"

    // Entry detail.
    public static let transactionCode: Self = "TRANSACTION_CODE"
    public static let transactionCodeForSEC: Self = "TRANSACTION_CODE_SEC"
    public static let rdfiIdentification: Self = "RDFI_IDENTIFICATION"
    public static let rdfiCheckDigit: Self = "RDFI_CHECK_DIGIT"
    public static let accountNumber: Self = "ACCOUNT_NUMBER"
    public static let amount: Self = "AMOUNT"
    public static let zeroAmountRequired: Self = "ZERO_AMOUNT_REQUIRED"
    public static let receiverName: Self = "RECEIVER_NAME"
    public static let paymentTypeCode: Self = "PAYMENT_TYPE_CODE"
    public static let addendaIndicator: Self = "ADDENDA_INDICATOR"
    public static let traceNumber: Self = "TRACE_NUMBER"
    public static let traceODFI: Self = "TRACE_ODFI"
    public static let traceOrder: Self = "TRACE_ORDER"
    public static let traceDuplicate: Self = "TRACE_DUPLICATE"
    public static let ctxAddendaCount: Self = "CTX_ADDENDA_COUNT"

    // Addenda.
    public static let addendaType: Self = "ADDENDA_TYPE"
    public static let addendaCount: Self = "ADDENDA_COUNT"
    public static let addendaSequence: Self = "ADDENDA_SEQUENCE"
    public static let returnReasonCode: Self = "RETURN_REASON_CODE"
    public static let changeCode: Self = "CHANGE_CODE"

    // Batch control.
    public static let numericField: Self = "NUMERIC_FIELD"
    public static let batchEmpty: Self = "BATCH_EMPTY"
    public static let batchServiceClass: Self = "BATCH_SERVICE_CLASS"
    public static let batchEntryCount: Self = "BATCH_ENTRY_COUNT"
    public static let batchEntryHash: Self = "BATCH_ENTRY_HASH"
    public static let batchTotalDebit: Self = "BATCH_TOTAL_DEBIT"
    public static let batchTotalCredit: Self = "BATCH_TOTAL_CREDIT"
    public static let batchCompanyIdentification: Self = "BATCH_COMPANY_IDENTIFICATION"
    public static let batchODFI: Self = "BATCH_ODFI"
    public static let batchNumberMismatch: Self = "BATCH_NUMBER_MISMATCH"

    // File control.
    public static let fileBatchCount: Self = "FILE_BATCH_COUNT"
    public static let fileBlockCount: Self = "FILE_BLOCK_COUNT"
    public static let fileEntryCount: Self = "FILE_ENTRY_COUNT"
    public static let fileEntryHash: Self = "FILE_ENTRY_HASH"
    public static let fileTotalDebit: Self = "FILE_TOTAL_DEBIT"
    public static let fileTotalCredit: Self = "FILE_TOTAL_CREDIT"

    // Builder input.
    public static let fieldTooLong: Self = "FIELD_TOO_LONG"
    public static let fieldValue: Self = "FIELD_VALUE"
    public static let fieldOverflow: Self = "FIELD_OVERFLOW"
}
