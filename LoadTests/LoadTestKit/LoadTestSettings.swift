/// Everything one load-test run is told: the workload, the pool's knobs and where things go.
/// `ach-loadtest --help` documents each option; the defaults are the target run.
public struct LoadTestSettings: Sendable {
    /// Transfers to push through the pipeline.
    public var transfers = 1_000_000
    public var profile = LoadProfile.mixed
    /// Transfers per second offered steadily while the pool runs; nil seeds a backlog first.
    public var rate: Int?
    /// The database; nil starts the local PostgreSQL of `LoadTests/postgres.sh`.
    public var databaseURL: String?

    // The pool's own settings (see Config/ach-worker.yaml).
    public var connections = 3
    public var maxInFlight = 10_000
    public var claimBatchSize = 500
    public var flushBatchSize = 500
    public var flushIntervalMilliseconds = 50
    /// Entry detail records per NACHA file; files are assembled as soon as one is full.
    public var maxEntriesPerFile = 100_000

    /// Old `sent` transfers to have in the table before the run (added when fewer are there).
    public var historyRows = 0
    /// The ceiling script's workload (`ceiling.sh URL ROWS CLIENTS BATCH SECONDS`); 0 seconds skips it.
    public var ceilingRows = 1_000_000
    public var ceilingClients = 4
    public var ceilingBatch = 1_000
    public var ceilingSeconds = 10
    /// The lifecycle floor's workload (`floor.sh URL ROWS CLIENTS BATCH SECONDS wide`, with the
    /// ceiling's clients and batch); 0 seconds skips it.
    public var floorRows = 500_000
    public var floorSeconds = 10
    /// Where outbox, archive and keys go; a fresh folder under `.local/loadtest` when nil.
    public var workDirectory: String?
    /// Keep the delivered and archived files after a passing run.
    public var keepFiles = false
    /// Seconds between progress lines on stderr; 0 turns them off.
    public var progressInterval = 1.0

    public init() {}
}
