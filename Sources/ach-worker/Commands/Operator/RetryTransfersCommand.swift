import ArgumentParser
import Store
import Worker

struct RetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract:
            "Retry failed work: transfers, file deliveries or callbacks (audited; --dry-run shows what would change).",
        subcommands: [RetryTransfersCommand.self, RetryFilesCommand.self, RetryCallbacksCommand.self])
}

/// The statuses `retry transfers --status` accepts: the only ones a retry can change.
enum RetryableStatus: String, ExpressibleByArgument, CaseIterable {
    case failed, rejected
}

struct RetryTransfersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfers",
        abstract: "Put failed (or rejected) transfers back to pending with a fresh attempt budget.",
        discussion: """
            Select by ids or idempotency keys, and/or --status, --code, --originator, --since, --until
            (without ids or keys the selection is --status failed unless --status or --code says otherwise).
            The pool validates retried transfers again. Refused, with the reason: transfers in a file
            (batched, sent, …: retrying could pay twice), rejected transfers whose rule still fails
            (checked now with the pool's rules), and anything pending, processing, accepted or cancelled.
            --since/--until compare with the time a transfer reached its current status.
            Exit 0 when every selected transfer was retried, 1 when nothing matched or any was refused.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var operatorOptions: OperatorOptions
    @Argument(help: "Transfer ids or idempotency keys.") var references: [String] = []
    @Option(help: "Only transfers in this status (repeatable).") var status: [RetryableStatus] = []
    @Option(help: "Only transfers rejected for this rule code (repeatable; implies --status rejected).")
    var code: [String] = []
    @Option(help: "Only this originator's transfers.") var originator: String?
    @Option(help: "Only transfers that reached their status at or after this time (ISO 8601, a date, or 6h/2d ago).")
    var since: TimeBound?
    @Option(help: "Only transfers that reached their status before this time.") var until: TimeBound?

    func run() async throws {
        let configuration = try common.loadConfiguration()
        let logger = common.makeLogger(configuration)
        let processor: RulesProcessor
        do {
            processor = try RulesProcessor(configuration: configuration)
        } catch {
            printError("configuration error: \(error)")
            throw ExitCode(2)
        }
        var filter = TransferFilter()
        filter.statuses = status.map(\.rawValue)
        filter.codes = code
        filter.originator = originator
        filter.since = since?.date
        filter.until = until?.date
        filter.limit = operatorOptions.limit
        let operation: TransferRetry
        do {
            operation = try TransferRetry(references: references, filter: filter, processor: processor)
        } catch let error as OperatorError {
            printError("retry transfers: \(error.message)")
            throw ExitCode(2)
        }
        let flow = OperatorFlow(
            options: operatorOptions, configuration: configuration, logger: logger, noun: "transfer")
        let result = try await flow.run(
            operation,
            selection: [
                "references": references.joined(separator: ","), "status": filter.statuses.joined(separator: ","),
                "code": code.joined(separator: ","), "originator": originator ?? "", "since": since?.text ?? "",
                "until": until?.text ?? "",
            ])
        try flow.finish(result, verbs: ("retried", "would retry"))
    }
}
