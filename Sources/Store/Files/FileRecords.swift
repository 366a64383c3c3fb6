import ACH
import Foundation

/// An accepted transfer that is due for a file, with what validation decided about it.
public struct DueTransfer: Sendable {
    public var transfer: Transfer
    public var effectiveDate: CalendarDate
    public var sameDay: Bool
    /// One amount per NACHA entry (more than one when the transfer was split).
    public var entryAmounts: [Int64]
}

/// One NACHA entry as recorded in `ach_entries`.
public struct EntryRow: Sendable {
    public var transferID: UUID
    public var part: Int
    public var traceNumber: String
    public var amountCents: Int64

    public init(transferID: UUID, part: Int, traceNumber: String, amountCents: Int64) {
        self.transferID = transferID
        self.part = part
        self.traceNumber = traceNumber
        self.amountCents = amountCents
    }
}

/// A file as recorded in `ach_files`.
public struct FileRecord: Sendable, Codable, Equatable {
    public var id: UUID
    public var destination: String
    public var fileDate: String
    public var fileIDModifier: String
    public var name: String
    public var status: String
    public var batchCount: Int
    public var entryCount: Int
    public var transferCount: Int
    public var debitTotalCents: Int64
    public var creditTotalCents: Int64
    public var entryHash: Int64
    public var byteCount: Int
    public var sha256: String
    public var archivePath: String
    public var deliveryPath: String?
    public var deliverySHA256: String?
    public var attempts: Int
    public var lastError: String?
    public var createdAt: String
    public var sentAt: String?

    public init(
        id: UUID, destination: String, fileDate: CalendarDate, fileIDModifier: String, name: String,
        batchCount: Int, entryCount: Int, transferCount: Int, debitTotalCents: Int64, creditTotalCents: Int64,
        entryHash: Int64, byteCount: Int, sha256: String, archivePath: String
    ) {
        self.id = id
        self.destination = destination
        self.fileDate = fileDate.description
        self.fileIDModifier = fileIDModifier
        self.name = name
        self.status = "archived"
        self.batchCount = batchCount
        self.entryCount = entryCount
        self.transferCount = transferCount
        self.debitTotalCents = debitTotalCents
        self.creditTotalCents = creditTotalCents
        self.entryHash = entryHash
        self.byteCount = byteCount
        self.sha256 = sha256
        self.archivePath = archivePath
        self.attempts = 0
        self.createdAt = ""
    }

    enum CodingKeys: String, CodingKey {
        case id, destination, name, status, attempts, sha256
        case fileDate = "file_date"
        case fileIDModifier = "file_id_modifier"
        case batchCount = "batch_count"
        case entryCount = "entry_count"
        case transferCount = "transfer_count"
        case debitTotalCents = "debit_total_cents"
        case creditTotalCents = "credit_total_cents"
        case entryHash = "entry_hash"
        case byteCount = "byte_count"
        case archivePath = "archive_path"
        case deliveryPath = "delivery_path"
        case deliverySHA256 = "delivery_sha256"
        case lastError = "last_error"
        case createdAt = "created_at"
        case sentAt = "sent_at"
    }

    static let columns = """
        id, destination, file_date, file_id_modifier, name, status, batch_count, entry_count, transfer_count,
        debit_total_cents, credit_total_cents, entry_hash, byte_count, sha256, archive_path, delivery_path,
        delivery_sha256, attempts, last_error,
        to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        to_char(sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
        """

    init(row: [String?]) throws {
        func text(_ i: Int) -> String { row[i] ?? "" }
        guard let id = UUID(uuidString: text(0)), let date = CalendarDate(iso: text(2)) else {
            throw StoreError(.decodingFailed, "unreadable ach_files row")
        }
        self.init(
            id: id, destination: text(1), fileDate: date, fileIDModifier: text(3), name: text(4),
            batchCount: Int(text(6)) ?? 0, entryCount: Int(text(7)) ?? 0, transferCount: Int(text(8)) ?? 0,
            debitTotalCents: Int64(text(9)) ?? 0, creditTotalCents: Int64(text(10)) ?? 0,
            entryHash: Int64(text(11)) ?? 0, byteCount: Int(text(12)) ?? 0, sha256: text(13), archivePath: text(14))
        status = text(5)
        deliveryPath = row[15]
        deliverySHA256 = row[16]
        attempts = Int(text(17)) ?? 0
        lastError = row[18]
        createdAt = text(19)
        sentAt = row[20]
    }
}
