import Foundation
import Logging
import Store
import Testing

/// A throwaway database per test, created through the admin URL that `scripts/test.sh` exports
/// as `ACH_TEST_DATABASE_URL`, migrated, and dropped at the end. Tests never see each other's rows.
struct TestDatabase {
    let name: String
    let url: String
    let adminURL: String
    let logger: Logger

    static func adminURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["ACH_TEST_DATABASE_URL"], !url.isEmpty else {
            throw TestSetupError(
                "ACH_TEST_DATABASE_URL is not set: run the suite with scripts/test.sh, which starts PostgreSQL")
        }
        return url
    }

    static func create(_ label: String = #function, migrated: Bool = true) async throws -> TestDatabase {
        let admin = try adminURL()
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let name = "t_" + label.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(30) + "_" + suffix
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let adminConnection = PGConnection(url: admin, label: "admin", logger: logger)
        try await adminConnection.withSession { try $0.execute("CREATE DATABASE \"\(name)\"") }
        await adminConnection.close()
        let url = Self.replacingDatabase(in: admin, with: name)
        if migrated {
            let connection = PGConnection(url: url, label: "migrate", logger: logger)
            try await Migrator.migrate(connection, logger: logger)
            await connection.close()
        }
        return TestDatabase(name: name, url: url, adminURL: admin, logger: logger)
    }

    func drop() async {
        let adminConnection = PGConnection(url: adminURL, label: "admin", logger: logger)
        _ = try? await adminConnection.withSession {
            try $0.execute("DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)")
        }
        await adminConnection.close()
    }

    func connect(_ label: String = "test") -> PGConnection {
        PGConnection(url: url, label: label, logger: logger)
    }

    /// One query on a short-lived connection.
    func query(_ sql: String, _ parameters: [String?] = []) async throws -> PGRows {
        let connection = connect()
        defer { Task { await connection.close() } }
        return try await connection.withSession { try $0.query(sql, parameters) }
    }

    func scalarInt(_ sql: String, _ parameters: [String?] = []) async throws -> Int {
        try await Int(query(sql, parameters).scalar ?? "") ?? -1
    }

    static func replacingDatabase(in url: String, with name: String) -> String {
        guard let slash = url.range(of: "/", options: .backwards), !url[slash.upperBound...].contains("@") else {
            return url + "/" + name
        }
        let tail = url[slash.upperBound...]
        let query = tail.firstIndex(of: "?").map { String(tail[$0...]) } ?? ""
        return String(url[..<slash.upperBound]) + name + query
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
