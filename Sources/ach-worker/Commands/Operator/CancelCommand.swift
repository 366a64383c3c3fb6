import ArgumentParser
import Store
import Worker

struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel transfers that are not in a file yet (audited; --dry-run shows what would change).",
        discussion: """
            Pending, processing, accepted and failed transfers can be cancelled; an accepted one gives its
            amount back to the originator's daily exposure. Batched or sent transfers are refused (ask the
            bank for a reversal), and so are rejected ones (they are never paid).
            Exit 0 when every named transfer was cancelled, 1 when any was not found or refused.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var operatorOptions: OperatorOptions
    @Argument(help: "Transfer ids or idempotency keys.") var references: [String]
    @Option(help: "The originator, when an idempotency key is used by several.") var originator: String?

    func run() async throws {
        let configuration = try common.loadConfiguration()
        let logger = common.makeLogger(configuration)
        let operation: TransferCancel
        do {
            operation = try TransferCancel(references: references, originator: originator)
        } catch let error as OperatorError {
            printError("cancel: \(error.message)")
            throw ExitCode(2)
        }
        let flow = OperatorFlow(
            options: operatorOptions, configuration: configuration, logger: logger, noun: "transfer")
        let result = try await flow.run(
            operation,
            selection: ["references": references.joined(separator: ","), "originator": originator ?? ""])
        try flow.finish(result, verbs: ("cancelled", "would cancel"))
    }
}
