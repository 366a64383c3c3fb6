import Foundation
import Testing

@testable import Vault

@Suite("Account numbers sealed at rest")
struct AccountVaultTests {
    static let keyText = """
        # test keys, never real ones
        lookup \(Data(repeating: 7, count: 32).base64EncodedString())
        k1     \(Data(repeating: 1, count: 32).base64EncodedString())
        k2     \(Data(repeating: 2, count: 32).base64EncodedString())
        """

    static func vault(current: String = "k2") throws -> AccountVault {
        AccountVault(keys: try VaultKeyRing(text: keyText, current: current, source: "test"))
    }

    @Test("sealing then opening gives the account back; the sealed text shows neither it nor its digits")
    func roundTrip() throws {
        let vault = try Self.vault()
        let id = UUID()
        for account in ["123456789", "0", "", "12345678901234567", "ÄÖ-7"] {
            let sealed = vault.seal(account, transferID: id)
            #expect(sealed.hasPrefix("v1:k2:"))
            if account.count >= 4 { #expect(!sealed.contains(account)) }
            #expect(try vault.open(sealed, transferID: id) == account)
        }
        // Random nonces: the same account seals differently each time.
        #expect(vault.seal("123456789", transferID: id) != vault.seal("123456789", transferID: id))
    }

    @Test("a value moved to another transfer, altered by one bit or cut short does not open")
    func tamperingIsDetected() throws {
        let vault = try Self.vault()
        let id = UUID()
        let sealed = vault.seal("123456789", transferID: id)
        do {
            _ = try vault.open(sealed, transferID: UUID())
            Issue.record("a value moved to another transfer opened")
        } catch { #expect(error.code == .corrupt) }
        var payload = [UInt8](Data(base64Encoded: String(sealed.dropFirst("v1:k2:".count)))!)
        for index in [0, 12, payload.count - 1] {
            payload[index] ^= 1
            let altered = "v1:k2:" + Data(payload).base64EncodedString()
            payload[index] ^= 1
            do {
                _ = try vault.open(altered, transferID: id)
                Issue.record("a value altered at byte \(index) opened")
            } catch { #expect(error.code == .corrupt) }
        }
        for broken in [String(sealed.dropLast(8)), "123456789", "v1:k2:", "v1:k2:%%%"] {
            do {
                _ = try vault.open(broken, transferID: id)
                Issue.record("\(broken) opened")
            } catch { #expect(error.code == .corrupt) }
        }
    }

    @Test("values sealed with an older key still open; rotation is needed until resealed")
    func rotation() throws {
        let old = try Self.vault(current: "k1")
        let new = try Self.vault(current: "k2")
        let id = UUID()
        let sealedOld = old.seal("987654321", transferID: id)
        #expect(new.needsRotation(sealedOld))
        #expect(try new.open(sealedOld, transferID: id) == "987654321")
        let resealed = new.seal(try new.open(sealedOld, transferID: id), transferID: id)
        #expect(!new.needsRotation(resealed))
        #expect(AccountVault.keyID(of: resealed) == "k2")

        let onlyK2 = try VaultKeyRing(
            text: "lookup \(Data(repeating: 7, count: 32).base64EncodedString())\n"
                + "k2 \(Data(repeating: 2, count: 32).base64EncodedString())\n",
            current: "k2", source: "keys.txt")
        do {
            _ = try AccountVault(keys: onlyK2).open(sealedOld, transferID: id)
            Issue.record("a value sealed with a removed key opened")
        } catch {
            #expect(error.code == .unknownKey)
            #expect(error.message.contains("k1"))
        }
    }

    @Test("the lookup hash is keyed, stable across key rotation, and differs per account")
    func lookupHash() throws {
        let a = try Self.vault(current: "k1")
        let b = try Self.vault(current: "k2")
        #expect(a.lookupHash("123456789") == b.lookupHash("123456789"))
        #expect(a.lookupHash("123456789") != a.lookupHash("123456780"))
        #expect(a.lookupHash("123456789").count == 64)
        let otherLookup = try VaultKeyRing(
            text: Self.keyText.replacingOccurrences(
                of: Data(repeating: 7, count: 32).base64EncodedString(),
                with: Data(repeating: 8, count: 32).base64EncodedString()),
            current: "k1", source: "test")
        #expect(AccountVault(keys: otherLookup).lookupHash("123456789") != a.lookupHash("123456789"))
    }

    @Test("bad key texts are refused with the line and the reason, never the key")
    func badKeys() {
        let key = Data(repeating: 1, count: 32).base64EncodedString()
        let lookup = "lookup \(Data(repeating: 7, count: 32).base64EncodedString())\n"
        let cases: [(String, String, String)] = [
            (lookup + "k1 \(key)\n", "k9", "the current key k9 is not in it (it has: k1)"),
            ("k1 \(key)\n", "k1", "no `lookup` key"),
            (lookup + "k1 c2hvcnQ=\n", "k1", "line 2: key k1 is not 32 bytes"),
            (lookup + "k1 \(key)\nk1 \(key)\n", "k1", "line 3: key k1 is given twice"),
            (lookup + "k 1 \(key)\n", "k1", "line 2: expected `ID BASE64`"),
            (lookup + "k:1 \(key)\n", "k1", "line 2: expected `ID BASE64`"),
        ]
        for (text, current, expected) in cases {
            do {
                _ = try VaultKeyRing(text: text, current: current, source: "keys.txt")
                Issue.record("accepted: \(expected)")
            } catch {
                #expect(error.code == .keyInvalid)
                #expect(error.message.contains(expected), "\(error.message)")
                #expect(!error.message.contains(key))
            }
        }
    }

    @Test("keys come from an environment variable or a file, and a missing source is named")
    func loading() throws {
        let ring = try VaultKeyRing.load(
            file: nil, environment: "ACH_KEYS", current: "k1", processEnvironment: ["ACH_KEYS": Self.keyText])
        #expect(ring.current == "k1")
        do {
            _ = try VaultKeyRing.load(file: nil, environment: "ACH_KEYS", current: "k1", processEnvironment: [:])
            Issue.record("a missing variable was accepted")
        } catch { #expect(error.code == .keysUnavailable && error.message.contains("ACH_KEYS")) }
        do {
            _ = try VaultKeyRing.load(file: "/nonexistent/keys", environment: nil, current: "k1")
            Issue.record("a missing file was accepted")
        } catch { #expect(error.code == .keysUnavailable && error.message.contains("/nonexistent/keys")) }
        let line = VaultKeyRing.newKeyLine(id: "k3")
        #expect(try VaultKeyRing(text: Self.keyText + "\n" + line, current: "k3", source: "t").current == "k3")
    }
}
