import Foundation

/// Transfer ids: UUID version 7 (RFC 9562) — 48 bits of Unix milliseconds, then 74 random bits.
///
/// Every status change writes a new row version, and with it a new entry in the primary-key
/// index. With random (version 4) ids those entries land on random pages of an index that grows
/// with the whole history: at 10,000,000 transfers it no longer fits in memory, and each update
/// read pages back in. Time-ordered ids keep the entries of the transfers in flight together at
/// the index's right edge. They are as unguessable as version 4 where it matters (74 random
/// bits) and say nothing a transfer's `created_at` does not.
public enum TransferID {
    /// A new id for now, from the system's random generator.
    public static func make() -> UUID {
        var generator = SystemRandomNumberGenerator()
        return make(at: Date(), using: &generator)
    }

    public static func make(at date: Date, using generator: inout some RandomNumberGenerator) -> UUID {
        let milliseconds = UInt64(max(0, (date.timeIntervalSince1970 * 1000).rounded()))
        var random = (generator.next() as UInt64, generator.next() as UInt64)
        var uuid = withUnsafeBytes(of: &random) { $0.load(as: uuid_t.self) }
        uuid.0 = UInt8(truncatingIfNeeded: milliseconds >> 40)
        uuid.1 = UInt8(truncatingIfNeeded: milliseconds >> 32)
        uuid.2 = UInt8(truncatingIfNeeded: milliseconds >> 24)
        uuid.3 = UInt8(truncatingIfNeeded: milliseconds >> 16)
        uuid.4 = UInt8(truncatingIfNeeded: milliseconds >> 8)
        uuid.5 = UInt8(truncatingIfNeeded: milliseconds)
        uuid.6 = (uuid.6 & 0x0F) | 0x70  // version 7
        uuid.8 = (uuid.8 & 0x3F) | 0x80  // RFC 9562 variant
        return UUID(uuid: uuid)
    }
}
