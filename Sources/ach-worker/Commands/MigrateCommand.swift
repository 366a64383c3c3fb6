import ArgumentParser
import Store
import Worker

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the database schema (safe to run twice, and from two hosts at once).")

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let configuration = try options.loadConfiguration()
        let logger = options.makeLogger(configuration)
        let connection = PGConnection(url: configuration.database.url, label: "migrate", logger: logger)
        do {
            let applied = try await Migrator.migrate(connection, logger: logger)
            print(applied.isEmpty ? "schema is up to date" : "applied: \(applied.joined(separator: ", "))")
        } catch let error as StoreError {
            printError("migration failed: \(error)")
            throw ExitCode(2)
        }
        await connection.close()
    }
}
