/// Control totals derived from the entries: what the builder writes and what the validator
/// expects to find.
enum NACHAControlMath {
    /// The entry hash keeps the last ten digits of the sum (NACHA Appendix 3).
    static let hashModulus: Int64 = 10_000_000_000

    /// The numeric value of the first eight characters of a routing number (non-digits count 0,
    /// so a malformed routing number still yields a hash the validator can compare).
    static func hashContribution(_ routing: String) -> Int64 {
        var value: Int64 = 0
        var count = 0
        for b in routing.utf8 {
            guard count < 8 else { break }
            let d = b &- NACHAByte.zero
            value = value * 10 + (d < 10 ? Int64(d) : 0)
            count += 1
        }
        return value
    }
}

extension NACHABatch {
    /// This batch's control record as the entries and header say it should be. Totals beyond
    /// twelve digits are returned as computed; the builder rejects them.
    public func computedControl() -> BatchControlRecord {
        var hash: Int64 = 0
        var debit: Int64 = 0
        var credit: Int64 = 0
        for entry in entries {
            let d = entry.detail
            hash = (hash + NACHAControlMath.hashContribution(d.rdfiRoutingNumber)) % NACHAControlMath.hashModulus
            if d.transactionCode.isDebit { debit += d.amount } else { credit += d.amount }
        }
        return BatchControlRecord(
            serviceClassCode: header.serviceClassCode, entryAddendaCount: entryAddendaCount, entryHash: hash,
            totalDebit: debit, totalCredit: credit, companyIdentification: header.companyIdentification,
            messageAuthenticationCode: control.messageAuthenticationCode,
            odfiIdentification: header.odfiIdentification, batchNumber: header.batchNumber)
    }
}

extension NACHAFile {
    /// The file control as the batches say it should be (using their stored controls).
    public func computedControl() -> FileControlRecord {
        var hash: Int64 = 0
        var debit: Int64 = 0
        var credit: Int64 = 0
        var count = 0
        for batch in batches {
            hash = (hash + batch.control.entryHash) % NACHAControlMath.hashModulus
            debit += batch.control.totalDebit
            credit += batch.control.totalCredit
            count += batch.control.entryAddendaCount
        }
        return FileControlRecord(
            batchCount: batches.count, blockCount: paddedRecordCount / NACHALayout.blockingFactor,
            entryAddendaCount: count, entryHash: hash, totalDebit: debit, totalCredit: credit)
    }

    /// Recomputes every batch control and then the file control from the entries.
    public mutating func recomputeControls() {
        for i in batches.indices { batches[i].control = batches[i].computedControl() }
        control = computedControl()
    }
}
