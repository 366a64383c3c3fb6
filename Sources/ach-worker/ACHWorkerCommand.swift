import ArgumentParser

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
            FlushCommand.self, FilesCommand.self, ValidateCommand.self, RulesCommand.self,
        ])
}
