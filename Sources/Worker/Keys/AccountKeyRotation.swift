import Foundation
import Logging
import Store
import Vault

/// Re-seals every stored account number with the current key (and seals rows written before
/// sealing existed), a batch per short transaction, beside running daemons.
public enum AccountKeyRotation {
    public struct Summary: Sendable, Codable {
        public var resealed = 0
        /// Rows written before sealing, sealed now (their hash and last four filled in too).
        public var sealedFromPlaintext = 0
        /// Rows still not sealed with the current key (held by a long transaction); run again.
        public var remaining = 0
        public var currentKey = ""

        enum CodingKeys: String, CodingKey {
            case resealed, remaining
            case sealedFromPlaintext = "sealed_from_plaintext"
            case currentKey = "current_key"
        }
    }

    /// Walks the table until nothing is left for the current key or `maxPasses` passes found
    /// only rows that others hold.
    public static func run(
        _ connection: PGConnection, vault: AccountVault, batchSize: Int, maxPasses: Int = 20, logger: Logger
    ) async throws -> Summary {
        var summary = Summary(currentKey: vault.keys.current)
        for pass in 1...maxPasses {
            var after: UUID?
            while true {
                let position = after
                let batch = try await connection.withSession { session in
                    try session.transaction { () throws -> (last: UUID?, resealed: Int, plaintext: Int) in
                        let rows = try AccountResealing.lockStale(
                            session, currentKey: vault.keys.current, after: position, limit: batchSize)
                        var updates: [(id: UUID, account: StoredAccount)] = []
                        var plaintext = 0
                        for row in rows {
                            let account: String
                            if AccountVault.keyID(of: row.stored) == nil {
                                account = row.stored  // written before sealing
                                plaintext += 1
                            } else {
                                account = try vault.open(row.stored, transferID: row.id)
                            }
                            updates.append((row.id, vault.stored(account, transferID: row.id)))
                        }
                        try AccountResealing.write(session, updates)
                        return (rows.last?.id, rows.count - plaintext, plaintext)
                    }
                }
                summary.resealed += batch.resealed
                summary.sealedFromPlaintext += batch.plaintext
                guard let last = batch.last else { break }
                after = last
                logger.debug(
                    "resealed a batch", metadata: ["pass": "\(pass)", "total": "\(summary.resealed)"])
            }
            summary.remaining = try await connection.withSession {
                try AccountResealing.staleCount($0, currentKey: vault.keys.current)
            }
            if summary.remaining == 0 { break }
            // Rows skipped because a claim or a file assembly held them: try again shortly.
            try await Task.sleep(for: .milliseconds(200))
        }
        return summary
    }
}
