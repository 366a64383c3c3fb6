import Testing

@testable import Store

@Suite("Sessions")
struct PGSessionTests {
    struct Abort: Error {}

    @Test("a transaction inside another joins it: the outer rollback undoes both")
    func nestedTransactionJoins() async throws {
        let database = try await TestDatabase.create(migrated: false)
        defer { Task { await database.drop() } }
        let connection = database.connect("nested")
        try await connection.withSession { session in
            try session.execute("CREATE TABLE t (x int)")
            _ = try? session.transaction {
                try session.execute("INSERT INTO t VALUES (1)")
                try session.transaction { try session.execute("INSERT INTO t VALUES (2)") }
                throw Abort()
            }
            try session.transaction { try session.execute("INSERT INTO t VALUES (3)") }
        }
        await connection.close()
        #expect(try await database.scalarInt("SELECT count(*) FROM t") == 1)
    }
}
