import ACH
import Foundation
import Testing

@Suite("CSV import: random and mutated input")
struct ImportFuzzTests {
    /// Bytes that matter to the parser, drawn more often than the rest.
    static let interesting =
        Array("\",\r\n \t|.-+e0123456789truefalsecreditdebit".utf8) + [0xEF, 0xBB, 0xBF, 0xFF, 0xC3, 0]

    static let valid = Array(
        ImportFixture.file([
            [:], ["addenda": "\"A, B\nC|D\"", "receiver_name": "\"O\"\"BRIEN\""],
            ["amount": "0.5", "same_day": "TRUE"],
        ]).utf8)

    static func randomInput(_ g: inout SplitMix64) -> [UInt8] {
        let length = Int.random(in: 0...400, using: &g)
        return (0..<length).map { _ in
            Bool.random(using: &g) ? interesting.randomElement(using: &g)! : UInt8.random(in: 0...255, using: &g)
        }
    }

    static func mutatedInput(_ g: inout SplitMix64) -> [UInt8] {
        var bytes = valid
        for _ in 0..<Int.random(in: 1...8, using: &g) {
            let i = Int.random(in: 0...bytes.count, using: &g)
            let byte = interesting.randomElement(using: &g)!
            switch Int.random(in: 0..<5, using: &g) {
            case 0: bytes.insert(byte, at: i)
            case 1 where i < bytes.count: bytes.remove(at: i)
            case 2 where i < bytes.count: bytes[i] = byte
            case 3: bytes.removeSubrange(i...)
            default: bytes.insert(contentsOf: bytes[i...].prefix(Int.random(in: 0...40, using: &g)), at: i)
            }
        }
        return bytes
    }

    @Test("any input yields rows or errors, consistently, without crashing or hanging", .timeLimit(.minutes(1)))
    func randomInputs() {
        var g = SplitMix64(seed: 20_250_331)
        var outcomes = (rows: 0, failures: 0)
        for iteration in 0..<6_000 {
            let input = iteration.isMultiple(of: 2) ? Self.randomInput(&g) : Self.mutatedInput(&g)
            let lineCount = input.count(where: { $0 == UInt8(ascii: "\n") }) + 1
            let zero = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
            let result = TransferCSV.parse(input) { zero }
            #expect(result == TransferCSV.parse(input) { zero }, "input \(iteration) parsed two ways")
            switch result {
            case .success(let rows):
                outcomes.rows += 1
                let lines = rows.map(\.line)
                #expect(lines.allSatisfy { $0 >= 2 && $0 <= lineCount }, "input \(iteration): \(lines)")
                #expect(zip(lines, lines.dropFirst()).allSatisfy(<), "input \(iteration): \(lines)")
            case .failure(let failure):
                outcomes.failures += 1
                #expect(!failure.errors.isEmpty, "input \(iteration)")
                #expect(failure.malformedRowCount >= 1, "input \(iteration)")
                #expect(failure.errors.allSatisfy { $0.line >= 1 && $0.line <= lineCount }, "input \(iteration)")
                let report = failure.rendered()
                #expect(
                    report.split(separator: "\n", omittingEmptySubsequences: false).count == failure.errors.count + 1)
            }
        }
        // Both outcomes must actually be exercised for the test to mean something.
        #expect(outcomes.rows > 100)
        #expect(outcomes.failures > 1_000)
    }
}
