import ACH

// Rules 4–8: the receiving bank and account.
extension TransferRules {
    static let routingFormat = Rule(
        code: .routingFormat,
        description: "routing number is exactly nine digits"
    ) { f in
        // The value is not echoed: a nine-plus character string here may be a misplaced account number.
        f.routingIsNineDigits
            ? nil : "routing number must be exactly nine digits (got \(f.transfer.routingNumber.count) characters)"
    }

    static let routingCheckDigit = Rule(
        code: .routingCheckDigit,
        description: "routing number passes the ABA check digit (weights 3-7-1)"
    ) { f in
        // A malformed number is ROUTING_FORMAT's to report.
        guard let expected = f.routingExpectedCheckDigit, !f.routingCheckDigitIsValid else { return nil }
        return
            "routing number \(f.transfer.routingNumber) fails the ABA check digit (expected \(expected) as the ninth digit)"
    }

    static let routingFedSymbol = Rule(
        code: .routingFedSymbol,
        description: "routing number starts with a Federal Reserve routing symbol (00–12, 21–32, 61–72, 80)"
    ) { f in
        guard f.routingIsNineDigits, !f.routingHasFedSymbol else { return nil }
        let routing = f.transfer.routingNumber
        return "routing number \(routing) starts with \(routing.prefix(2)), not a Federal Reserve routing symbol"
    }

    static let accountNumberInvalid = Rule(
        code: .accountNumberInvalid,
        description: "account number is present, at most 17 letters, digits or hyphens, and not all zeros"
    ) { f in
        let account = f.transfer.accountNumber
        guard !TextChecks.isBlank(account) else { return "account number is missing" }
        var problems: [String] = []
        // Byte checks: allowed characters are ASCII, so UTF-8 length is the length when they pass.
        let allowed = account.utf8.allSatisfy { TextChecks.isASCIIAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        let length = allowed ? account.utf8.count : account.count
        if length > 17 {
            problems.append("account number \(f.maskedAccount) has \(length) characters; at most 17 fit")
        }
        if !allowed {
            problems.append("account number \(f.maskedAccount) may contain only letters, digits and hyphens")
        } else if account.utf8.allSatisfy({ $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "-") }) {
            problems.append("account number is all zeros")
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    static let accountTypeInvalid = Rule(
        code: .accountTypeInvalid,
        description: "account type is checking or savings (it selects the transaction code)"
    ) { f in
        f.accountType != nil
            ? nil : "account type \(TextChecks.quoted(f.transfer.accountType)) is not 'checking' or 'savings'"
    }
}
