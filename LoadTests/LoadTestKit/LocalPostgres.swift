import Foundation

/// The database a run uses when `DATABASE_URL` is not set: the private cluster that
/// `LoadTests/postgres.sh` starts with the project's own helpers (`scripts/lib.sh`), as the
/// README's demo does. The database is recreated for every run unless history is asked for, so
/// runs start from an empty table.
enum LocalPostgres {
    static func start(fresh: Bool) async throws -> String {
        let script = try ProjectFiles.locate("LoadTests/postgres.sh")
        let output = try await Subprocess.output("/bin/bash", [script] + (fresh ? ["--fresh"] : []))
        let url = String(decoding: output, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        guard url.hasPrefix("postgresql://") else {
            throw LoadTestError(.toolFailed, "LoadTests/postgres.sh printed no database URL")
        }
        return url
    }
}
