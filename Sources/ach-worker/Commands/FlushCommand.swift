import ArgumentParser
import Foundation
import Logging
import Store
import Worker

struct FlushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flush",
        abstract: "Assemble due accepted transfers into NACHA files now and deliver them (as at a cutoff).")

    @OptionGroup var options: CommonOptions
    @Option(name: .long, help: "Only this destination (default: all).") var destination: String?
    @Flag(name: .long, help: "Print JSON.") var json = false

    func run() async throws {
        let configuration = try options.loadConfiguration()
        let logger = options.makeLogger(configuration)
        if let destination, configuration.destinations[destination] == nil {
            printError(
                "no destination named \(destination) (configured: \(configuration.destinations.keys.sorted().joined(separator: ", ")))"
            )
            throw ExitCode(2)
        }
        let coordinator = try makeCoordinator(configuration, logger: logger)
        let summary = await coordinator.run(destinations: destination.map { [$0] }, ignoringBackoff: true)
        if json {
            try printJSON(FlushResult(summary))
        } else {
            for file in summary.assembled {
                print(
                    "assembled \(file.name): \(file.entryCount) entries in \(file.batchCount) batches, archive \(file.archivePath)"
                )
            }
            for file in summary.sent { print("sent      \(file.name) to \(file.destination)") }
            for failure in summary.failures { printError("failed    \(failure)") }
            if summary.assembled.isEmpty && summary.sent.isEmpty && summary.failures.isEmpty {
                print("nothing due")
            }
        }
        if !summary.failures.isEmpty { throw ExitCode(1) }
    }
}

struct FlushResult: Encodable {
    var assembled: [String]
    var sent: [String]
    var failures: [String]

    init(_ summary: FileCoordinator.Summary) {
        assembled = summary.assembled.map(\.name)
        sent = summary.sent.map(\.name)
        failures = summary.failures
    }
}

/// The coordinator, or exit 2 when a destination's keys or settings are wrong.
func makeCoordinator(_ configuration: WorkerConfiguration, logger: Logger) throws -> FileCoordinator {
    do {
        return try FileCoordinator(configuration: configuration, actor: configuration.workerID, logger: logger)
    } catch {
        printError("configuration error: \(error)")
        throw ExitCode(2)
    }
}
