import Foundation
import Testing

/// The real `ach-worker` binary run as a child process, as an operator or systemd would.
struct Daemon {
    let process: Process
    let stdout: Pipe
    let stderr: Pipe

    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["ACH_WORKER_BIN"], !path.isEmpty { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/ach-worker").path
    }

    /// A configuration file for one test: its database, metrics off unless a port is given, its
    /// own outbox and archive folders (unless `extra` configures files and destinations itself),
    /// and any extra YAML.
    static func writeConfig(_ database: TestDatabase, metricsPort: Int? = nil, extra: String = "") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ach-\(UUID().uuidString).yaml").path
        let folder = path.replacingOccurrences(of: ".yaml", with: "")
        var extra = extra
        if !extra.contains("files:") {
            extra += "\nfiles:\n  archiveDirectory: \"\(folder)/archive\"\n"
        }
        if !extra.contains("accountKeys:") {
            extra += "\n" + TestAccountKeys.yaml
        }
        if !extra.contains("destinations:") {
            extra += "\n" + demoBank("    directory: \"\(folder)/outbox\"") + "\n"
        }
        let yaml = """
            database:
              url: "\(database.url)"
            metrics:
              enabled: \(metricsPort != nil)
              port: \(metricsPort ?? 0)
            logging:
              level: warning
            \(extra)
            """
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The `destinations:` section for `demo-bank`: its identification, then `settings` (YAML
    /// lines indented four spaces, e.g. `    directory: "/tmp/outbox"`).
    static func demoBank(_ settings: String) -> String {
        """
        destinations:
          demo-bank:
            immediateDestination: "091000019"
            immediateDestinationName: DEMO BANK
            immediateOrigin: "1234567890"
            immediateOriginName: DEMO CORP
            odfiIdentification: "09100001"
        \(settings)
        """
    }

    static func start(_ arguments: [String], config: String, environment: [String: String] = [:]) throws -> Daemon {
        try launch(
            binary, arguments + ["--config", config],
            environment: ["DATABASE_URL": nil].merging(environment.mapValues(Optional.some)) { $1 })
    }

    /// Starts `executable` (one of the project's programs) with the test runner's environment as
    /// `environment` changes it (a nil value removes a variable), in `directory` when given.
    static func launch(
        _ executable: String, _ arguments: [String], environment: [String: String?] = [:], in directory: String? = nil
    ) throws -> Daemon {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        // Never the test runner's terminal: a command that would prompt must see "no terminal".
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Daemon(process: process, stdout: stdout, stderr: stderr)
    }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to exit (or kills it after `timeout`) and returns status and output.
    func finish(timeout: Duration = .seconds(120)) async -> (status: Int32, stdout: String, stderr: String) {
        let out = Self.drain(stdout)
        let err = Self.drain(stderr)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record(
                "\(process.executableURL?.lastPathComponent ?? "") \(process.arguments ?? []) did not exit within \(timeout)"
            )
        }
        process.waitUntilExit()
        return (process.terminationStatus, await out.value, await err.value)
    }

    /// Reads a pipe to its end on a Dispatch thread: the read blocks until the process exits, and
    /// blocking one of the cooperative pool's few threads (two on a 2-core machine) for that long
    /// starves every other test running meanwhile.
    static func drain(_ pipe: Pipe) -> Task<String, Never> {
        let handle = pipe.fileHandleForReading
        return Task {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    continuation.resume(returning: String(decoding: handle.readDataToEndOfFile(), as: UTF8.self))
                }
            }
        }
    }

    /// Runs one command to completion.
    static func run(
        _ arguments: [String], config: String, environment: [String: String] = [:], timeout: Duration = .seconds(120)
    ) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await start(arguments, config: config, environment: environment).finish(timeout: timeout)
    }
}
