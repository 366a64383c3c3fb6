import ArgumentParser
import Store
import Worker

struct RetryFilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "files",
        abstract: "Re-deliver files whose delivery failed (the same archived bytes; never re-assembled).",
        discussion: """
            Fix the cause first (host key, credentials, a different file at the bank), then retry: the file
            goes back to archived, due now, and the daemon or `flush` delivers it — or right away with
            --deliver. Select by file ids or names, and/or --destination, --since, --until (file creation
            time), or --all for every failed file. Files already sent or waiting are refused.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var operatorOptions: OperatorOptions
    @Argument(help: "File ids or names (as `ach-worker files` lists them).") var references: [String] = []
    @Option(help: "Only this destination's files.") var destination: String?
    @Option(help: "Only files created at or after this time (ISO 8601, a date, or 6h/2d ago).") var since: TimeBound?
    @Option(help: "Only files created before this time.") var until: TimeBound?
    @Flag(help: "Every failed file (with the other conditions).") var all = false
    @Flag(help: "Deliver the retried files now instead of leaving them to the daemon.") var deliver = false

    func run() async throws {
        let configuration = try common.loadConfiguration()
        let logger = common.makeLogger(configuration)
        if let destination, configuration.destinations[destination] == nil {
            printError("no destination named \(destination)")
            throw ExitCode(2)
        }
        var filter = FileFilter()
        filter.destination = destination
        filter.since = since?.date
        filter.until = until?.date
        filter.limit = operatorOptions.limit
        let operation: FileRetry
        do {
            operation = try FileRetry(references: references, all: all, filter: filter)
        } catch let error as OperatorError {
            printError("retry files: \(error.message)")
            throw ExitCode(2)
        }
        let flow = OperatorFlow(options: operatorOptions, configuration: configuration, logger: logger, noun: "file")
        var result = try await flow.run(
            operation,
            selection: [
                "references": references.joined(separator: ","), "destination": destination ?? "",
                "since": since?.text ?? "", "until": until?.text ?? "", "all": String(all), "deliver": String(deliver),
            ])
        if deliver && !result.dryRun && !result.changed.isEmpty {
            let coordinator = try makeCoordinator(configuration, logger: logger)
            let summary = await coordinator.run(
                destinations: FileRetry.destinations(of: result), assemble: false, ignoringBackoff: true)
            result.delivery = .init(sent: summary.sent.map(\.name), failures: summary.failures)
        }
        try flow.show(result, verbs: ("retried", "would retry"))
        if !operatorOptions.json, let delivery = result.delivery {
            for name in delivery.sent { print("sent      \(name)") }
            for failure in delivery.failures { printError("failed    \(failure)") }
        }
        if !result.succeeded || result.delivery?.failures.isEmpty == false { throw ExitCode(1) }
    }
}
