import Foundation

/// A long-running child the chaos run starts, kills and restarts: an `ach-worker run` daemon or
/// the webhook receiver. Its output is appended to a log file (never a pipe: nothing here reads
/// to end-of-file), and it is reaped with non-blocking `waitpid`, so no thread ever waits on it.
final class ChildProcess: Sendable {
    let pid: pid_t
    let name: String
    private let exit = ExitBox()

    private final class ExitBox: @unchecked Sendable {
        // @unchecked Sendable: `status` is written under `lock` only and read under it.
        private let lock = NSLock()
        private var status: Int32?
        func get() -> Int32? { lock.withLock { status } }
        func set(_ value: Int32) { lock.withLock { status = value } }
    }

    init(
        name: String, executable: String, arguments: [String], environment: [String: String] = [:],
        unsetting: [String] = [], log: String
    ) throws {
        self.name = name
        self.pid = try spawnChild(
            executable, arguments, environment: environment, unsetting: unsetting, stdout: log, stderr: log)
    }

    /// The exit status once it exited (128 + N when killed by signal N), else nil. Reaps it.
    var exitStatus: Int32? {
        if let known = exit.get() { return known }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return nil }
        // WIFEXITED / WEXITSTATUS, spelled out (they are macros in C).
        let value: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        exit.set(value)
        return value
    }

    var isRunning: Bool { exitStatus == nil }

    func signal(_ signal: Int32) {
        if isRunning { _ = kill(pid, signal) }
    }

    /// Waits until it exits; after `timeout` it is killed (and the return value says so).
    @discardableResult
    func wait(timeout: Duration) async -> (status: Int32, timedOut: Bool) {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = exitStatus { return (status, false) }
            try? await Task.sleep(for: .milliseconds(20))
        }
        signal(SIGKILL)
        while exitStatus == nil { try? await Task.sleep(for: .milliseconds(20)) }
        return (exitStatus ?? -1, true)
    }
}
