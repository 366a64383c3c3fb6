import Foundation

/// The bank's SFTP server for a chaos run: a throwaway OpenSSH sshd on 127.0.0.1 started by the
/// project's `scripts/sftp-server.sh` (the one the tests use). Stopping and starting it again
/// keeps its folder, so it comes back on the same port with the same host key, as a bank's
/// server does after maintenance. Its log (`sshd.log`, internal-sftp at INFO) records every
/// open, close and rename of the uploads.
struct SFTPServer: Sendable {
    let directory: String
    let port: Int
    let user: String
    let keyPath: String
    let fingerprint: String
    let uploadDirectory: String
    var logPath: String { directory + "/sshd.log" }

    static func start(directory: String) async throws -> SFTPServer {
        var lastError: any Error = LoadTestError(.toolFailed, "sftp-server.sh was never run")
        for _ in 0..<3 {
            let port = try freeLoopbackPort()
            do {
                let output = try await run("start", directory, String(port))
                return try SFTPServer(directory: directory, port: port, settings: output)
            } catch {
                lastError = error  // most likely the port was taken meanwhile: try another
                _ = try? await run("stop", directory)
            }
        }
        throw lastError
    }

    private init(directory: String, port: Int, settings: String) throws {
        var values: [String: String] = [:]
        for line in settings.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        func value(_ key: String) throws -> String {
            guard let value = values["ACH_TEST_SFTP_" + key] else {
                throw LoadTestError(.toolFailed, "sftp-server.sh printed no ACH_TEST_SFTP_\(key)")
            }
            return value
        }
        self.directory = directory
        self.port = port
        self.user = try value("USER")
        self.keyPath = try value("KEY")
        self.fingerprint = try value("FINGERPRINT")
        self.uploadDirectory = try value("DIR")
    }

    func stop() async throws { _ = try await Self.run("stop", directory) }
    func restart() async throws { _ = try await Self.run("start", directory, String(port)) }

    private static func run(_ arguments: String...) async throws -> String {
        let script = try ProjectFiles.locate("scripts/sftp-server.sh")
        let output = try await Subprocess.output("/bin/bash", [script] + arguments)
        return String(decoding: output, as: UTF8.self)
    }
}
