import ACH

// Rules 1, 2, 3, 26, 28, 29: the amount and what may be done with it.
extension TransferRules {
    static let amountNotPositive = Rule(
        code: .amountNotPositive,
        description: "amount is a positive whole number of cents (zero only for a prenote)"
    ) { f in
        let amount = f.transfer.amountCents
        if f.transfer.prenote {
            return amount < 0 ? "amount \(TextChecks.dollars(amount)) is negative" : nil
        }
        return amount > 0 ? nil : "amount \(TextChecks.dollars(amount)) is not positive; only a prenote may be $0.00"
    }

    static let amountFieldLimit = Rule(
        code: .amountFieldLimit,
        description:
            "every entry fits the NACHA amount field ($99,999,999.99) after splitting, within the entry count limit"
    ) { f in
        let maxEntries = f.context.settings.maxEntriesPerTransfer
        guard let split = f.split, split.count > maxEntries else { return nil }
        return "amount \(TextChecks.dollars(split.total)) would need \(split.count) entries of at most "
            + "\(TextChecks.dollars(split.maxPart)); at most \(maxEntries) entries per transfer are allowed"
    }

    static let sameDayLimit = Rule(
        code: .sameDayLimit,
        description: "a Same Day ACH payment is at most the same-day per-payment limit ($1,000,000.00)"
    ) { f in
        let settings = f.context.settings
        let limit = settings.sameDayPaymentLimitCents
        guard f.schedule.sameDay, settings.sameDayOverLimitHandling == .reject, f.transfer.amountCents > limit
        else { return nil }
        return "same-day amount \(TextChecks.dollars(f.transfer.amountCents)) is over the Same Day ACH limit of "
            + "\(TextChecks.dollars(limit)) per payment; send it as a standard entry"
    }

    static let transferAmountLimit = Rule(
        code: .transferAmountLimit,
        description: "amount is at most the originator's per-transfer maximum"
    ) { f in
        guard let limit = f.policy?.maxTransferAmountCents, f.transfer.amountCents > limit else { return nil }
        return "amount \(TextChecks.dollars(f.transfer.amountCents)) is over originator '\(f.transfer.originator)'s "
            + "per-transfer maximum of \(TextChecks.dollars(limit))"
    }

    static let prenoteInvalid = Rule(
        code: .prenoteInvalid,
        description: "a prenote has amount zero and no addenda"
    ) { f in
        guard f.transfer.prenote else { return nil }
        var problems: [String] = []
        // A negative prenote amount is AMOUNT_NOT_POSITIVE's to report.
        if f.transfer.amountCents > 0 {
            problems.append("a prenote must be $0.00, not \(TextChecks.dollars(f.transfer.amountCents))")
        }
        if !f.transfer.addenda.isEmpty {
            problems.append("a prenote carries no addenda (found \(f.transfer.addenda.count))")
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    static let currencyNotUSD = Rule(
        code: .currencyNotUSD,
        description: "currency is USD"
    ) { f in
        f.transfer.currency == "USD"
            ? nil
            : "currency \(TextChecks.quoted(f.transfer.currency)) is not supported; ACH moves US dollars (USD) only"
    }
}
