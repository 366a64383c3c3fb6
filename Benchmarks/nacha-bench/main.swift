// Writes and reads back a NACHA file of 1,000,000 entries and prints records per second.
//
//     swift run -c release nacha-bench [entries] [--rounds N] [--only write|read|validate|read+validate]
//
// `--only` runs a single phase, for profiling it (`perf record`).
// The target (SPEC §8, issue for the NACHA engine) is ≥ 1,000,000 records/s for writing and for
// reading + validating, on the project's 2-core machines, in a release build.
import ACH
import Foundation

let arguments = CommandLine.arguments.dropFirst()
let entryCount = arguments.first.flatMap { Int($0) } ?? 1_000_000
let rounds = arguments.firstIndex(of: "--rounds").flatMap { Int(arguments[$0 + 1]) } ?? 3
let only = arguments.firstIndex(of: "--only").map { arguments[$0 + 1] }
let entriesPerBatch = 1_000

func routingNumber(_ rng: inout SplitMix64) -> String {
    let prefix = String(format8: Int.random(in: 1_000_000...12_999_999, using: &rng))
    return prefix + String(RoutingNumber.checkDigit(for: prefix)!)
}

extension String {
    init(format8 n: Int) {
        let s = String(n)
        self = String(repeating: "0", count: 8 - s.count) + s
    }
}

func makeFile() throws -> NACHAFile {
    // SplitMix64: a fixed sequence, so every run measures the same file.
    var rng = SplitMix64(seed: 42)
    let secCodes: [SECCode] = [.ppd, .ccd, .web, .tel, .ctx]
    let effective = CalendarDate(year: 2026, month: 3, day: 16)!
    var builder = NACHAFileBuilder(
        header: .init(
            immediateDestination: "231380104", immediateDestinationName: "FEDERAL RESERVE BANK",
            immediateOrigin: "121042882", immediateOriginName: "ACH WORKER BANK",
            creationDate: CalendarDate(year: 2026, month: 3, day: 13)!, creationHour: 17, creationMinute: 5,
            fileIDModifier: "A"))
    var remaining = entryCount
    var batchIndex = 0
    var trace = 0
    while remaining > 0 {
        let sec = secCodes[batchIndex % secCodes.count]
        let count = min(entriesPerBatch, remaining)
        var entries: [NACHAFileBuilder.Entry] = []
        entries.reserveCapacity(count)
        for i in 0..<count {
            trace += 1
            let debit = sec == .tel || (sec != .web && i % 3 == 0) || (sec == .web && i % 2 == 0)
            let code: TransactionCode = debit ? (i % 5 == 0 ? .savingsDebit : .checkingDebit) : .checkingCredit
            var addenda: [String] = []
            if sec == .ctx { addenda = ["ISA*00*RMR*IV*\(trace)*PO*1000\\", "REF*TN*\(i)\\"] }
            if (sec == .ppd || sec == .ccd) && i % 10 == 0 { addenda = ["INVOICE \(trace)"] }
            entries.append(
                .init(
                    transactionCode: code, routingNumber: routingNumber(&rng),
                    accountNumber: String(UInt64.random(in: 1_000_000...99_999_999_999_999, using: &rng)),
                    amountCents: Int64.random(in: 1...99_999, using: &rng), receiverID: "ID\(trace)",
                    receiverName: sec == .ctx ? "RECEIVER CO \(i)" : "RECEIVER NUMBER \(i)",
                    discretionaryData: sec == .web ? "S" : "", traceSequence: trace, addenda: addenda))
        }
        builder.add(
            .init(
                companyName: "ACME CORP", companyIdentification: "1234567890", secCode: sec,
                entryDescription: "PAYROLL", effectiveDate: effective, odfiIdentification: "12104288",
                entries: entries))
        remaining -= count
        batchIndex += 1
    }
    return try builder.build()
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func measure<T>(_ name: String, records: Int, _ body: () throws -> T) rethrows -> T {
    let clock = ContinuousClock()
    var best = Double.infinity
    var result: T?
    for _ in 0..<rounds {
        let start = clock.now
        let value = try body()
        best = min(best, seconds(clock.now - start))
        // Released after the clock stops: freeing the previous round's model is not reading.
        result = value
    }
    let rate = Double(records) / best
    print(
        "\(name.padding(16)) \(String(format2: best * 1000)) ms  \(String(Int(rate.rounded())).leftPadding(10)) records/s"
            + (rate >= 1_000_000 ? "" : "  (below 1,000,000)"))
    return result!
}

extension String {
    func padding(_ n: Int) -> String { self + String(repeating: " ", count: max(0, n - count)) }
    func leftPadding(_ n: Int) -> String { String(repeating: " ", count: max(0, n - count)) + self }
    init(format2 value: Double) {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        self = "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)".leftPadding(9)
    }
}

let clock = ContinuousClock()
let buildStart = clock.now
let file = try makeFile()
let records = file.paddedRecordCount
print(
    "file: \(file.entryCount) entries, \(file.batches.count) batches, \(records) records "
        + "(built in \(String(format2: seconds(clock.now - buildStart) * 1000)) ms, best of \(rounds) rounds below)")

if let only {
    let bytes = NACHAWriter.write(file)
    switch only {
    case "write": _ = measure("write", records: records) { NACHAWriter.write(file) }
    case "read": _ = try measure("read", records: records) { try NACHAReader.read(bytes) }
    case "read+validate":
        _ = measure("read + validate", records: records) { NACHAReader.readValidated(bytes) }
    default: _ = measure("validate", records: records) { NACHAValidator.validate(bytes) }
    }
    exit(0)
}

let bytes = measure("write", records: records) { NACHAWriter.write(file) }
let read = try measure("read", records: records) { try NACHAReader.read(bytes) }
let report = measure("validate", records: records) { NACHAValidator.validate(bytes) }
// What a consumer of a bank file does: one call that cuts the records once for both.
_ = measure("read + validate", records: records) { NACHAReader.readValidated(bytes) }
print("round trip equal: \(read == file), validator: \(report.summaryLine(name: "bench"))")
if read != file || !report.isValid {
    for problem in report.problems.prefix(10) { print(problem) }
    fatalError("the benchmark file did not round-trip cleanly")
}
