/// What one chaos run (`ach-loadtest --chaos`) is told. `ach-loadtest --help` documents each
/// option; LoadTests/README.md explains the run.
public struct ChaosSettings: Sendable {
    /// Transfers offered steadily during the chaos window.
    public var transfers = 20_000
    public var profile = LoadProfile.mixed
    /// SIGKILLs of a daemon during the window (each followed by a restart).
    public var kills = 20
    /// Seconds of chaos: transfers are offered over the first 70%, kills and outages happen
    /// throughout; then the run drains, stops the daemons and accounts.
    public var durationSeconds = 120.0
    /// How long the SFTP server and the webhook receiver are each down.
    public var outageSeconds = 8.0
    /// Seeds the schedule (which daemon, when, restart delays, outage moments); random when nil.
    public var seed: UInt64?
    /// Entry detail records per file; nil: transfers / 20, so that a run makes a few dozen files
    /// (NACHA allows 36 per destination and day).
    public var maxEntriesPerFile: Int?
    /// Database connections of each daemon's pool.
    public var connections = 2
    /// The daemons' log level (their logs go to `daemon-N.log` in the work folder).
    public var daemonLogLevel = "info"
    /// Where configuration, keys, logs, archive and the bank's folders go; a fresh folder under
    /// `.local/loadtest` when nil.
    public var workDirectory: String?
    public var keepFiles = false
    public var progressInterval = 1.0

    public init() {}

    var entriesPerFile: Int { maxEntriesPerFile ?? max(50, transfers / 20) }
}
