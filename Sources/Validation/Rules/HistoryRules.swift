import ACH

// Rules 23–25 and 27: checks against other transfers and lists. The database side comes from
// `TransferHistory`; the same-batch side is `TransferValidator.applyBatchLimits`.
extension TransferRules {
    static let idempotencyKeyMissing = Rule(
        code: .idempotencyKeyMissing,
        description: "an idempotency key is present (it is what makes a retried request safe)"
    ) { f in
        TextChecks.isBlank(f.transfer.idempotencyKey) ? "idempotency key is missing" : nil
    }

    static let idempotencyKeyReused = Rule(
        code: .idempotencyKeyReused,
        description: "idempotency key (trimmed, case-folded) not used before by the same originator"
    ) { f in
        guard !TextChecks.isBlank(f.transfer.idempotencyKey) else { return nil }
        let key = IdempotencyKey(originator: f.transfer.originator, rawKey: f.transfer.idempotencyKey)
        guard f.context.history.idempotencyKeysInUse.contains(key) else { return nil }
        return TextChecks.keyReusedMessage(f.transfer)
    }

    static let probableDuplicate = Rule(
        code: .probableDuplicate,
        description: "no other transfer of the originator to the same account, direction, amount and effective date"
    ) { f in
        guard let key = TransferRules.duplicateKey(f), let count = f.context.history.duplicateCounts[key], count > 0
        else { return nil }
        return TextChecks.duplicateMessage(key, count: count, maskedAccount: f.maskedAccount)
    }

    static let dailyExposureLimit = Rule(
        code: .dailyExposureLimit,
        description: "originator's daily debit and credit exposure limits per effective date (checked over the batch)",
        check: nil)

    static let blockedParty = Rule(
        code: .blockedParty,
        description: "receiver name and account are not on the blocked-parties list"
    ) { f in
        let blocked = f.context.settings.blockedParties
        guard !blocked.isEmpty else { return nil }
        var problems: [String] = []
        if let name = blocked.blockedName(matching: f.transfer.receiverName) {
            problems.append("receiver name matches blocked party \(TextChecks.quoted(name))")
        }
        if blocked.blocksAccount(routingNumber: f.transfer.routingNumber, accountNumber: f.transfer.accountNumber) {
            problems.append("receiver account \(f.maskedAccount) is on the blocked-parties list")
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    /// The key rule 24 compares, or nil when it does not apply: prenotes move no money, a
    /// transfer without a settlement date has nothing to compare, and window 0 turns it off.
    static func duplicateKey(_ f: TransferFacts) -> DuplicateKey? {
        guard f.context.settings.duplicateWindowDays > 0, !f.transfer.prenote, let date = f.schedule.effectiveDate
        else { return nil }
        return DuplicateKey(
            originator: f.transfer.originator, routingNumber: f.transfer.routingNumber,
            accountNumber: f.transfer.accountNumber, direction: f.transfer.direction,
            amountCents: f.transfer.amountCents, effectiveDate: date)
    }
}

extension TextChecks {
    static func keyReusedMessage(_ transfer: Transfer) -> String {
        "idempotency key \(quoted(transfer.idempotencyKey)) was already used by another transfer of originator "
            + "\(quoted(transfer.originator)); a repeated key is the same request, not a second payment"
    }

    static func duplicateMessage(_ key: DuplicateKey, count: Int, maskedAccount: String) -> String {
        let others = count == 1 ? "another transfer" : "\(count) other transfers"
        return "probable duplicate: \(others) of \(dollars(key.amountCents)) to account \(maskedAccount) "
            + "settling \(key.effectiveDate)"
    }
}
