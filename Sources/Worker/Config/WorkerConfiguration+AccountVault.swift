import ACH
import Foundation
import Store
import Vault

extension WorkerConfiguration {
    /// The vault for account numbers, from `accountKeys`; a missing or bad key source is a
    /// configuration error naming the key, raised before anything is claimed or imported.
    public func accountVault(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> AccountVault {
        let fromEnvironment = !accountKeys.environment.isEmpty
        do {
            let ring = try VaultKeyRing.load(
                file: accountKeys.file, environment: fromEnvironment ? accountKeys.environment : nil,
                current: accountKeys.current, processEnvironment: environment)
            return AccountVault(keys: ring)
        } catch {
            var message = error.message
            if error.code == .keysUnavailable && !fromEnvironment {
                message += "; create one with `ach-worker keys init`"
            }
            throw ConfigurationError(
                .badValue, at: fromEnvironment ? "accountKeys.environment" : "accountKeys.file", message)
        }
    }
}

extension AccountVault {
    /// `transfer`'s account number as the database keeps it.
    public func stored(_ transfer: Transfer) -> StoredAccount {
        stored(transfer.accountNumber, transferID: transfer.id)
    }

    /// `account`, of the transfer `transferID`, as the database keeps it.
    public func stored(_ account: String, transferID: UUID) -> StoredAccount {
        StoredAccount(
            sealed: seal(account, transferID: transferID), lookupHash: lookupHash(account),
            lastFour: Self.lastFour(account))
    }

    /// `transfer` as read from the database (its account number sealed) with the number opened.
    public func opened(_ transfer: Transfer) throws(VaultError) -> Transfer {
        var opened = transfer
        opened.accountNumber = try open(transfer.accountNumber, transferID: transfer.id)
        return opened
    }
}

/// The producer path in Swift: enqueue transfers with their account numbers sealed, in one
/// transaction (all or nothing), idempotent per originator and idempotency key. `ach-worker
/// import` uses it; an upstream system written in Swift can call it with a session of a role
/// in `ach_worker`.
public enum TransferSubmission {
    public static func enqueue(
        _ session: PGSession, _ transfers: [Transfer], vault: AccountVault, actor: String
    ) throws -> TransferImport.Result {
        try TransferImport.enqueue(session, transfers, actor: actor, protect: vault.stored)
    }
}
