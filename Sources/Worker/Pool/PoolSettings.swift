/// The pool's knobs, taken from `WorkerConfiguration` (see `Config/ach-worker.yaml`).
public struct PoolSettings: Sendable {
    public var databaseURL: String
    public var connections: Int
    public var maxInFlight: Int
    public var claimBatchSize: Int
    public var leaseSeconds: Int
    public var maxAttempts: Int
    public var retryDelaySeconds: Int
    public var flushInterval: Duration
    public var flushBatchSize: Int
    public var pollInterval: Duration
    public var reapInterval: Duration
    public var processingTimeout: Duration
    public var workerID: String

    public init(_ config: WorkerConfiguration) {
        databaseURL = config.database.url
        connections = config.database.connections
        maxInFlight = config.pool.maxInFlight
        claimBatchSize = config.pool.claimBatchSize
        leaseSeconds = config.pool.leaseSeconds
        maxAttempts = config.pool.maxAttempts
        retryDelaySeconds = config.pool.retryDelaySeconds
        flushInterval = .milliseconds(config.pool.flushIntervalMilliseconds)
        flushBatchSize = config.pool.flushBatchSize
        pollInterval = .milliseconds(config.pool.pollIntervalMilliseconds)
        reapInterval = .seconds(config.pool.reapIntervalSeconds)
        processingTimeout = .seconds(config.pool.processingTimeoutSeconds)
        workerID = config.workerID
    }

    /// Claimers get all connections but one; the batch completer gets its own so that writing
    /// results never queues behind a claim.
    var claimerCount: Int { max(1, connections - 1) }
}
