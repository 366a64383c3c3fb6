import ACH
import Validation

/// Turns the configuration's originators and validation section into the rules' own types.
extension WorkerConfiguration {
    func originatorPolicies() throws -> [OriginatorPolicy] {
        try originators.sorted { $0.key < $1.key }.map { name, o in
            var codes: Set<SECCode> = []
            for code in o.secCodes {
                guard let sec = EntryClass.secCode(code.uppercased()) else {
                    throw ConfigurationError(
                        .badValue, at: "originators.\(name).secCodes",
                        "unsupported SEC code \(code) (supported: PPD, CCD, CTX, WEB, TEL)")
                }
                codes.insert(sec)
            }
            return OriginatorPolicy(
                name: name, active: o.active, companyName: o.companyName, companyID: o.companyID,
                allowedSECCodes: codes,
                allowedDirections: Set(o.directions.compactMap(TransferDirection.init(rawValue:))),
                maxEntryAmountCents: o.maxEntryAmountCents, maxTransferAmountCents: o.maxTransferAmountCents,
                dailyDebitLimitCents: o.dailyDebitLimitCents, dailyCreditLimitCents: o.dailyCreditLimitCents,
                sameDayAllowed: o.sameDayAllowed)
        }
    }

    func validationSettings() throws -> ValidationSettings {
        guard let nonBankingDay = ValidationSettings.NonBankingDayHandling(rawValue: validation.nonBankingDay) else {
            throw ConfigurationError(
                .badValue, at: "validation.nonBankingDay",
                "expected rollForward or reject, got \(validation.nonBankingDay)")
        }
        guard let pastCutoff = ValidationSettings.SameDayCutoffHandling(rawValue: validation.sameDayPastCutoff) else {
            throw ConfigurationError(
                .badValue, at: "validation.sameDayPastCutoff",
                "expected rollToNextWindow, convertToStandard or reject, got \(validation.sameDayPastCutoff)")
        }
        guard let overLimit = ValidationSettings.SameDayOverLimitHandling(rawValue: validation.sameDayOverLimit) else {
            throw ConfigurationError(
                .badValue, at: "validation.sameDayOverLimit",
                "expected reject or split, got \(validation.sameDayOverLimit)")
        }
        return ValidationSettings(
            schedulingWindowDays: validation.schedulingWindowDays, nonBankingDayHandling: nonBankingDay,
            sameDayCutoffHandling: pastCutoff, sameDayOverLimitHandling: overLimit,
            duplicateWindowDays: validation.duplicateWindowDays,
            blockedParties: BlockedParties(
                names: validation.blockedNames,
                accounts: validation.blockedAccounts.map { BlockedParties.Account(accountNumber: $0) }),
            sameDayPaymentLimitCents: validation.sameDayLimitCents)
    }

    func sameDaySchedule() throws -> SameDaySchedule {
        var cutoffs: [TimeOfDay] = []
        for text in validation.sameDayCutoffs {
            guard let (h, m) = Self.parseTime(text), let time = TimeOfDay(hour: h, minute: m) else {
                throw ConfigurationError(.badValue, at: "validation.sameDayCutoffs", "expected HH:MM, got \(text)")
            }
            cutoffs.append(time)
        }
        return SameDaySchedule(cutoffs: cutoffs)
    }
}
