import Foundation
import Testing

/// `scripts/webhook-receiver.py` as a child process on 127.0.0.1: verifies every signature with
/// the PyPI `standardwebhooks` package and records each request to a JSONL file.
final class WebhookReceiver: @unchecked Sendable {
    // @unchecked Sendable: `process` is replaced only by `start`/`stop`, which tests call from
    // one task at a time.
    struct Behaviour {
        var failFirst = 0
        var failEach = 0
        var slowFirst = 0
        var delaySeconds = 0.0
        var goneFirst = 0
    }

    /// One request as the receiver saw it.
    struct Record {
        var id: String
        var verified: Bool
        var answered: Int
        var raw: String
        var body: [String: Any]
        var type: String { body["type"] as? String ?? "" }
        var data: [String: Any] { body["data"] as? [String: Any] ?? [:] }
    }

    let secret: String
    let folder: String
    private(set) var port = 0
    private var process: Process?

    var url: String { "http://127.0.0.1:\(port)/hooks" }
    var logPath: String { folder + "/received.jsonl" }

    /// A fresh secret, `whsec_` + base64 of 24 random bytes, and a fresh log.
    convenience init() throws {
        try self.init(
            secret: "whsec_" + Data((0..<24).map { _ in UInt8.random(in: 0...255) }).base64EncodedString(),
            folder: FileManager.default.temporaryDirectory.appendingPathComponent(
                "ach-hooks-\(UUID().uuidString.prefix(8))"
            ).path)
    }

    /// Another receiver with the same secret and port as an earlier one, logging afresh.
    convenience init(replacing other: WebhookReceiver) throws {
        try self.init(secret: other.secret, folder: other.folder + "-next")
        port = other.port
    }

    init(secret: String, folder: String) throws {
        self.secret = secret
        self.folder = folder
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    static func python() throws -> (python: String, script: String) {
        let env = ProcessInfo.processInfo.environment
        guard let python = env["ACH_TEST_PYTHON"], let script = env["ACH_TEST_WEBHOOK_RECEIVER"] else {
            throw TestSetupError(
                "ACH_TEST_PYTHON / ACH_TEST_WEBHOOK_RECEIVER are not set: run the suite with scripts/test.sh")
        }
        return (python, script)
    }

    /// Starts listening (on the previous port when restarting, else on a free one).
    func start(_ behaviour: Behaviour = Behaviour()) async throws {
        let (python, script) = try Self.python()
        let portFile = folder + "/port-\(UUID().uuidString.prefix(6))"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            script, "--port", String(port), "--port-file", portFile, "--secret", secret, "--log", logPath,
            "--fail-first", String(behaviour.failFirst), "--fail-each", String(behaviour.failEach),
            "--slow-first", String(behaviour.slowFirst), "--delay", String(behaviour.delaySeconds),
            "--gone-first", String(behaviour.goneFirst),
        ]
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8), let value = Int(text) {
                port = value
                return
            }
            guard process.isRunning else { throw TestSetupError("the webhook receiver exited at start") }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSetupError("the webhook receiver did not start within 20 s")
    }

    /// Stops it; the port stays reserved in `port` for a restart (the "receiver down" case).
    func stop() {
        guard let process, process.isRunning else { return }
        // SIGKILL: the test runner's blocked signal mask is inherited by its children, so a
        // SIGTERM may never arrive.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    func records() -> [Record] {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                return nil
            }
            return Record(
                id: object["id"] as? String ?? "", verified: object["verified"] as? Bool ?? false,
                answered: object["answered"] as? Int ?? 0, raw: object["raw"] as? String ?? "",
                body: object["body"] as? [String: Any] ?? [:])
        }
    }

    /// The deliveries answered 2xx, in the order they arrived.
    func delivered() -> [Record] { records().filter { (200..<300).contains($0.answered) } }

    /// Waits until `condition` holds on the records, or fails the test after `timeout`.
    func waitFor(
        _ what: String, timeout: Duration = .seconds(60), _ condition: ([Record]) -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(records()) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out waiting for \(what); \(records().count) request(s) received")
    }

    /// A test configuration's callback settings for the `demo` originator, with short backoff.
    func configuration(
        secretEnvironment: String = "ACH_TEST_WEBHOOK_SECRET", timeoutMilliseconds: Int = 2_000,
        maxAgeSeconds: Int = 600, drainTimeoutSeconds: Int = 30
    ) -> String {
        """
        callbacks:
          concurrency: 8
          timeoutMilliseconds: \(timeoutMilliseconds)
          maxAgeSeconds: \(maxAgeSeconds)
          initialBackoffMilliseconds: 100
          maxBackoffMilliseconds: 400
          batchSize: 50
          pollIntervalMilliseconds: 100
          drainTimeoutSeconds: \(drainTimeoutSeconds)
        originators:
          demo:
            companyName: DEMO CORP
            companyID: "1234567890"
            destination: demo-bank
            callback:
              url: "\(url)"
              secretEnvironment: \(secretEnvironment)
        """
    }

    var environment: [String: String] { ["ACH_TEST_WEBHOOK_SECRET": secret] }

    deinit { stop() }
}
