import Testing

@testable import Store

/// Array parameters are how every batch reaches PostgreSQL (ids, outcomes, entries): what goes
/// in must come out of `unnest` unchanged, whatever the text holds.
@Suite("Array literals")
struct PGArrayTests {
    static let awkward: [String?] = [
        "plain", "", "NULL", "null", nil, "with,comma", "{braces}", "\"quoted\"", "back\\slash", "tab\tand\nnewline",
        "  spaces  ", "ünïcödé €", "🙂", "a\\\"b", nil,
    ]

    @Test("every element survives the trip through unnest, NULL and the text 'NULL' kept apart")
    func roundTrip() async throws {
        let database = try await TestDatabase.create(migrated: false)
        defer { Task { await database.drop() } }
        let rows = try await database.query(
            "SELECT x IS NULL, coalesce(x, '') FROM unnest($1::text[]) WITH ORDINALITY AS u(x, n) ORDER BY n",
            [PGArray.literal(Self.awkward)])
        let back: [String?] = rows.rows.map { $0[0] == "t" ? nil : ($0[1] ?? "") }
        #expect(back == Self.awkward)

        let plain = Self.awkward.compactMap { $0 }
        let parsed = try await database.query("SELECT $1::text[]::text", [PGArray.literal(plain)]).scalar ?? ""
        #expect(PGArray.parse(parsed) == plain)
    }
}
