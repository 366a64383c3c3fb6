import Foundation
import Testing
import Worker

@Suite("Config/ach-worker.yaml")
struct ConfigurationFileTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config/ach-worker.yaml").path

    @Test("the shipped file states exactly the built-in defaults")
    func shippedFileMatchesDefaults() throws {
        let loaded = try WorkerConfiguration.load(path: Self.path, environment: [:])
        #expect(loaded == WorkerConfiguration())
    }

    @Test("DATABASE_URL overrides the file")
    func environmentOverridesFile() throws {
        let loaded = try WorkerConfiguration.load(
            path: Self.path, environment: ["DATABASE_URL": "postgresql://x@127.0.0.1/y"])
        #expect(loaded.database.url == "postgresql://x@127.0.0.1/y")
    }

    @Test("--config /dev/null gives the defaults and the environment; a missing file says so")
    func emptyAndMissingFiles() throws {
        let loaded = try WorkerConfiguration.load(
            path: "/dev/null", environment: ["DATABASE_URL": "postgresql://x@127.0.0.1/y"])
        var expected = WorkerConfiguration()
        expected.database.url = "postgresql://x@127.0.0.1/y"
        #expect(loaded == expected)
        do {
            _ = try WorkerConfiguration.load(path: "/nonexistent/ach-worker.yaml", environment: [:])
            Issue.record("expected an error")
        } catch let error as ConfigurationError {
            #expect(error.code == .unreadable)
            #expect(error.description.contains("/nonexistent/ach-worker.yaml"), "\(error)")
            #expect(error.description.contains("no such file"), "\(error)")
        }
    }

    @Test("a misspelt key is refused with its line and path")
    func unknownKeyIsRefused() throws {
        var configuration = WorkerConfiguration()
        #expect(throws: ConfigurationError.self) {
            try configuration.apply(yaml: "pool:\n  maxInflight: 5\n", file: "test.yaml")
        }
        do {
            try configuration.apply(yaml: "destinations:\n  bank:\n    sftp:\n      hots: x\n", file: "test.yaml")
            Issue.record("expected an error")
        } catch let error as ConfigurationError {
            #expect(error.description.contains("test.yaml:4 destinations.bank.sftp.hots"))
        }
    }

    @Test("a bad value names the key")
    func badValueIsRefused() throws {
        var configuration = WorkerConfiguration()
        do {
            try configuration.apply(yaml: "pool:\n  maxInFlight: lots\n", file: "test.yaml")
            Issue.record("expected an error")
        } catch let error as ConfigurationError {
            #expect(error.description.contains("pool.maxInFlight"))
            #expect(error.code == .badValue)
        }
    }
}
