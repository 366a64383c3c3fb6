import Foundation
import TestSupport

/// The originator's webhook receiver for a chaos run: the project's `scripts/webhook-receiver.py`
/// on 127.0.0.1, which verifies every request with the PyPI `standardwebhooks` package (an
/// implementation independent of ours) and appends it to a JSONL log before answering. Stopped
/// with SIGKILL and started again on the same port, as a crashed receiver comes back.
final class WebhookReceiverProcess: Sendable {
    let python: String
    let script: String
    let secret: String
    let folder: String
    let port: Int
    private let current: Mutable

    private final class Mutable: @unchecked Sendable {
        // @unchecked Sendable: `process` is replaced only by `start` and `stop`, which the chaos
        // run calls from one task at a time (its schedule), under `lock`.
        let lock = NSLock()
        var process: ChildProcess?
    }

    var url: String { "http://127.0.0.1:\(port)/hooks" }
    var logPath: String { folder + "/received.jsonl" }

    /// Finds the Python with `standardwebhooks` (`ACH_LOADTEST_PYTHON`, else the project's
    /// `.local/venv` that `scripts/test.sh` makes) and starts the receiver on a free port.
    static func start(folder: String, secret: String) async throws -> WebhookReceiverProcess {
        let environment = ProcessInfo.processInfo.environment
        let python = try environment["ACH_LOADTEST_PYTHON"] ?? ProjectFiles.locate(".local/venv/bin/python")
        let script = try ProjectFiles.locate("scripts/webhook-receiver.py")
        let receiver = WebhookReceiverProcess(
            python: python, script: script, secret: secret, folder: folder, port: try freeLoopbackPort())
        try await receiver.start()
        return receiver
    }

    private init(python: String, script: String, secret: String, folder: String, port: Int) {
        self.python = python
        self.script = script
        self.secret = secret
        self.folder = folder
        self.port = port
        self.current = Mutable()
    }

    /// Starts listening on `port` and waits until it does.
    func start() async throws {
        let portFile = folder + "/port-\(UInt32.random(in: 0...UInt32.max))"
        let process = try ChildProcess(
            name: "webhook-receiver", executable: python,
            arguments: [script, "--port", String(port), "--port-file", portFile, "--secret", secret, "--log", logPath],
            log: folder + "/receiver.log")
        current.lock.withLock { current.process = process }
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if FileManager.default.fileExists(atPath: portFile) { return }
            guard process.isRunning else {
                throw LoadTestError(.toolFailed, "the webhook receiver exited at start (see \(folder)/receiver.log)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw LoadTestError(.toolFailed, "the webhook receiver did not listen within 20 s")
    }

    /// Kills it at once, mid-request if need be (a crash, not a shutdown).
    func stop() async {
        let process = current.lock.withLock {
            defer { current.process = nil }
            return current.process
        }
        process?.signal(SIGKILL)
        await process?.wait(timeout: .seconds(10))
    }
}
