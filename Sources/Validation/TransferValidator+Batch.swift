import ACH

extension TransferValidator {
    /// Step 2 of the contract (see `TransferValidator`): the rules that depend on the other
    /// transfers of the batch. `evaluations` must be in claim order (oldest first): when two
    /// transfers collide, the earlier one wins. Returns the evaluations in the same order.
    public func applyBatchLimits(to evaluations: [Evaluation], in context: ValidationContext) -> [Evaluation] {
        let enabled = Set(rules.map(\.code))
        let order = Dictionary(rules.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        var keysSeen = Set<IdempotencyKey>(minimumCapacity: evaluations.count)
        var acceptedDuplicates = [DuplicateKey: Int](minimumCapacity: evaluations.count)
        var exposureAccepted: [ExposureKey: Int64] = [:]
        var result = evaluations

        for index in result.indices {
            var evaluation = result[index]
            var added: [RuleViolation] = []

            // Any earlier transfer of the batch used the key, accepted or not: a rejected request
            // still owns its key.
            if enabled.contains(.idempotencyKeyReused), let key = evaluation.idempotencyKey,
                !keysSeen.insert(key).inserted, !evaluation.codes.contains(.idempotencyKeyReused)
            {
                added.append(RuleViolation(code: .idempotencyKeyReused, message: keyReusedInBatch(key)))
            }

            if enabled.contains(.probableDuplicate), let key = evaluation.duplicateKey,
                let count = acceptedDuplicates[key], !evaluation.codes.contains(.probableDuplicate)
            {
                let masked = Transfer.mask(key.accountNumber)
                let message =
                    TextChecks.duplicateMessage(key, count: count, maskedAccount: masked) + " in the same batch"
                added.append(RuleViolation(code: .probableDuplicate, message: message))
            }

            let exposureKey = evaluation.exposureKey
            if enabled.contains(.dailyExposureLimit), let exposureKey,
                let limit = context.originators[evaluation.originator]?.dailyLimitCents(for: evaluation.direction)
            {
                let used = BatchText.add(
                    context.history.exposureUsedCents[exposureKey] ?? 0, exposureAccepted[exposureKey] ?? 0)
                let total = BatchText.add(used, evaluation.amountCents)
                if total > limit {
                    added.append(
                        RuleViolation(
                            code: .dailyExposureLimit,
                            message: BatchText.exposureMessage(
                                exposureKey, amount: evaluation.amountCents, used: used, limit: limit)))
                }
            }

            if !added.isEmpty {
                evaluation.violations += added
                evaluation.violations.sort { (order[$0.code] ?? Int.max) < (order[$1.code] ?? Int.max) }
            }
            if evaluation.isAccepted {
                if let key = evaluation.duplicateKey { acceptedDuplicates[key, default: 0] += 1 }
                if let exposureKey {
                    exposureAccepted[exposureKey] = BatchText.add(
                        exposureAccepted[exposureKey] ?? 0, evaluation.amountCents)
                }
            }
            result[index] = evaluation
        }
        return result
    }

    private func keyReusedInBatch(_ key: IdempotencyKey) -> String {
        "idempotency key \(TextChecks.quoted(key.key)) is used by an earlier transfer of originator "
            + "\(TextChecks.quoted(key.originator)) in the same batch; a repeated key is the same request, "
            + "not a second payment"
    }
}

enum BatchText {
    /// Saturating: exposure sums from the database plus huge (already rejected) amounts must not trap.
    static func add(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? Int64.max : Int64.min) : sum
    }

    static func exposureMessage(_ key: ExposureKey, amount: Int64, used: Int64, limit: Int64) -> String {
        let kind = key.direction == .debit ? "debit" : "credit"
        return "\(kind) of \(TextChecks.dollars(amount)) would bring originator \(TextChecks.quoted(key.originator))'s "
            + "\(kind)s settling \(key.effectiveDate) to \(TextChecks.dollars(add(used, amount))), over its daily "
            + "\(kind) limit of \(TextChecks.dollars(limit)) (\(TextChecks.dollars(used)) already committed)"
    }
}
