import ArgumentParser
import Store
import Worker

struct RetryCallbacksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callbacks",
        abstract: "Re-queue dead callback events (webhooks whose receiver failed for about a day).",
        discussion: """
            Select by event ids, and/or --originator, --event-type, --since, --until (event creation time),
            or --all for every dead event. Events that are not dead are refused.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var operatorOptions: OperatorOptions
    @Argument(help: "Callback event ids.") var ids: [String] = []
    @Option(help: "Only this originator's events.") var originator: String?
    @Option(help: "Only events of this type, e.g. transfer.rejected (repeatable).") var eventType: [String] = []
    @Option(help: "Only events created at or after this time (ISO 8601, a date, or 6h/2d ago).") var since: TimeBound?
    @Option(help: "Only events created before this time.") var until: TimeBound?
    @Flag(help: "Every dead event (with the other conditions).") var all = false

    func run() async throws {
        let configuration = try common.loadConfiguration()
        let logger = common.makeLogger(configuration)
        var filter = CallbackRedelivery.Filter()
        filter.ids = ids
        filter.originator = originator
        filter.eventTypes = eventType
        filter.since = since?.date
        filter.until = until?.date
        filter.limit = operatorOptions.limit
        let operation: CallbackRetry
        do {
            operation = try CallbackRetry(filter: filter, all: all)
        } catch let error as OperatorError {
            printError("retry callbacks: \(error.message)")
            throw ExitCode(2)
        }
        let flow = OperatorFlow(
            options: operatorOptions, configuration: configuration, logger: logger, noun: "callback")
        let result = try await flow.run(
            operation,
            selection: [
                "ids": ids.joined(separator: ","), "originator": originator ?? "",
                "event_type": eventType.joined(separator: ","), "since": since?.text ?? "", "until": until?.text ?? "",
                "all": String(all),
            ])
        try flow.finish(result, verbs: ("retried", "would retry"))
    }
}
