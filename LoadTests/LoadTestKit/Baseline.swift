import Foundation

/// A figure of the bare database, measured by one of the project's pgbench scripts against the
/// run's own server before the pipeline runs:
/// - the ceiling (`LoadTests/ceiling.sh`, a copy of `shared/bench/ceiling.sh` with identical SQL):
///   rows per second claimed and marked done in batches, with no application work;
/// - the lifecycle floor (`LoadTests/floor.sh`): transfers per second taken through the four
///   status changes each with its event (SPEC §2), on a row as wide as a transfer, and nothing
///   else — the most any pipeline on this data model could do.
struct Baseline {
    let script: String
    /// The script prints one line `KEY=N`.
    let key: String
    let rows: Int
    let arguments: [String]

    static func ceiling(_ settings: LoadTestSettings) -> Baseline {
        Baseline(
            script: "LoadTests/ceiling.sh", key: "ceiling_rows_per_second", rows: settings.ceilingRows,
            arguments: [settings.ceilingClients, settings.ceilingBatch, settings.ceilingSeconds].map(String.init))
    }

    static func floor(_ settings: LoadTestSettings) -> Baseline {
        Baseline(
            script: "LoadTests/floor.sh", key: "floor_rows_per_second", rows: settings.floorRows,
            arguments: [settings.ceilingClients, settings.ceilingBatch, settings.floorSeconds].map(String.init)
                + ["wide"])
    }

    /// A quiet machine can finish every row before the time is up, which the scripts refuse to
    /// report (the figure would be capped by the rows, not the server); the runner then measures
    /// again with three times the rows, twice at most.
    func measure(_ url: String) async throws -> Double {
        var rows = self.rows
        for _ in 0..<2 {
            do {
                return try await measure(url, rows: rows)
            } catch let error as LoadTestError where error.message.contains("before the time ran out") {
                rows *= 3
            }
        }
        return try await measure(url, rows: rows)
    }

    private func measure(_ url: String, rows: Int) async throws -> Double {
        let path = try ProjectFiles.locate(script)
        let output = try await Subprocess.output("/bin/bash", [path, url, String(rows)] + arguments)
        let text = String(decoding: output, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(key + "=") }),
            let value = Double(line.dropFirst(key.count + 1))
        else {
            throw LoadTestError(.toolFailed, "\(script) printed no \(key): \(text.prefix(500))")
        }
        return value
    }
}
