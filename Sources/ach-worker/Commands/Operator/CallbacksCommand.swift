import ArgumentParser
import Store
import Worker

struct CallbacksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callbacks",
        abstract: "Manage callback endpoints (re-enable one that answered 410 Gone).",
        subcommands: [CallbacksEnableCommand.self])
}

struct CallbacksEnableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enable",
        abstract: "Re-enable callback endpoints that a 410 Gone disabled (audited; --dry-run shows what would change).",
        discussion: """
            Deliveries to a disabled endpoint wait (they do not age towards dead). Once re-enabled they are
            due at once, in order per transfer. Exit 0 when every named endpoint was re-enabled, 1 when any
            was not found or not disabled.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var operatorOptions: OperatorOptions
    @Argument(help: "Originators whose endpoint to re-enable.") var originators: [String]

    func run() async throws {
        let configuration = try common.loadConfiguration()
        let logger = common.makeLogger(configuration)
        let operation: EndpointEnable
        do {
            operation = try EndpointEnable(originators: originators)
        } catch let error as OperatorError {
            printError("callbacks enable: \(error.message)")
            throw ExitCode(2)
        }
        let flow = OperatorFlow(
            options: operatorOptions, configuration: configuration, logger: logger, noun: "endpoint")
        let result = try await flow.run(operation, selection: ["originators": originators.joined(separator: ",")])
        try flow.finish(result, verbs: ("re-enabled", "would re-enable"))
    }
}
