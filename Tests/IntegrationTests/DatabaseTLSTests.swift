import Foundation
import Store
import TestSupport
import Testing

/// PostgreSQL over TLS: libpq's `sslmode` in the database URL, up to `verify-full` (the server's
/// certificate must chain to the given authority and name the host). `scripts/test.sh` gives the
/// test cluster a certificate and exports its authority as `ACH_TEST_PG_CA`.
@Suite("PostgreSQL over TLS")
struct DatabaseTLSTests {
    static func authority() throws -> String {
        guard let path = ProcessInfo.processInfo.environment["ACH_TEST_PG_CA"], !path.isEmpty else {
            throw TestSetupError("ACH_TEST_PG_CA is not set: run the suite with scripts/test.sh")
        }
        return path
    }

    /// Whether the session on `url` is encrypted, or the connection error.
    static func encrypted(_ url: String, _ database: TestDatabase) async -> Result<Bool, StoreError> {
        let connection = PGConnection(url: url, label: "tls", logger: database.logger)
        defer { Task { await connection.close() } }
        do {
            let value = try await connection.withSession {
                try $0.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").scalar
            }
            return .success(value == "t")
        } catch let error as StoreError {
            return .failure(error)
        } catch {
            return .failure(StoreError(.queryFailed, "\(error)"))
        }
    }

    @Test("verify-full connects encrypted; a certificate from another authority is refused")
    func verifyFull() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let ca = try Self.authority()

        let verified = database.url + "?sslmode=verify-full&sslrootcert=\(ca)"
        #expect(try await Self.encrypted(verified, database).get() == true)
        #expect(try await Self.encrypted(database.url + "?sslmode=require", database).get() == true)
        #expect(try await Self.encrypted(database.url + "?sslmode=disable", database).get() == false)

        let other = try makeTemporaryDirectory()
        try await SFTPTestServer.run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", other + "/k.pem", "-out",
                other + "/ca.crt", "-days", "1", "-subj", "/CN=someone else",
            ])
        let refused = await Self.encrypted(database.url + "?sslmode=verify-full&sslrootcert=\(other)/ca.crt", database)
        guard case .failure(let error) = refused else {
            Issue.record("a server certificate from an unknown authority was accepted")
            return
        }
        #expect(error.code == .connectionFailed)
        #expect(error.message.contains("certificate verify failed"), "\(error)")

        // The daemon's own commands take the same URL.
        let config = try Daemon.writeConfig(database)
        let status = try await Daemon.run(
            ["status", "--json"], config: config, environment: ["DATABASE_URL": verified])
        #expect(status.status == 0, "\(status.stderr)")
    }
}
