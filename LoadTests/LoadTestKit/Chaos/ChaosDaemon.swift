import Foundation

/// One `ach-worker run` daemon of a chaos run, as systemd would run it: started, killed with
/// SIGKILL at random moments and started again, and at the end stopped with SIGTERM.
final class ChaosDaemon: Sendable {
    let index: Int
    let binary: String
    let config: String
    let log: String
    private let state = Mutable()

    private final class Mutable: @unchecked Sendable {
        // @unchecked Sendable: `process` and `starts` change under `lock` only.
        let lock = NSLock()
        var process: ChildProcess?
        var starts = 0
        var startedAt = ContinuousClock.now
    }

    init(index: Int, binary: String, config: String, log: String) {
        self.index = index
        self.binary = binary
        self.config = config
        self.log = log
    }

    /// The `ach-worker` binary: `ACH_WORKER_BIN`, else the one built next to this executable.
    static func locateBinary() throws -> String {
        if let path = ProcessInfo.processInfo.environment["ACH_WORKER_BIN"], !path.isEmpty { return path }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("ach-worker").path
        guard FileManager.default.isExecutableFile(atPath: beside) else {
            throw LoadTestError(
                .fileMissing, "ach-worker not found at \(beside): build it (swift build) or set ACH_WORKER_BIN")
        }
        return beside
    }

    /// The running process's id, if any.
    var pid: pid_t? { state.lock.withLock { state.process }.flatMap { $0.isRunning ? $0.pid : nil } }

    var isRunning: Bool { state.lock.withLock { state.process }?.isRunning ?? false }

    /// The daemon died by itself (not by our hand): its exit status.
    var unexpectedExit: Int32? { state.lock.withLock { state.process }?.exitStatus }

    func start(arguments: [String] = ["run"]) throws {
        let process = try ChildProcess(
            name: "ach-worker-\(index)", executable: binary, arguments: arguments + ["--config", config],
            unsetting: ["DATABASE_URL", "ACH_WORKER_CONFIG", "ACH_METRICS_PORT", "ACH_WORKER_ID"], log: log)
        state.lock.withLock {
            state.process = process
            state.starts += 1
            state.startedAt = .now
        }
    }

    /// SIGKILL: no shutdown code runs; leases, half-written files and open uploads stay behind.
    func kill() async {
        let process = state.lock.withLock {
            defer { state.process = nil }
            return state.process
        }
        process?.signal(SIGKILL)
        await process?.wait(timeout: .seconds(10))
    }

    /// SIGTERM and wait: the graceful stop an operator or systemd asks for. Returns the exit
    /// status (0 expected), or nil when it was not running.
    func terminate(timeout: Duration = .seconds(90)) async -> Int32? {
        // A daemon handles SIGTERM once its services run; one started a moment ago may still be
        // migrating, and would die of the signal's default action instead of stopping cleanly.
        let settled = state.lock.withLock { state.startedAt } + .seconds(3)
        if ContinuousClock.now < settled { try? await Task.sleep(until: settled, clock: .continuous) }
        let process = state.lock.withLock {
            defer { state.process = nil }
            return state.process
        }
        guard let process else { return nil }
        process.signal(SIGTERM)
        let (status, timedOut) = await process.wait(timeout: timeout)
        return timedOut ? -1 : status
    }
}
