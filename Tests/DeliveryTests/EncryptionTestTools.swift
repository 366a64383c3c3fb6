import Foundation
import TestSupport
import Testing

/// Runs the real `gpg`, `gpgconf` and `openssl` commands for the encryption tests. They are
/// found on PATH; a missing tool fails the test (it never skips).
enum CryptoTool {
    struct Output {
        var status: Int32
        var stdout: [UInt8]
        var stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The absolute path of `name` on PATH.
    static func locate(_ name: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Failure(description: "\(name) is not on PATH; install it (apt-get install -y gnupg openssl)")
    }

    /// Runs `name` with `arguments`; stdout and stderr go through files in `scratch`.
    @discardableResult
    static func run(_ name: String, _ arguments: [String], in scratch: String, expectSuccess: Bool = true) throws
        -> Output
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try locate(name))
        process.arguments = arguments
        let token = UUID().uuidString
        let outPath = "\(scratch)/.\(token).out"
        let errPath = "\(scratch)/.\(token).err"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let output = Output(
            status: process.terminationStatus,
            stdout: [UInt8](FileManager.default.contents(atPath: outPath) ?? Data()),
            stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self))
        if expectSuccess && output.status != 0 {
            throw Failure(
                description: "\(name) \(arguments.joined(separator: " ")) exited \(output.status): \(output.stderr)")
        }
        return output
    }
}

/// A temporary directory for one test, removed (with any gpg-agent started for a GnuPG home
/// inside it) by `cleanUp()`.
final class CryptoScratch {
    let path: String

    init() throws {
        // Short, because gpg-agent's socket path inside a GnuPG home must stay under 108 bytes.
        path = "/tmp/ach-enc-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { "\(path)/\(name)" }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func read(_ name: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: file(name)) ?? Data())
    }

    /// Stops the agents of every GnuPG home below this directory, then removes it.
    func cleanUp() {
        let homes = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix("pubring.kbx") }
            .map { file("\($0)").replacingOccurrences(of: "/pubring.kbx", with: "") }
        for home in homes {
            _ = try? CryptoTool.run(
                "gpgconf", ["--homedir", home, "--kill", "gpg-agent"], in: path, expectSuccess: false)
        }
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A NACHA-like file: 94-character records ending in CRLF, plus every byte value once, so that
/// any newline or charset mangling shows.
let nachaLikeSample: [UInt8] = {
    let header = "101 091000019 1234567891611220530A094101BANK OF TESTS          ACH WORKER TESTS       "
    let batch = "5220ACH WORKER TESTS                    1234567891PPDPAYROLL         261123   1091000010000001"
    var bytes = Array((header + "\r\n" + batch + "\r\n").utf8)
    bytes += (0...255).map { UInt8($0) }
    return bytes
}()
