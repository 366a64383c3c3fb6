import ACH
import Foundation
import Testing

@Suite("Transfer ids (UUID version 7)")
struct TransferIDTests {
    @Test("version 7, RFC 9562 variant, the milliseconds first, the rest random")
    func layout() {
        var generator = SystemRandomNumberGenerator()
        let date = Date(timeIntervalSince1970: 1_764_648_000.123)
        let id = TransferID.make(at: date, using: &generator)
        let bytes = withUnsafeBytes(of: id.uuid) { Array($0) }
        let milliseconds = bytes[0..<6].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(milliseconds == 1_764_648_000_123)
        #expect(bytes[6] >> 4 == 7)
        #expect(bytes[8] >> 6 == 0b10)
        #expect(TransferID.make(at: date, using: &generator) != id)
    }

    @Test("ids of later milliseconds sort after earlier ones, as PostgreSQL compares uuids (bytewise)")
    func timeOrdered() {
        var generator = SystemRandomNumberGenerator()
        let start = Date(timeIntervalSince1970: 1_764_648_000)
        let ids = (0..<1_000).map { TransferID.make(at: start + Double($0) / 1000, using: &generator) }
        let keys = ids.map { withUnsafeBytes(of: $0.uuid) { Array($0) } }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) })
    }
}
