import ACH
import Store
import Validation

/// Groups due transfers into NACHA batches (SPEC §5): one batch per originator, SEC code,
/// effective date, same-day flag, entry description and direction (so each batch is
/// credits-only, 220, or debits-only, 225), entries in a stable order with ascending trace
/// sequences. Pure: no I/O.
enum FileLayout {
    struct BatchKey: Hashable, Comparable {
        var originator: String
        var secCode: String
        var effectiveDate: CalendarDate
        var sameDay: Bool
        var entryDescription: String
        var isCredit: Bool

        static func < (a: BatchKey, b: BatchKey) -> Bool {
            (a.originator, a.secCode, a.effectiveDate, a.sameDay ? 1 : 0, a.entryDescription, a.isCredit ? 0 : 1)
                < (b.originator, b.secCode, b.effectiveDate, b.sameDay ? 1 : 0, b.entryDescription, b.isCredit ? 0 : 1)
        }
    }

    struct Laid {
        var batches: [NACHAFileBuilder.Batch]
        var entries: [EntryRow]
    }

    /// Lays out `due` with trace sequences starting at `firstSequence`.
    static func layout(
        _ due: [DueTransfer], plan: DestinationPlan, firstSequence: Int64
    ) throws -> Laid {
        var groups: [BatchKey: [DueTransfer]] = [:]
        for item in due {
            let t = item.transfer
            let key = BatchKey(
                originator: t.originator, secCode: t.secCode, effectiveDate: item.effectiveDate, sameDay: item.sameDay,
                entryDescription: t.entryDescription, isCredit: t.direction == .credit)
            groups[key, default: []].append(item)
        }
        var sequence = firstSequence
        var batches: [NACHAFileBuilder.Batch] = []
        var rows: [EntryRow] = []
        for key in groups.keys.sorted() {
            guard let company = plan.companies[key.originator] else {
                throw FileAssemblyError("originator \(key.originator) is not configured for \(plan.name)")
            }
            var entries: [NACHAFileBuilder.Entry] = []
            for item in groups[key]! {
                let t = item.transfer
                guard let code = EntryClass.transactionCode(of: t) else {
                    throw FileAssemblyError(
                        "transfer \(t.id) has no transaction code (validation should have caught it)")
                }
                for (part, amount) in item.entryAmounts.enumerated() {
                    let trace = plan.config.odfiIdentification + pad7(sequence)
                    entries.append(
                        NACHAFileBuilder.Entry(
                            transactionCode: code, routingNumber: t.routingNumber, accountNumber: t.accountNumber,
                            amountCents: amount, receiverID: t.receiverID, receiverName: t.receiverName,
                            discretionaryData: t.secCode == "WEB" || t.secCode == "TEL"
                                ? (t.webPaymentType ?? "S") : "",
                            traceSequence: Int(sequence), addenda: t.addenda))
                    rows.append(EntryRow(transferID: t.id, part: part, traceNumber: trace, amountCents: amount))
                    sequence += 1
                }
            }
            batches.append(
                NACHAFileBuilder.Batch(
                    companyName: company.name, companyIdentification: company.identification,
                    secCode: SECCode(rawValue: key.secCode), entryDescription: key.entryDescription,
                    effectiveDate: key.effectiveDate, sameDay: key.sameDay,
                    odfiIdentification: plan.config.odfiIdentification, entries: entries))
        }
        return Laid(batches: batches, entries: rows)
    }

    static func pad7(_ value: Int64) -> String {
        let s = String(value)
        return String(repeating: "0", count: max(0, 7 - s.count)) + s
    }
}

/// File assembly could not proceed; nothing was recorded (the transaction rolled back).
struct FileAssemblyError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
