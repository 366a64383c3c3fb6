import ServiceLifecycle

/// Runs the worker pool inside a `ServiceGroup`: SIGTERM/SIGINT trigger a graceful stop (claiming
/// ends, in-flight work is finished and flushed, leftovers released), then `run()` returns.
public struct PoolService<Processor: TransferProcessor>: Service, CustomStringConvertible {
    public let pool: WorkerPool<Processor>
    let mode: WorkerPool<Processor>.Mode
    let onFinished: @Sendable () async throws -> Void
    public var description: String { "WorkerPool" }

    public init(
        pool: WorkerPool<Processor>, mode: WorkerPool<Processor>.Mode,
        onFinished: @escaping @Sendable () async throws -> Void = {}
    ) {
        self.pool = pool
        self.mode = mode
        self.onFinished = onFinished
    }

    public func run() async throws {
        let pool = self.pool
        await withGracefulShutdownHandler {
            await pool.run(mode: mode)
        } onGracefulShutdown: {
            pool.stop()
        }
        // After a drain (not after a signal): the follow-up work, e.g. filing what was accepted.
        if !Task.isShuttingDownGracefully { try await onFinished() }
    }
}
