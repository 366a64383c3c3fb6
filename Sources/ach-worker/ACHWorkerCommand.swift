import ArgumentParser
import Foundation

@main
struct ACHWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ach-worker",
        abstract: "ACH payment worker pool: validates transfers from PostgreSQL and turns them into NACHA files.",
        discussion: """
            Exit codes: 0 success, 1 nothing matched / invalid input / refused, 2 usage or configuration error.
            Configuration: Config/ach-worker.yaml (or --config / ACH_WORKER_CONFIG); DATABASE_URL overrides the database.
            """,
        subcommands: [
            RunCommand.self, MigrateCommand.self, ImportCommand.self, StatusCommand.self, InspectCommand.self,
            FlushCommand.self, FilesCommand.self, ValidateCommand.self, RulesCommand.self, RetryCommand.self,
            CancelCommand.self, KeysCommand.self, CallbacksCommand.self,
        ])

    /// ArgumentParser's own `main`, except that a usage error (unknown flag, missing `--reason`,
    /// bad value) exits 2 as documented, not 64 (EX_USAGE): scripts get one code for "you called
    /// it wrong", whether the arguments or the configuration are wrong.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                printError(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
