import ArgumentParser
import Store

struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show one transfer, its events and its rejections (account numbers masked).")

    @OptionGroup var options: CommonOptions
    @Argument(help: "Transfer id (uuid) or idempotency key.") var reference: String
    @Flag(name: .long, help: "Print JSON.") var json = false

    func run() async throws {
        let configuration = try options.loadConfiguration()
        let logger = options.makeLogger(configuration)
        let reference = self.reference
        let found = try await withDatabase(configuration, logger: logger) {
            try TransferDetails.load($0, idOrKey: reference)
        }
        guard !found.isEmpty else {
            printError("no transfer has id or idempotency key \"\(reference)\"")
            throw ExitCode(1)
        }
        if json {
            if found.count == 1 { try printJSON(found[0]) } else { try printJSON(found) }
            return
        }
        for details in found { print(render(details)) }
    }

    private func render(_ d: TransferDetails) -> String {
        var lines = [
            "transfer   \(d.id)",
            "key        \(d.idempotencyKey) (originator \(d.originator))",
            "status     \(d.status) after \(d.attempts) attempt(s)",
            "payment    \(d.direction) \(formatCents(d.amountCents)) \(d.secCode) to \(d.receiverName), "
                + "routing \(d.routingNumber), account \(d.account)",
        ]
        if let date = d.resolvedEffectiveDate ?? d.effectiveDate { lines.append("effective  \(date)") }
        if d.entryAmounts.count > 1 {
            lines.append(
                "entries    \(d.entryAmounts.count) (split: \(d.entryAmounts.map(formatCents).joined(separator: " + ")))"
            )
        }
        if let file = d.file {
            let sent = file.sentAt.map { " at \($0)" } ?? ""
            lines.append("file       \(file.name) (\(file.destination), \(file.status)\(sent)) id \(file.id)")
            if file.status != "sent", let error = file.lastError {
                lines.append("file error \(error) (attempt \(file.attempts))")
            }
        } else if let file = d.fileID {
            lines.append("file       \(file)")
        }
        if !d.traceNumbers.isEmpty { lines.append("traces     \(d.traceNumbers.joined(separator: ", "))") }
        if let error = d.lastError { lines.append("last error \(error)") }
        if let owner = d.leaseOwner { lines.append("leased by  \(owner)") }
        if d.status == "pending", let runAt = d.runAt { lines.append("due at     \(runAt)") }
        if let decided = d.decidedAt { lines.append("decided at \(decided)") }
        if let callbacks = d.callbacks {
            if callbacks.isEmpty { lines.append("callbacks  none (no callback URL for this originator, or none yet)") }
            for c in callbacks {
                var line = "callback   \(c.eventType) \(c.id): \(c.status) after \(c.attempts) attempt(s)"
                if let at = c.deliveredAt { line += " at \(at)" }
                if let at = c.nextAttemptAt { line += ", next attempt \(at)" }
                if let error = c.lastError { line += ", last error: \(error)" }
                lines.append(line)
            }
        } else {
            lines.append("callbacks  n/a (no callback outbox yet)")
        }
        for r in d.rejections { lines.append("rejected   \(r.code): \(r.message)") }
        lines.append("events:")
        for e in d.events {
            lines.append(
                "  \(e.at)  \(e.from ?? "-") → \(e.to)  attempt \(e.attempt)  by \(e.actor)\(e.detail.map { "  \($0)" } ?? "")"
            )
        }
        return lines.joined(separator: "\n")
    }
}

/// 123456 → "$1,234.56".
func formatCents(_ cents: Int64) -> String {
    let dollars = String(cents / 100)
    var grouped = ""
    for (i, ch) in dollars.reversed().enumerated() {
        if i > 0 && i % 3 == 0 { grouped.append(",") }
        grouped.append(ch)
    }
    let rest = cents % 100
    return "$" + String(grouped.reversed()) + "." + (rest < 10 ? "0" : "") + String(rest)
}
