/// Record type 1: who sends the file to whom, and when.
///
/// Alphanumeric fields hold the text as written without trailing spaces, so a read file keeps
/// whatever the sender put there (a leading space before a routing number included). Dates
/// stay text too: a file with an impossible date still reads, and the validator reports it.
public struct FileHeaderRecord: Sendable, Hashable {
    /// Always 1 ("01") in practice.
    public var priorityCode: Int
    /// `" "` + the 9-digit routing number of the receiving point (`bTTTTAAAAC`).
    public var immediateDestination: String
    /// Usually `" "` + a routing number or a 10-character company identification.
    public var immediateOrigin: String
    /// `YYMMDD`.
    public var fileCreationDate: String
    /// `HHMM`, or empty.
    public var fileCreationTime: String
    /// `A`–`Z` then `0`–`9`: tells apart files sent the same day to the same destination.
    public var fileIDModifier: String
    public var recordSize: Int
    public var blockingFactor: Int
    public var formatCode: String
    public var immediateDestinationName: String
    public var immediateOriginName: String
    public var referenceCode: String

    public init(
        priorityCode: Int = 1, immediateDestination: String, immediateOrigin: String, fileCreationDate: String,
        fileCreationTime: String, fileIDModifier: String, recordSize: Int = 94, blockingFactor: Int = 10,
        formatCode: String = "1", immediateDestinationName: String, immediateOriginName: String,
        referenceCode: String = ""
    ) {
        self.priorityCode = priorityCode
        self.immediateDestination = immediateDestination
        self.immediateOrigin = immediateOrigin
        self.fileCreationDate = fileCreationDate
        self.fileCreationTime = fileCreationTime
        self.fileIDModifier = fileIDModifier
        self.recordSize = recordSize
        self.blockingFactor = blockingFactor
        self.formatCode = formatCode
        self.immediateDestinationName = immediateDestinationName
        self.immediateOriginName = immediateOriginName
        self.referenceCode = referenceCode
    }

    /// The creation date, when it is a real day.
    public var creationDate: CalendarDate? { CalendarDate(yymmdd: fileCreationDate) }
}

extension FileHeaderRecord {
    typealias L = FileHeaderLayout

    init(parsing r: RecordView, line: Int) throws(NACHAError) {
        let kind = "file header"
        self.init(
            priorityCode: try r.require(L.priorityCode, "priority code", kind, line),
            immediateDestination: r.text(L.immediateDestination),
            immediateOrigin: r.text(L.immediateOrigin),
            fileCreationDate: r.text(L.creationDate),
            fileCreationTime: r.text(L.creationTime),
            fileIDModifier: r.text(L.fileIDModifier),
            recordSize: try r.require(L.recordSize, "record size", kind, line),
            blockingFactor: try r.require(L.blockingFactor, "blocking factor", kind, line),
            formatCode: r.text(L.formatCode),
            immediateDestinationName: r.text(L.destinationName),
            immediateOriginName: r.text(L.originName),
            referenceCode: r.text(L.referenceCode))
    }

    func write(_ w: RecordWriter) {
        w.byte(UInt8(ascii: "1"), NACHAField(1, 1))
        w.numeric(priorityCode, L.priorityCode)
        w.alpha(immediateDestination, L.immediateDestination)
        w.alpha(immediateOrigin, L.immediateOrigin)
        w.alpha(fileCreationDate, L.creationDate)
        w.alpha(fileCreationTime, L.creationTime)
        w.alpha(fileIDModifier, L.fileIDModifier)
        w.numeric(recordSize, L.recordSize)
        w.numeric(blockingFactor, L.blockingFactor)
        w.alpha(formatCode, L.formatCode)
        w.alpha(immediateDestinationName, L.destinationName)
        w.alpha(immediateOriginName, L.originName)
        w.alpha(referenceCode, L.referenceCode)
    }
}

extension RecordView {
    /// A numeric field for the model; a reader error when it holds anything but digits. The
    /// field's text is quoted unless it is the entry amount, which sits right after the account
    /// number: on a shifted line it would hold account digits.
    func require(_ field: NACHAField, _ name: String, _ kind: String, _ line: Int) throws(NACHAError) -> Int {
        guard let value = number(field) else {
            let last = field.position + field.length - 1
            let quoted = field.offset == EntryLayout.amount.offset && kind == "entry detail" ? "" : " \"\(raw(field))\""
            throw NACHAError(
                line: line, code: .numericField,
                message: "\(kind): \(name)\(quoted) (positions \(field.position)–\(last)) is not numeric")
        }
        return Int(value)
    }

    func require64(_ field: NACHAField, _ name: String, _ kind: String, _ line: Int) throws(NACHAError) -> Int64 {
        Int64(try require(field, name, kind, line))
    }
}
