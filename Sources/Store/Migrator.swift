import Foundation
import Logging

/// Applies the numbered SQL files in `Migrations/` (`0001_transfers.sql`, …) in order, once each.
///
/// Everything happens in one transaction under a transaction-scoped advisory lock, so two daemons
/// starting at once serialize here: the second waits, then finds nothing left to do. Running it
/// again is a no-op.
public enum Migrator {
    /// An arbitrary constant that names "the ach-worker schema" among advisory locks.
    static let lockKey = 0x4143_4857_4d49_47  // "ACHWMIG"

    public struct Migration: Sendable {
        public let version: Int
        public let name: String
        public let sql: String
    }

    /// The migrations shipped with this build, sorted by version.
    public static func bundled() throws -> [Migration] {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Migrations") else {
            throw StoreError(.migrationFailed, "the Migrations resource folder is missing from this build")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }
        var migrations: [Migration] = []
        for name in names {
            guard let version = Int(name.prefix { $0.isNumber }) else {
                throw StoreError(.migrationFailed, "migration file \(name) does not start with a version number")
            }
            let sql = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            migrations.append(Migration(version: version, name: name, sql: sql))
        }
        migrations.sort { $0.version < $1.version }
        for (a, b) in zip(migrations, migrations.dropFirst()) where a.version == b.version {
            throw StoreError(.migrationFailed, "two migrations share version \(a.version): \(a.name), \(b.name)")
        }
        return migrations
    }

    /// Applies what is missing and returns the names applied now (empty when up to date).
    @discardableResult
    public static func migrate(_ connection: PGConnection, logger: Logger) async throws -> [String] {
        let migrations = try bundled()
        let applied = try await connection.withSession { session in
            try session.transaction {
                try session.query("SELECT pg_advisory_xact_lock($1)", [String(lockKey)])
                // Created only when missing: a daemon connecting as `ach_worker` (no CREATE on
                // the schema) then starts on an up-to-date database without needing more rights.
                let hasTable = try session.query("SELECT to_regclass('schema_migrations') IS NOT NULL").scalar == "t"
                if !hasTable {
                    try session.execute(
                        """
                        CREATE TABLE IF NOT EXISTS schema_migrations (
                          version    integer PRIMARY KEY,
                          name       text NOT NULL,
                          applied_at timestamptz NOT NULL DEFAULT now())
                        """)
                }
                let done = Set(
                    try session.query("SELECT version FROM schema_migrations").rows.compactMap {
                        $0[0].flatMap { Int($0) }
                    })
                var names: [String] = []
                for migration in migrations where !done.contains(migration.version) {
                    do {
                        try session.execute(migration.sql)
                    } catch let error as StoreError {
                        throw StoreError(
                            .migrationFailed, sqlState: error.sqlState, "\(migration.name): \(error.message)")
                    }
                    try session.query(
                        "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                        [String(migration.version), migration.name])
                    names.append(migration.name)
                }
                return names
            }
        }
        for name in applied { logger.info("applied migration", metadata: ["migration": "\(name)"]) }
        return applied
    }
}
