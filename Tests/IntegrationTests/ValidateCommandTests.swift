import Foundation
import Testing

@Suite("ach-worker validate and rules")
struct ValidateCommandTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/conformance/moov").path

    /// Runs `ach-worker` without a configuration (validate and rules need none), through
    /// `Daemon.launch`: its pipes are read on Dispatch threads, both at once.
    static func run(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await Daemon.launch(Daemon.binary, arguments).finish()
    }

    @Test("exit 0 for a valid file, 1 with line numbers for an invalid one, 2 for an unreadable one")
    func exitCodesAndLineNumbers() async throws {
        let valid = try await Self.run(["validate", Self.corpus + "/ppd-credit.ach"])
        #expect(valid.status == 0, "\(valid.stdout)")

        let invalid = try await Self.run(["validate", Self.corpus + "/ppd-debit-invalid-entryDetail-checkDigit.ach"])
        #expect(invalid.status == 1)
        #expect(invalid.stdout.contains("line 3"), "\(invalid.stdout)")
        #expect(invalid.stdout.contains("RDFI_CHECK_DIGIT"))

        let garbage = FileManager.default.temporaryDirectory.appendingPathComponent("garbage-\(UUID()).ach").path
        FileManager.default.createFile(
            atPath: garbage, contents: Data((0..<4096).map { _ in UInt8.random(in: 0...255) }))
        #expect(try await Self.run(["validate", garbage]).status == 2)
        #expect(try await Self.run(["validate", "/nonexistent/file.ach"]).status == 2)

        let lenient = try await Self.run(["validate", "--lenient", Self.corpus + "/short-line.ach"])
        #expect(lenient.status == 0, "\(lenient.stdout)")
        #expect(try await Self.run(["validate", Self.corpus + "/short-line.ach"]).status == 1, "strict by default")

        let json = try await Self.run(["validate", "--json", Self.corpus + "/ppd-credit.ach"])
        let reports = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect((reports?.first?["report"] as? [String: Any])?["verdict"] as? String == "valid")
    }

    @Test("rules lists at least 25 rules, each with a code and a description")
    func rulesListsEveryRule() async throws {
        let result = try await Self.run(["rules", "--json"])
        #expect(result.status == 0)
        let rules = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: String]] ?? []
        #expect(rules.count >= 25)
        #expect(Set(rules.compactMap { $0["code"] }).count == rules.count)
        #expect(rules.contains { $0["code"] == "ROUTING_CHECK_DIGIT" })
        #expect(rules.allSatisfy { !($0["description"] ?? "").isEmpty })
    }
}
