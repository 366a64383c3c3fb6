/// How a transfer's amount is cut into NACHA entries.
///
/// Strategy: as few parts as possible (`ceil(total / maxPart)`), as equal as possible — the first
/// `total % count` parts are one cent larger than the rest. Equal parts rather than
/// "max, max, …, remainder" so that one cent over the limit gives two entries of about half each
/// instead of a full entry plus a one-cent entry, which looks like a test transaction to the
/// receiving bank. Every part is ≥ 1 cent and ≤ `maxPart`, and the parts sum exactly to `total`.
///
/// The parts are computed on demand: the collection stores three numbers, so asking how many
/// entries a huge amount would need (to reject it) never allocates them.
public struct AmountSplit: RandomAccessCollection, Sendable, Hashable {
    public let total: Int64
    public let maxPart: Int64
    /// Number of entries; `Int` because every part must also fit in memory as an entry.
    public let count: Int
    private let base: Int64
    private let largerParts: Int

    /// Nil unless `total > 0` and `maxPart > 0` (zero-amount prenotes are one entry by definition
    /// and do not go through splitting), or when the part count does not fit in `Int`.
    public init?(total: Int64, maxPart: Int64) {
        guard total > 0, maxPart > 0 else { return nil }
        // ceil without overflow: total - 1 cannot overflow because total > 0.
        let parts = (total - 1) / maxPart + 1
        guard parts <= Int64(Int.max) else { return nil }
        self.total = total
        self.maxPart = maxPart
        self.count = Int(parts)
        self.base = total / parts
        self.largerParts = Int(total % parts)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> Int64 {
        precondition(position >= 0 && position < count, "AmountSplit index out of range")
        return position < largerParts ? base + 1 : base
    }

    /// True when the amount needed no splitting.
    public var isSingleEntry: Bool { count == 1 }
}
