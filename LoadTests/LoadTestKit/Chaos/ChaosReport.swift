import Foundation

/// What a chaos run did and found. Encoded as the `--json` object (snake_case keys) and printed
/// as a table. The run fails when anything was lost, paid twice, uploaded twice or not told.
public struct ChaosReport: Sendable, Codable {
    public var transfers: Int
    public var seed: UInt64
    public var elapsedSeconds: Double
    /// SIGKILLs of a daemon (each followed by a restart).
    public var kills: Int
    /// Kills the schedule asked for (`--kills`); a run with fewer `kills` did not do its job.
    public var killsPlanned: Int
    /// Kills that hit a daemon while it had a connection open to the bank (an upload under way).
    public var killsDuringUpload: Int
    /// `pg_ctl restart -m immediate` of the database under the daemons.
    public var pgRestarts: Int
    public var sftpOutages: Int
    public var receiverOutages: Int
    /// Daemons that exited without being killed or asked to stop (restarted too).
    public var unexpectedExits: Int
    /// Graceful stops (SIGTERM) at the end that did not exit 0.
    public var uncleanStops: Int
    public var accepted: Int
    public var rejected: Int
    public var files: Int
    public var entries: Int
    /// Final-named files in the bank's upload folder; hidden temporary files left by cut-off uploads.
    public var uploadedFiles: Int
    public var abandonedTemporaryFiles: Int
    public var callbacksExpected: Int
    public var callbacksRequests: Int

    /// Transfers not in a final state, or sent with an entry missing from the uploaded files.
    public var lost: Int
    /// Entries found in two files (or twice in one), or in a file with no transfer behind them.
    public var duplicatedEntries: Int
    /// Files the bank received more than once (same NACHA file identity).
    public var duplicateUploads: Int
    /// Callback events without a verified 2xx delivery at the receiver.
    public var undeliveredEvents: Int

    /// The detail behind a failure, as in the plain load test.
    public var eventsMissing: Int
    public var eventsRepeated: Int
    public var invalidFiles: Int
    public var fileTotalMismatches: Int
    public var filesNotSent: Int
    /// Requests whose signature did not verify. Informational: a daemon killed in the middle of
    /// a request leaves the receiver a truncated body, which cannot verify; an event counts as
    /// delivered only with a verified request, so a signing fault shows in `undelivered_events`.
    public var unverifiedCallbacks: Int

    public var passed: Bool {
        kills >= killsPlanned && pgRestarts >= 1 && lost == 0 && duplicatedEntries == 0 && duplicateUploads == 0
            && undeliveredEvents == 0 && eventsMissing == 0
            && eventsRepeated == 0 && invalidFiles == 0 && fileTotalMismatches == 0 && filesNotSent == 0
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    public func table() -> String {
        let lines: [(String, String)] = [
            ("transfers", number(transfers)),
            ("seed", "\(seed) (repeat the schedule with --seed \(seed))"),
            ("elapsed", String(format: "%.1f s", elapsedSeconds)),
            ("kills", "\(kills) SIGKILLs of a daemon, each restarted; \(killsDuringUpload) in the middle of an upload"),
            ("pg_restarts", "\(pgRestarts) (pg_ctl restart -m immediate)"),
            ("outages", "SFTP server \(sftpOutages)×, webhook receiver \(receiverOutages)×"),
            ("daemons", "\(unexpectedExits) unexpected exits, \(uncleanStops) unclean stops"),
            ("accepted / rejected", "\(number(accepted)) / \(number(rejected))"),
            ("files / entries", "\(number(files)) / \(number(entries))"),
            ("upload folder", "\(uploadedFiles) files, \(abandonedTemporaryFiles) abandoned temporary files"),
            ("callbacks", "\(number(callbacksExpected)) events, \(number(callbacksRequests)) requests received"),
            ("lost", "\(lost)"),
            ("duplicated_entries", "\(duplicatedEntries)"),
            ("duplicate_uploads", "\(duplicateUploads)"),
            ("undelivered_events", "\(undeliveredEvents)"),
            (
                "also checked",
                "\(eventsMissing) events missing, \(eventsRepeated) repeated, \(invalidFiles) invalid files, "
                    + "\(fileTotalMismatches) total mismatches, \(filesNotSent) not sent, "
                    + "\(unverifiedCallbacks) unverified callbacks"
            ),
            ("verdict", passed ? "PASS: nothing lost, nothing twice, every event told" : "FAIL"),
        ]
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
            .joined(separator: "\n")
    }
}
