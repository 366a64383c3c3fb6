/// A whole NACHA file as values: what the builder produces, the writer writes and the reader
/// returns. Writing then reading gives back an equal value.
///
/// The control records are stored, not derived, so that a file read from a bank keeps what the
/// bank wrote (the validator compares them); `recomputeControls()` derives them from the entries.
public struct NACHAFile: Sendable, Hashable {
    public var header: FileHeaderRecord
    public var batches: [NACHABatch]
    public var control: FileControlRecord

    public init(header: FileHeaderRecord, batches: [NACHABatch], control: FileControlRecord) {
        self.header = header
        self.batches = batches
        self.control = control
    }

    /// Records excluding the `9…9` padding.
    public var recordCount: Int {
        var count = 2
        for batch in batches { count += 2 + batch.entryAddendaCount }
        return count
    }

    /// Records including the padding up to a whole block of ten.
    public var paddedRecordCount: Int {
        let b = NACHALayout.blockingFactor
        return (recordCount + b - 1) / b * b
    }

    public var entryCount: Int { batches.reduce(0) { $0 + $1.entries.count } }
}

public struct NACHABatch: Sendable, Hashable {
    public var header: BatchHeaderRecord
    public var entries: [NACHAEntry]
    public var control: BatchControlRecord

    public init(header: BatchHeaderRecord, entries: [NACHAEntry], control: BatchControlRecord) {
        self.header = header
        self.entries = entries
        self.control = control
    }

    /// Entry detail and addenda records, as the batch control counts them.
    public var entryAddendaCount: Int {
        var count = 0
        for entry in entries { count += 1 + entry.addenda.count }
        return count
    }
}

/// An entry detail record and the addenda records that follow it.
public struct NACHAEntry: Sendable, Hashable {
    public var detail: EntryDetailRecord
    public var addenda: [AddendaRecord]

    public init(detail: EntryDetailRecord, addenda: [AddendaRecord] = []) {
        self.detail = detail
        self.addenda = addenda
    }
}
