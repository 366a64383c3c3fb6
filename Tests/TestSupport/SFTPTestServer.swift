import Delivery
import Dispatch
import Foundation

/// A throwaway OpenSSH sshd for one test, started by `scripts/sftp-server.sh` in its own
/// temporary folder on a free 127.0.0.1 port. Starting it fails the test (it never skips).
public struct SFTPTestServer: Sendable {
    public let directory: String
    public let port: Int
    public let user: String
    /// The client's private key, listed in the server's authorized_keys.
    public let keyPath: String
    public let fingerprint: String
    /// The upload folder: the same path on the server and locally.
    public let uploadDirectory: String

    /// Runs `body` with a fresh server, then stops it and removes its folder, even when `body`
    /// throws.
    public static func with(_ body: (SFTPTestServer) async throws -> Void) async throws {
        let server = try await start()
        do {
            try await body(server)
        } catch {
            await server.dispose()
            throw error
        }
        await server.dispose()
    }

    /// Starts a server in `directory` (a new temporary folder when nil) on a free port.
    public static func start(directory given: String? = nil) async throws -> SFTPTestServer {
        let directory = try given ?? makeTemporaryDirectory()
        var lastError: any Error = SFTPTestServerError("never tried")
        for _ in 0..<3 {
            let port = try freeLoopbackPort()
            do {
                try await runScript("start", directory, String(port))
                return try SFTPTestServer(directory: directory, port: port)
            } catch {
                lastError = error  // most likely the port was taken meanwhile: try another
                try? await runScript("stop", directory)
            }
        }
        if given == nil { try? FileManager.default.removeItem(atPath: directory) }
        throw lastError
    }

    private init(directory: String, port: Int) throws {
        let text = try String(contentsOfFile: directory + "/env", encoding: .utf8)
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        func value(_ key: String) throws -> String {
            guard let value = values["ACH_TEST_SFTP_" + key] else { throw SFTPTestServerError("env lacks \(key)") }
            return value
        }
        self.directory = directory
        self.port = port
        self.user = try value("USER")
        self.keyPath = try value("KEY")
        self.fingerprint = try value("FINGERPRINT")
        self.uploadDirectory = try value("DIR")
    }

    public func stop() async throws { try await Self.runScript("stop", directory) }
    public func restart() async throws { try await Self.runScript("start", directory, String(port)) }

    /// Stops the server and removes its folder.
    public func dispose() async {
        try? await stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    public func configuration(
        keyPath: String? = nil, fingerprint: String? = nil, passphrase: PassphraseSource = .none,
        timeout: Duration = .seconds(30)
    ) -> SFTPTarget.Configuration {
        SFTPTarget.Configuration(
            host: "127.0.0.1", port: port, username: user, privateKeyPath: keyPath ?? self.keyPath,
            passphrase: passphrase, remoteDirectory: uploadDirectory,
            hostKeyFingerprint: fingerprint ?? self.fingerprint, connectTimeout: timeout, ioTimeout: timeout)
    }

    /// The names in the upload folder, sorted.
    public func uploadedNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: uploadDirectory).sorted()
    }

    public func log() throws -> String {
        try String(contentsOfFile: directory + "/sshd.log", encoding: .utf8)
    }

    /// Creates a new ed25519 key pair in the server's folder, not authorized unless `authorize`.
    public func makeClientKey(named name: String, passphrase: String = "", authorize: Bool = false) async throws
        -> String
    {
        let path = directory + "/" + name
        try await Self.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", passphrase, "-C", name, "-f", path])
        if authorize {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/authorized_keys"))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(contentsOf: URL(fileURLWithPath: path + ".pub")))
        }
        return path
    }

    static var scriptPath: String {
        if let path = ProcessInfo.processInfo.environment["ACH_SFTP_SERVER_SCRIPT"] { return path }
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<4 {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("scripts/sftp-server.sh").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return "scripts/sftp-server.sh"
    }

    private static func runScript(_ arguments: String...) async throws {
        try await run("/bin/bash", [scriptPath] + arguments)
    }

    /// Runs a program to completion without blocking a cooperative thread; throws with its
    /// output when it exits non-zero.
    public static func run(_ executable: String, _ arguments: [String]) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw SFTPTestServerError("\(executable) \(arguments.joined(separator: " ")) failed: \(text)")
        }
    }
}

public struct SFTPTestServerError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Runs blocking work (a delivery) off Swift's cooperative pool, on a queue of its own: the
/// global queues run only as many blocked items at once as there are cores, so timings there
/// would include waiting behind other tests.
public func onDispatchQueue<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue(label: "delivery-test").async { continuation.resume(with: Result { try body() }) }
    }
}

public func makeTemporaryDirectory() throws -> String {
    var template = Array((NSTemporaryDirectory() + "/ach-delivery-XXXXXX").utf8CString)
    guard let pointer = mkdtemp(&template) else { throw SFTPTestServerError("mkdtemp failed") }
    return String(cString: pointer)
}

/// A port the kernel just handed out on 127.0.0.1 (free at that moment).
public func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw SFTPTestServerError("socket failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
        }
    }
    guard bound else { throw SFTPTestServerError("bind failed") }
    return Int(UInt16(bigEndian: address.sin_port))
}
