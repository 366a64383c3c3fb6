import Foundation

/// The raw PostgreSQL ceiling of this machine (`LoadTests/ceiling.sh`, a copy of
/// `shared/bench/ceiling.sh` with identical SQL): rows per second claimed and completed in
/// batches by pgbench with no application work, measured against the run's own server.
enum Ceiling {
    /// A quiet machine can claim and complete every row before the time is up, which ceiling.sh
    /// refuses to report (the figure would be capped by the rows, not the server); the runner then
    /// measures again with three times the rows, twice at most.
    static func measure(_ url: String, settings: LoadTestSettings) async throws -> Double {
        var rows = settings.ceilingRows
        for _ in 0..<2 {
            do {
                return try await measure(url, settings: settings, rows: rows)
            } catch let error as LoadTestError where error.message.contains("were done before the time ran out") {
                rows *= 3
            }
        }
        return try await measure(url, settings: settings, rows: rows)
    }

    private static func measure(_ url: String, settings: LoadTestSettings, rows: Int) async throws -> Double {
        let script = try ProjectFiles.locate("LoadTests/ceiling.sh")
        let output = try await Subprocess.output(
            "/bin/bash",
            [
                script, url, String(rows), String(settings.ceilingClients), String(settings.ceilingBatch),
                String(settings.ceilingSeconds),
            ])
        let text = String(decoding: output, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("ceiling_rows_per_second=") }),
            let value = Double(line.dropFirst("ceiling_rows_per_second=".count))
        else {
            throw LoadTestError(.toolFailed, "ceiling.sh printed no ceiling_rows_per_second: \(text.prefix(500))")
        }
        return value
    }
}
