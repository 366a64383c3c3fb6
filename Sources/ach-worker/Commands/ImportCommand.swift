import ACH
import ArgumentParser
import Foundation
import Store
import Worker

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Enqueue transfers from a CSV file (all or nothing; re-importing the same file adds nothing).",
        discussion: """
            Header columns: idempotency_key, originator, direction, amount, sec_code, receiver_name, receiver_id,
            routing_number, account_number, account_type, effective_date, same_day, entry_description, addenda,
            prenote, web_payment_type, authorization. amount is dollars (1234.56); addenda lines are separated
            by |; effective_date is YYYY-MM-DD or empty; booleans are true/false/empty.
            A file with any malformed row enqueues nothing and lists every bad row (exit 1). Rows that are
            well-formed but break a business rule are enqueued and rejected later by the rules, with codes.
            """)

    @OptionGroup var options: CommonOptions
    @Argument(help: "The CSV file.") var file: String

    /// Database limits that the CSV format itself does not have; checked here so that the
    /// operator gets line numbers instead of a constraint error.
    static let maxKeyLength = 255
    static let maxOriginatorLength = 64

    func run() async throws {
        let configuration = try options.loadConfiguration()
        let vault = try options.loadAccountVault(configuration)
        let logger = options.makeLogger(configuration)
        guard let data = FileManager.default.contents(atPath: file) else {
            printError("cannot read \(file)")
            throw ExitCode(2)
        }
        let rows: [ParsedTransferRow]
        switch TransferCSV.parse(Array(data)) {
        case .failure(let failure):
            printError(failure.rendered(fileName: file))
            printError("nothing was enqueued")
            throw ExitCode(1)
        case .success(let parsed):
            rows = parsed
        }
        var problems: [String] = []
        for row in rows {
            if row.transfer.idempotencyKey.utf8.count > Self.maxKeyLength {
                problems.append(
                    "\(file): line \(row.line), column idempotency_key: longer than \(Self.maxKeyLength) bytes")
            }
            if row.transfer.originator.utf8.count > Self.maxOriginatorLength {
                problems.append(
                    "\(file): line \(row.line), column originator: longer than \(Self.maxOriginatorLength) bytes")
            }
        }
        guard problems.isEmpty else {
            for problem in problems.prefix(1000) { printError(problem) }
            printError("\(problems.count) problem(s); nothing was enqueued")
            throw ExitCode(1)
        }
        let transfers = rows.map(\.transfer)
        let started = ContinuousClock.now
        let result = try await withDatabase(configuration, logger: logger) { session in
            try TransferSubmission.enqueue(session, transfers, vault: vault, actor: "import")
        }
        let elapsed = ContinuousClock.now - started
        if result.inserted == 0 && result.alreadyPresent > 0 {
            print("nothing new: all \(result.alreadyPresent) transfers of \(file) were already enqueued")
        } else {
            print(
                "enqueued \(result.inserted) transfers from \(file)"
                    + (result.alreadyPresent > 0
                        ? "; \(result.alreadyPresent) already enqueued (same idempotency key)" : "")
                    + " in \(seconds(elapsed))")
        }
    }
}

/// "1.23 s", for command output.
func seconds(_ duration: Duration) -> String {
    let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    return String(format: "%.2f s", value)
}
