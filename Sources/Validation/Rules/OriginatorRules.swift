import ACH

// Rule 22, one code per reason so an operator (and the rejection metrics) can tell an unknown
// originator from an offboarded one or one outside its agreement.
extension TransferRules {
    static let originatorUnknown = Rule(
        code: .originatorUnknown,
        description: "originator is configured"
    ) { f in
        f.policy != nil ? nil : "originator \(TextChecks.quoted(f.transfer.originator)) is not configured"
    }

    static let originatorInactive = Rule(
        code: .originatorInactive,
        description: "originator is active"
    ) { f in
        guard let policy = f.policy, !policy.active else { return nil }
        return "originator '\(policy.name)' is not active"
    }

    static let originatorSECCodeNotAllowed = Rule(
        code: .originatorSECCodeNotAllowed,
        description: "originator may use this SEC code"
    ) { f in
        guard let policy = f.policy, let sec = f.secCode, !policy.allowedSECCodes.contains(sec) else { return nil }
        let allowed = policy.allowedSECCodes.map(\.rawValue).sorted().joined(separator: ", ")
        return "originator '\(policy.name)' may not send \(sec.rawValue) entries (allowed: "
            + (allowed.isEmpty ? "none" : allowed) + ")"
    }

    static let originatorDirectionNotAllowed = Rule(
        code: .originatorDirectionNotAllowed,
        description: "originator may send this direction (credit or debit)"
    ) { f in
        guard let policy = f.policy, !policy.allowedDirections.contains(f.transfer.direction) else { return nil }
        return "originator '\(policy.name)' may not send \(f.transfer.direction.rawValue)s"
    }

    static let originatorSameDayNotAllowed = Rule(
        code: .originatorSameDayNotAllowed,
        description: "originator may request Same Day ACH"
    ) { f in
        guard let policy = f.policy, f.transfer.sameDay, !policy.sameDayAllowed else { return nil }
        return "originator '\(policy.name)' may not request Same Day ACH"
    }
}
