import ACH
import Foundation
import Store

/// Exactly-once accounting at the end of a run: every delivered file is decrypted with the bank's
/// key, checked by the project's NACHA validator and read back with its reader; its entries are
/// staged in the database and compared there with what was recorded (`LoadTestAccounting`).
struct Accounting: Sendable {
    struct Outcome: Sendable {
        var result: LoadTestAccounting.Result
        var invalidFiles: Int
        var deliveredFiles: Int

        /// Transfers that did not reach exactly one terminal state, or whose money is not in
        /// exactly one delivered file.
        var lost: Int { result.unfinished + result.entriesMissing + result.eventsMissing }
        /// Transfers paid (or recorded) more than once, and entries in the files that belong to
        /// no transfer: money that would move without a payment behind it.
        var duplicated: Int { result.entriesRepeated + result.eventsRepeated + result.entriesUnknown }
    }

    let connection: PGConnection
    let bankKey: BankKey
    let outbox: String

    func run(originator: String, destination: String, since: Double, seeded: Int) async throws -> Outcome {
        try await connection.withSession { try LoadTestAccounting.prepare($0) }
        var invalid = 0
        let names = try FileManager.default.contentsOfDirectory(atPath: outbox).filter { $0.hasSuffix(".pgp") }.sorted()
        for name in names {
            let plain = try await bankKey.decrypt(outbox + "/" + name)
            let (file, report) = NACHAReader.readValidated(plain)
            if !report.isValid || file == nil { invalid += 1 }
            var entries: [LoadTestAccounting.ReadbackEntry] = []
            for batch in file?.batches ?? [] {
                for entry in batch.entries {
                    entries.append(
                        .init(
                            traceNumber: entry.detail.traceNumber, amountCents: entry.detail.amount,
                            isCredit: entry.detail.transactionCode.isCredit))
                }
            }
            let recorded = String(name.dropLast(".pgp".count))
            let staged = entries
            try await connection.withSession { try LoadTestAccounting.stage($0, fileName: recorded, entries: staged) }
        }
        var result = try await connection.withSession {
            try LoadTestAccounting.result($0, originator: originator, destination: destination, since: since)
        }
        // A generated transfer that never made it into the table is lost too.
        result.unfinished += max(0, seeded - result.found)
        return Outcome(result: result, invalidFiles: invalid, deliveredFiles: names.count)
    }
}
