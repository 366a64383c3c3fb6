import ACH
import Foundation
import Store
import Worker

enum Fixtures {
    /// Routing numbers with correct ABA check digits.
    static let routingNumbers = ["091000019", "021000021", "011000015", "071000013", "122000247"]

    /// `count` well-formed PPD credits for the `demo` originator, distinct idempotency keys.
    static func transfers(_ count: Int, prefix: String = "t", originator: String = "demo") -> [Transfer] {
        (0..<count).map { i in
            Transfer(
                idempotencyKey: "\(prefix)-\(i)", originator: originator, direction: .credit,
                amountCents: Int64(100 + i % 50_000), secCode: "PPD", receiverName: "RECEIVER \(i % 1000)",
                receiverID: "ID\(i % 10_000)", routingNumber: routingNumbers[i % routingNumbers.count],
                accountNumber: String(100_000_000 + i), accountType: i % 3 == 0 ? "savings" : "checking",
                entryDescription: "PAYROLL")
        }
    }

    static func seed(_ database: TestDatabase, _ transfers: [Transfer]) async throws {
        let connection = database.connect("seed")
        _ = try await connection.withSession {
            try TransferSubmission.enqueue($0, transfers, vault: TestAccountKeys.vault, actor: "test-seed")
        }
        await connection.close()
    }
}
