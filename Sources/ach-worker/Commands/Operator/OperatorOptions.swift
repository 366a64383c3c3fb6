import ArgumentParser
import Foundation
import Worker

/// Flags every operator command shares (`retry …`, `cancel`).
struct OperatorOptions: ParsableArguments {
    @Option(help: "Why (required): recorded with your name in the audit trail and on every event written.")
    var reason: String

    @Option(name: .customLong("operator"), help: "Who you are (default: your OS account).")
    var operatorName: String?

    @Flag(help: "Print exactly what would change, and change nothing.")
    var dryRun = false

    @Flag(help: "Do not ask before changing a large selection.")
    var yes = false

    @Option(help: "Ask before changing more than this many records (refused without a terminal unless --yes).")
    var confirmOver = 100

    @Option(help: "Select at most this many records per run (oldest first).")
    var limit = 10_000

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("--reason must say why (it is recorded in the audit trail)")
        }
        guard reason.count <= 2000 else { throw ValidationError("--reason is longer than 2,000 characters") }
        if let operatorName, operatorName.trimmingCharacters(in: .whitespaces).isEmpty || operatorName.count > 128 {
            throw ValidationError("--operator must be a name of 1 to 128 characters")
        }
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
        guard confirmOver >= 0 else { throw ValidationError("--confirm-over cannot be negative") }
    }

    /// The flags as the audit row records them, next to each command's own selection.
    var recorded: [String: String] {
        ["dry_run": String(dryRun), "yes": String(yes), "confirm_over": String(confirmOver), "limit": String(limit)]
    }
}

/// `--since` / `--until`, in the forms `OperatorTime.parse` reads.
struct TimeBound: ExpressibleByArgument, Sendable {
    let date: Date
    let text: String

    init?(argument: String) {
        guard let date = OperatorTime.parse(argument, now: Date()) else { return nil }
        self.date = date
        self.text = argument
    }
}
