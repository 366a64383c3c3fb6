import ACH
import Testing

/// Garbage in: the reader and validator must answer — never crash, never hang — and their
/// answers must hang together. Seeded and bounded to a few seconds in a debug build.
struct NACHAFuzzTests {
    /// Conformance files (when present) plus our own sample: the mutation seeds.
    static func seeds() -> [[UInt8]] {
        var seeds = [NACHASamples.bytes(), NACHASamples.file().bytes(lineEnding: .crlf)]
        if let names = try? ConformanceCorpus.names() {
            seeds += names.compactMap { try? ConformanceCorpus.file($0) }
        }
        return seeds
    }

    /// Runs everything on `bytes` and checks the invariants between the answers.
    static func exercise(_ bytes: [UInt8], _ label: @autoclosure () -> String) {
        let physicalLines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count
        for mode in NACHALayoutMode.allCases {
            let report = NACHAValidator.validate(bytes, mode: mode)
            #expect((report.verdict == .valid) == (report.errorCount == 0), "\(label())")
            #expect(report.problems.allSatisfy { ($0.line ?? 1) >= 1 }, "\(label())")
            if report.summary.records <= physicalLines {
                #expect(report.problems.allSatisfy { ($0.line ?? 1) <= max(physicalLines, 1) }, "\(label())")
            }
            #expect(!report.rendered(name: "fuzz").isEmpty)
            if let file = try? NACHAReader.read(bytes, mode: mode) {
                // Whatever the reader accepts, the writer reproduces as an equal model.
                #expect((try? NACHAReader.read(file.bytes())) == file, "\(label())")
                #expect(report.verdict != .unreadable, "\(label())")
            }
        }
    }

    @Test("random bytes")
    func randomBytes() {
        var rng = SeededGenerator(seed: 1)
        let alphabet = Array("0123456789 ABCRSTZ\n\n9999999956781".utf8)
        for iteration in 0..<1_000 {
            let length = Int.random(in: 0...700, using: &rng)
            let bytes: [UInt8] =
                iteration % 2 == 0
                ? (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
                : (0..<length).map { _ in alphabet.randomElement(using: &rng)! }
            Self.exercise(bytes, "random iteration \(iteration)")
        }
    }

    @Test("truncated, bit-flipped and shuffled NACHA files")
    func mutations() {
        var rng = SeededGenerator(seed: 2)
        let seeds = Self.seeds()
        for iteration in 0..<2_000 {
            var bytes = seeds[iteration % seeds.count]
            let kind = Int.random(in: 0...5, using: &rng)
            switch kind {
            case 0:
                bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))
            case 1:
                for _ in 0..<Int.random(in: 1...8, using: &rng) where !bytes.isEmpty {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= 1 << UInt8.random(in: 0...7, using: &rng)
                }
            case 2:
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    let at = Int.random(in: 0...bytes.count, using: &rng)
                    if Bool.random(using: &rng) || at == bytes.count {
                        bytes.insert(UInt8.random(in: 0...255, using: &rng), at: at)
                    } else {
                        bytes.remove(at: at)
                    }
                }
            case 3:
                var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
                lines.shuffle(using: &rng)
                bytes = Array(lines.joined(separator: [0x0A]))
            case 4:
                var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
                if !lines.isEmpty {
                    let i = Int.random(in: 0..<lines.count, using: &rng)
                    if Bool.random(using: &rng) { lines.remove(at: i) } else { lines.insert(lines[i], at: i) }
                }
                bytes = Array(lines.joined(separator: [0x0A]))
            default:
                // Overwrite a field-sized run with digits, letters or spaces.
                if bytes.count > 20 {
                    let at = Int.random(in: 0..<(bytes.count - 15), using: &rng)
                    let pool = Array("0123456789 X".utf8)
                    for i in at..<(at + Int.random(in: 1...15, using: &rng)) {
                        bytes[i] = pool.randomElement(using: &rng)!
                    }
                }
            }
            Self.exercise(bytes, "mutation \(iteration) (kind \(kind))")
        }
    }
}
