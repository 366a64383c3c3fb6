import ACH

// Rules 9–13 and 17: what the SEC code requires of the entry.
extension TransferRules {
    static let transactionCodeInvalid = Rule(
        code: .transactionCodeInvalid,
        description:
            "direction, account type and prenote give a transaction code the SEC code allows (TEL: debits only)"
    ) { f in
        // Unknown SEC code or account type are reported by their own rules.
        guard let sec = f.secCode, f.accountType != nil, f.transactionCode == nil else { return nil }
        return "\(sec.rawValue) entries cannot be \(f.transfer.direction.rawValue)s: "
            + "no transaction code exists for a \(sec.rawValue) \(f.transfer.direction.rawValue)"
    }

    static let secCodeUnsupported = Rule(
        code: .secCodeUnsupported,
        description: "SEC code is one of PPD, CCD, CTX, WEB, TEL"
    ) { f in
        f.secCode != nil
            ? nil : "SEC code \(TextChecks.quoted(f.transfer.secCode)) is not supported; use PPD, CCD, CTX, WEB or TEL"
    }

    /// There is no receiver-type column, so "fits the receiver" is judged from what the transfer
    /// carries: corporate codes (CCD, CTX) go to a business that must be identified in
    /// `receiver_id`, and a CTX exists to carry EDI remittance, so a CTX payment needs at least
    /// one addenda. Consumer codes (PPD, WEB, TEL) need nothing beyond the checking/savings
    /// account (ACCOUNT_TYPE_INVALID) and, for debits, the consumer's authorization
    /// (AUTHORIZATION_MISSING).
    static let secCodeReceiverMismatch = Rule(
        code: .secCodeReceiverMismatch,
        description:
            "SEC code fits the receiver: CCD/CTX identify the receiving company (receiver_id); a CTX payment has addenda"
    ) { f in
        guard let sec = f.secCode, !sec.isConsumer else { return nil }
        var problems: [String] = []
        if TextChecks.isBlank(f.transfer.receiverID) {
            problems.append("\(sec.rawValue) entries go to a business: receiver_id must identify the receiving company")
        }
        if sec == .ctx && !f.transfer.prenote && f.transfer.addenda.isEmpty {
            problems.append("a CTX entry carries its remittance in addenda: at least one addenda line is required")
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    static let webPaymentType = Rule(
        code: .webPaymentType,
        description: "a WEB debit has payment type S (single) or R (recurring)"
    ) { f in
        guard f.secCode == .web else { return nil }
        let type = f.transfer.webPaymentType ?? ""
        if type == "S" || type == "R" { return nil }
        if TextChecks.isBlank(type) {
            return f.transfer.direction == .debit ? "WEB debits need payment type S (single) or R (recurring)" : nil
        }
        return "WEB payment type \(TextChecks.quoted(type)) is not S (single) or R (recurring)"
    }

    static let authorizationMissing = Rule(
        code: .authorizationMissing,
        description: "a debit carries the reference of the receiver's authorization"
    ) { f in
        guard f.transfer.direction == .debit, TextChecks.isBlank(f.transfer.authorization) else { return nil }
        return "debits need an authorization reference: we may only collect with the receiver's consent on record"
    }

    static let addendaCount = Rule(
        code: .addendaCount,
        description: "addenda count fits the SEC code (PPD/CCD/WEB at most 1, TEL none, CTX at most 9,999)"
    ) { f in
        guard let sec = f.secCode, f.transfer.addenda.count > sec.maximumAddenda else { return nil }
        return
            "\(sec.rawValue) entries carry at most \(sec.maximumAddenda) addenda; this one has \(f.transfer.addenda.count)"
    }
}
