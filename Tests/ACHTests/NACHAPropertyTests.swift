import ACH
import Testing

/// Random valid files from the builder: writing then reading gives the same model, and the
/// validator finds nothing. Seeded, so a failure names the iteration that reproduces it.
struct NACHAPropertyTests {
    struct Generator {
        var rng: SeededGenerator
        var trace = 0

        mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        mutating func bool() -> Bool { Bool.random(using: &rng) }

        /// Printable ASCII, spaces included anywhere (the builder drops trailing ones).
        mutating func text(_ length: ClosedRange<Int>, meaningful: Bool = false) -> String {
            var bytes = (0..<int(length)).map { _ in UInt8.random(in: 0x20...0x7E, using: &rng) }
            if meaningful && !bytes.contains(where: { $0 != 0x20 && $0 != 0x30 }) {
                bytes = Array(bytes.dropLast()) + [UInt8(ascii: "X")]
            }
            return String(decoding: bytes, as: UTF8.self)
        }

        mutating func digits(_ count: Int) -> String {
            String(decoding: (0..<count).map { _ in UInt8.random(in: 0x30...0x39, using: &rng) }, as: UTF8.self)
        }

        mutating func routing() -> String {
            let prefix = digits(8)
            return prefix + String(RoutingNumber.checkDigit(for: prefix)!)
        }

        mutating func date() -> CalendarDate { CalendarDate(dayNumber: int(10_957...47_482)) }  // 2000…2099

        mutating func header() -> NACHAFileBuilder.Header {
            let modifiers = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
            return .init(
                immediateDestination: routing(), immediateDestinationName: text(0...23),
                immediateOrigin: bool() ? digits(9) : text(1...10, meaningful: true), immediateOriginName: text(0...23),
                creationDate: date(), creationHour: int(0...23), creationMinute: int(0...59),
                fileIDModifier: modifiers[int(0...35)], referenceCode: text(0...8))
        }

        mutating func batch() -> NACHAFileBuilder.Batch {
            let sec = SECCode.originated[int(0...4)]
            let codes = (21...56).map { TransactionCode($0) }.filter {
                $0.isAllowed(in: sec) && $0.kind != .returnOrNotification
            }
            var entries: [NACHAFileBuilder.Entry] = []
            for _ in 0..<int(1...12) {
                let code = codes[int(0...(codes.count - 1))]
                trace += int(1...1_000)
                var payment = text(0...2)
                if sec == .web && code.isDebit { payment = bool() ? "S" : "R" }
                let addendaCount = int(0...min(sec.maximumAddenda, sec == .ctx ? 4 : 1))
                entries.append(
                    .init(
                        transactionCode: code, routingNumber: routing(), accountNumber: text(1...17, meaningful: true),
                        amountCents: code.requiresZeroAmount ? 0 : Int64(int(0...999_999_999)),
                        receiverID: text(0...15),
                        receiverName: text(sec == .ccd ? 0...22 : 1...(sec == .ctx ? 16 : 22), meaningful: sec != .ccd),
                        discretionaryData: payment, traceSequence: trace,
                        addenda: (0..<addendaCount).map { _ in text(0...80) }))
            }
            let odfi = digits(8)
            return .init(
                companyName: text(1...16, meaningful: true), companyDiscretionaryData: text(0...20),
                companyIdentification: text(1...10, meaningful: true), secCode: sec,
                entryDescription: text(1...10, meaningful: true), descriptiveDate: bool() ? nil : text(0...6),
                effectiveDate: date(), sameDay: bool(), sameDayWindow: bool() ? "1300" : nil,
                odfiIdentification: bool() ? odfi : odfi + String(RoutingNumber.checkDigit(for: odfi)!),
                entries: entries)
        }

        mutating func builder() -> NACHAFileBuilder {
            var builder = NACHAFileBuilder(header: header())
            for _ in 0..<int(1...6) { builder.add(batch()) }
            return builder
        }
    }

    @Test("random valid files round-trip through writer and reader, and validate clean")
    func roundTrip() throws {
        var generator = Generator(rng: SeededGenerator(seed: 0x4E41_4348_41))
        for iteration in 0..<300 {
            let file = try generator.builder().build()
            let ending: NACHAWriter.LineEnding = iteration % 3 == 0 ? .crlf : .lf
            let bytes = file.bytes(lineEnding: ending)
            #expect(bytes.count == file.paddedRecordCount * (ending == .crlf ? 96 : 95), "iteration \(iteration)")
            let read = try NACHAReader.read(bytes)
            #expect(read == file, "iteration \(iteration)")
            #expect(read.bytes(lineEnding: ending) == bytes, "iteration \(iteration)")
            #expect(try NACHAReader.read(bytes, mode: .lenient) == file, "iteration \(iteration)")
            let report = NACHAValidator.validate(bytes)
            #expect(
                report.isValid && report.problems.isEmpty, "iteration \(iteration)\n\(report.rendered(name: "random"))")
            #expect(report.summary.entries == file.entryCount)
            if !report.isValid || read != file { return }
        }
    }
}
