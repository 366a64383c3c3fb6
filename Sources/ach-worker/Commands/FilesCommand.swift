import ArgumentParser
import Foundation
import Store

struct FilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "files", abstract: "List recent NACHA files: status, counts, totals, SHA-256 and archive path.")

    @OptionGroup var options: CommonOptions
    @Option(name: .long, help: "How many (newest first).") var limit = 50
    @Flag(name: .long, help: "Print JSON.") var json = false

    func run() async throws {
        let configuration = try options.loadConfiguration()
        let logger = options.makeLogger(configuration)
        let limit = self.limit
        let files = try await withDatabase(configuration, logger: logger) { try FileStore.recent($0, limit: limit) }
        if json {
            try printJSON(files)
            return
        }
        if files.isEmpty { print("no files yet") }
        for f in files {
            print(
                "\(f.createdAt)  \(f.status.padding(toLength: 8, withPad: " ", startingAt: 0))  \(f.destination)  \(f.name)  "
                    + "\(f.entryCount) entries  debits \(formatCents(f.debitTotalCents))  credits \(formatCents(f.creditTotalCents))"
            )
            print("    id \(f.id)  sha256 \(f.sha256)")
            print("    archive \(f.archivePath)")
            if let error = f.lastError { print("    last error (attempt \(f.attempts)): \(error)") }
        }
    }
}
