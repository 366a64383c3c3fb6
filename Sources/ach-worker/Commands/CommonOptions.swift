import ArgumentParser
import Foundation
import Logging
import Store
import Vault
import Worker

/// Options every command that touches the database or configuration shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default: $ACH_WORKER_CONFIG or Config/ach-worker.yaml).")
    var config: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String?

    /// Loads configuration, or exits 2 with the problem and where it is.
    func loadConfiguration() throws -> WorkerConfiguration {
        do {
            var configuration = try WorkerConfiguration.load(path: config)
            if let logLevel { configuration.logging.level = logLevel }
            return configuration
        } catch let error as ConfigurationError {
            printError("configuration error: \(error)")
            throw ExitCode(2)
        }
    }

    /// The vault that seals account numbers, or exits 2 naming the `accountKeys` problem.
    func loadAccountVault(_ configuration: WorkerConfiguration) throws -> AccountVault {
        do {
            return try configuration.accountVault()
        } catch let error as ConfigurationError {
            printError("configuration error: \(error)")
            throw ExitCode(2)
        }
    }

    func makeLogger(_ configuration: WorkerConfiguration, label: String = "ach-worker") -> Logger {
        bootstrapLogging()
        var logger = Logger(label: label)
        logger.logLevel = Logger.Level(rawValue: configuration.logging.level) ?? .info
        return logger
    }
}

/// Logs go to stderr so that stdout stays the command's own output (JSON for `--json`).
private let loggingBootstrapped: Void = LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label)
}

func bootstrapLogging() { _ = loggingBootstrapped }

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Runs `body` on a fresh connection and closes it; a database error becomes exit code 2 with a
/// message saying what failed, since every command needs the database to do anything.
func withDatabase<T: Sendable>(
    _ configuration: WorkerConfiguration, logger: Logger, _ body: @escaping @Sendable (PGSession) throws -> T
) async throws -> T {
    let connection = PGConnection(url: configuration.database.url, label: "cli", logger: logger)
    defer { Task { await connection.close() } }
    do {
        return try await connection.withSession(body)
    } catch let error as StoreError where error.code == .connectionFailed {
        printError("database unreachable: \(error.message)")
        throw ExitCode(2)
    }
}

/// JSON for `--json` output: stable key order, so scripts and diffs stay readable.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
