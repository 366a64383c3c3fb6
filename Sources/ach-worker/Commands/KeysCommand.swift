import ArgumentParser
import Foundation
import Store
import Vault
import Worker

/// The keys that seal account numbers at rest: create the key file, make a new key, rotate.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Account-number keys: create the key file, make a new key, re-seal under the current key.",
        discussion: """
            Rotation: `ach-worker keys new k2 >> KEYFILE`, set accountKeys.current to k2, restart or reload the
            daemons, run `ach-worker keys rotate`, and remove k1 from the file only once rotate reports 0 left.
            """,
        subcommands: [Init.self, New.self, Rotate.self])

    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the account key file (a lookup key and the current key, mode 0600); refuses to overwrite."
        )

        @OptionGroup var options: CommonOptions
        @Option(help: "Where to create it (default: accountKeys.file).") var file: String?

        func run() async throws {
            let configuration = try options.loadConfiguration()
            let path = file ?? configuration.accountKeys.file
            guard !FileManager.default.fileExists(atPath: path) else {
                printError("\(path) already exists; not overwriting keys (stored account numbers depend on them)")
                throw ExitCode(1)
            }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let text = """
                # ach-worker account-number keys. Losing this file makes every stored account number
                # unreadable: back it up like a private key. Never commit it.
                \(VaultKeyRing.newKeyLine(id: "lookup"))
                \(VaultKeyRing.newKeyLine(id: configuration.accountKeys.current))

                """
            guard
                FileManager.default.createFile(
                    atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
            else {
                printError("cannot create \(path)")
                throw ExitCode(2)
            }
            print("created \(path) with keys lookup and \(configuration.accountKeys.current) (mode 0600)")
        }
    }

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a new key line `ID BASE64` to append to the key file.")

        @Argument(help: "The new key's id (letters, digits, - and _), e.g. k2.") var id: String

        func run() throws {
            guard VaultKeyRing.isValidID(Substring(id)), id != "lookup" else {
                printError("key id must be 1–32 letters, digits, - or _ (and not `lookup`)")
                throw ExitCode(2)
            }
            print(VaultKeyRing.newKeyLine(id: id))
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-seal every stored account number with the current key, in batches, beside running daemons.")

        @OptionGroup var options: CommonOptions
        @Option(help: "Rows per transaction.") var batch = 1_000
        @Flag(help: "Print the result as JSON.") var json = false

        func run() async throws {
            let configuration = try options.loadConfiguration()
            let vault = try options.loadAccountVault(configuration)
            let logger = options.makeLogger(configuration)
            let connection = PGConnection(url: configuration.database.url, label: "keys", logger: logger)
            defer { Task { await connection.close() } }
            let summary: AccountKeyRotation.Summary
            do {
                summary = try await AccountKeyRotation.run(
                    connection, vault: vault, batchSize: max(1, batch), logger: logger)
            } catch let error as VaultError {
                printError("rotation stopped: \(error) — nothing after that batch was changed")
                throw ExitCode(1)
            }
            if json {
                try printJSON(summary)
            } else {
                print(
                    "resealed \(summary.resealed) account numbers with key \(summary.currentKey)"
                        + (summary.sealedFromPlaintext > 0
                            ? "; sealed \(summary.sealedFromPlaintext) stored before sealing" : "")
                        + "; \(summary.remaining) left")
            }
            if summary.remaining > 0 { throw ExitCode(1) }
        }
    }
}
