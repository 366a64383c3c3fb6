import Foundation
import TestSupport
import Testing

@testable import Delivery

/// `OpenPGPEncryptor.checkReady()` turns every unusable key into a clear error naming the file.
@Suite("OpenPGP readiness checks")
final class EncryptionOpenPGPReadinessTests {
    let scratch: CryptoScratch
    let bank: GnuPGKeyring
    let ours: GnuPGKeyring
    let secret = "tr0ub4dor&3"

    init() throws {
        scratch = try CryptoScratch()
        bank = try GnuPGKeyring("bank", in: scratch)
        ours = try GnuPGKeyring("ours", in: scratch)
    }

    deinit { scratch.cleanUp() }

    private func encryptor(_ file: String, fingerprint: String? = nil, signing: OpenPGPEncryptor.SigningKey? = nil)
        throws -> OpenPGPEncryptor
    {
        try OpenPGPEncryptor(
            bankPublicKeyFile: file, expectedFingerprint: fingerprint, signingKey: signing,
            gnupgHome: scratch.file("home"))
    }

    /// Runs `checkReady()` and returns the error it throws (recording an issue if none).
    private func readinessError(_ encryptor: OpenPGPEncryptor) -> EncryptionError? {
        #expect(throws: EncryptionError.self) { try encryptor.checkReady() }
        do { try encryptor.checkReady() } catch let error as EncryptionError { return error } catch {}
        return nil
    }

    private func goodBankKey() throws -> (fingerprint: String, file: String) {
        let fingerprint = try bank.generate("Bank <ach@bank.example>")
        return (fingerprint, try bank.exportPublic(fingerprint, to: "bank.asc"))
    }

    private func signingKey(_ source: PassphraseSource) throws -> OpenPGPEncryptor.SigningKey {
        let fingerprint = try ours.generate("Us <ach@us.example>", passphrase: secret)
        let file = try ours.exportSecret(fingerprint, passphrase: secret, to: "ours-secret.asc")
        return OpenPGPEncryptor.SigningKey(secretKeyFile: file, passphrase: source)
    }

    @Test("a missing key file is reported with its path")
    func missingFile() throws {
        let error = readinessError(try encryptor(scratch.file("nowhere/bank.asc")))
        #expect(error?.code == .keyFileMissing)
        #expect(error?.message == "bank public key \(scratch.file("nowhere/bank.asc")) does not exist")
    }

    @Test("a file without an OpenPGP key is refused")
    func garbageFile() throws {
        let file = try scratch.write("bank.asc", Array("-----BEGIN NOTHING-----\nhello\n".utf8))
        let error = readinessError(try encryptor(file))
        #expect(error?.code == .keyInvalid)
        #expect(error?.message == "bank public key \(file) contains no OpenPGP key")
    }

    @Test("an expired bank key is refused with its expiry date")
    func expiredKey() throws {
        // Made "on" 2020-01-01 with a one-year lifetime: gpg expires it on 2020-12-31.
        let fingerprint = try bank.generate("Old Bank <old@bank.example>", expire: "1y", fakedTime: "20200101T000000")
        let file = try bank.exportPublic(fingerprint, to: "old.asc")
        let error = readinessError(try encryptor(file))
        #expect(error?.code == .keyExpired)
        #expect(error?.message == "bank public key \(file) (0x\(fingerprint.suffix(16))) expired on 2020-12-31")
        #expect(throws: EncryptionError.self) { try encryptor(file).encrypt(nachaLikeSample) }
    }

    @Test("a revoked bank key is refused")
    func revokedKey() throws {
        let key = try goodBankKey()
        try bank.revoke(key.fingerprint)
        let file = try bank.exportPublic(key.fingerprint, to: "revoked.asc")
        let error = readinessError(try encryptor(file))
        #expect(error?.code == .keyRevoked)
        #expect(error?.message.contains("bank public key \(file)") == true)
        #expect(error?.message.contains("revoked") == true)
    }

    @Test("a key that can only sign is refused for encryption")
    func noEncryptionSubkey() throws {
        let fingerprint = try bank.generate("Signing Only <sign@bank.example>", algorithm: "ed25519", usage: "sign")
        let file = try bank.exportPublic(fingerprint, to: "sign-only.asc")
        let error = readinessError(try encryptor(file))
        #expect(error?.code == .keyUnsuitable)
        #expect(error?.message.hasSuffix("has no encryption-capable subkey") == true)
    }

    @Test("a key file holding a different key than the pinned fingerprint is refused")
    func fingerprintMismatch() throws {
        let key = try goodBankKey()
        let other = String(repeating: "AB", count: 20)
        let error = readinessError(try encryptor(key.file, fingerprint: other))
        #expect(error?.code == .fingerprintMismatch)
        #expect(error?.message == "bank public key \(key.file) holds \(key.fingerprint), not the configured \(other)")
    }

    @Test(
        "a malformed fingerprint is a configuration error",
        arguments: ["ABCD", "zz" + String(repeating: "0", count: 38)])
    func malformedFingerprint(fingerprint: String) {
        #expect(throws: EncryptionError.self) { try self.encryptor("bank.asc", fingerprint: fingerprint) }
        do { _ = try encryptor("bank.asc", fingerprint: fingerprint) } catch {
            #expect((error as? EncryptionError)?.code == .misconfigured)
        }
    }

    @Test("a wrong passphrase for the signing key is reported without revealing either passphrase")
    func wrongPassphrase() throws {
        let key = try goodBankKey()
        let wrong = "not-the-passphrase"
        let signing = try signingKey(.file(try scratch.write("pass", Array(wrong.utf8))))
        let error = readinessError(try encryptor(key.file, signing: signing))
        #expect(error?.code == .badPassphrase)
        #expect(error?.message.contains(signing.secretKeyFile) == true)
        #expect(error?.description.contains(wrong) == false)
        #expect(error?.description.contains(secret) == false)
    }

    @Test("a wrong passphrase is caught even right after the right one unlocked the key")
    func passphraseIsNotCached() throws {
        let key = try goodBankKey()
        let right = try signingKey(.file(try scratch.write("right", Array(secret.utf8))))
        try encryptor(key.file, signing: right).checkReady()
        let wrong = OpenPGPEncryptor.SigningKey(
            secretKeyFile: right.secretKeyFile, passphrase: .file(try scratch.write("wrong", Array("nope".utf8))))
        #expect(readinessError(try encryptor(key.file, signing: wrong))?.code == .badPassphrase)
    }

    @Test("an unset passphrase variable is named in the error")
    func passphraseVariableUnset() throws {
        let key = try goodBankKey()
        let variable = "ACH_TEST_UNSET_" + UUID().uuidString.prefix(8)
        let error = readinessError(try encryptor(key.file, signing: try signingKey(.environment(variable))))
        #expect(error?.code == .passphraseUnavailable)
        #expect(error?.message == "signing key passphrase: environment variable \(variable) is not set")
    }

    @Test("a protected signing key without a configured passphrase is refused")
    func passphraseNotConfigured() throws {
        let key = try goodBankKey()
        let error = readinessError(try encryptor(key.file, signing: try signingKey(.none)))
        #expect(error?.code == .passphraseUnavailable)
    }

    @Test("a signing key file with only a public key is refused")
    func signingKeyWithoutSecret() throws {
        let key = try goodBankKey()
        let fingerprint = try ours.generate("Us <ach@us.example>")
        let file = try ours.exportPublic(fingerprint, to: "ours-public.asc")
        let signing = OpenPGPEncryptor.SigningKey(secretKeyFile: file, passphrase: .none)
        let error = readinessError(try encryptor(key.file, signing: signing))
        #expect(error?.code == .keyInvalid)
        #expect(error?.message == "signing key \(file) holds no secret key, only a public one")
    }
}
