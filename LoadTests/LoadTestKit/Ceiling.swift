import Foundation

/// The raw PostgreSQL ceiling of this machine (`LoadTests/ceiling.sh`, a copy of
/// `shared/bench/ceiling.sh` with identical SQL): rows per second claimed and completed in
/// batches by pgbench with no application work, measured against the run's own server.
enum Ceiling {
    static func measure(_ url: String, settings: LoadTestSettings) async throws -> Double {
        let script = try ProjectFiles.locate("LoadTests/ceiling.sh")
        let output = try await Subprocess.output(
            "/bin/bash",
            [
                script, url, String(settings.ceilingRows), String(settings.ceilingClients),
                String(settings.ceilingBatch), String(settings.ceilingSeconds),
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
