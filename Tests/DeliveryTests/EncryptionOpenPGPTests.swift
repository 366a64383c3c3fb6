import Foundation
import Synchronization
import TestSupport
import Testing

@testable import Delivery

/// OpenPGP encryption checked against the real `gpg`: the bank side is a throwaway keyring that
/// decrypts what the encryptor produced.
@Suite("OpenPGP encryption")
final class EncryptionOpenPGPTests {
    let scratch: CryptoScratch
    let bank: GnuPGKeyring

    init() throws {
        scratch = try CryptoScratch()
        // The bank's key asks for AES-128: the encryptor must still use AES-256 (SPEC §6).
        bank = try GnuPGKeyring("bank", in: scratch, preferences: "AES128 SHA256 ZIP Uncompressed")
    }

    deinit { scratch.cleanUp() }

    private func bankKey() throws -> (fingerprint: String, file: String) {
        let fingerprint = try bank.generate("Test Bank <ach@bank.example>")
        return (fingerprint, try bank.exportPublic(fingerprint, to: "bank.asc"))
    }

    @Test("an encrypted file decrypts with gpg to exactly the original bytes")
    func roundTrip() throws {
        let key = try bankKey()
        let encryptor = try OpenPGPEncryptor(bankPublicKeyFile: key.file, gnupgHome: scratch.file("home"))
        try encryptor.checkReady()
        let encrypted = try encryptor.encrypt(nachaLikeSample)
        #expect(String(decoding: encrypted.prefix(27), as: UTF8.self) == "-----BEGIN PGP MESSAGE-----")
        #expect(encryptor.fileExtension == ".pgp")

        _ = try bank.decrypt(try scratch.write("file.pgp", encrypted), to: "file.out")
        #expect(scratch.read("file.out") == nachaLikeSample)
    }

    @Test("the cipher is AES-256 even when the bank's key prefers AES-128")
    func cipherIsAES256() throws {
        let key = try bankKey()
        let encryptor = try OpenPGPEncryptor(bankPublicKeyFile: key.file, gnupgHome: scratch.file("home"))
        let encrypted = try encryptor.encrypt(nachaLikeSample)
        let listing = try bank.gpg([
            "--verbose", "--passphrase", "", "--show-session-key", "--list-packets",
            try scratch.write("file.pgp", encrypted),
        ])
        // Symmetric algorithm 9 is AES-256 (RFC 4880 §9.2).
        #expect(listing.stderr.contains("AES256 encrypted data"))
        #expect(listing.stderr.contains("session key: '9:"))
        #expect(listing.text.contains(":pubkey enc packet:"))
    }

    @Test(
        "a signed file carries a good signature from our key",
        arguments: ["environment", "file"])
    func signedFileVerifies(passphraseFrom: String) throws {
        let key = try bankKey()
        let ours = try GnuPGKeyring("ours", in: scratch)
        let secret = "correct horse battery staple"
        let signer = try ours.generate("ACH Worker <ach@worker.example>", passphrase: secret)
        try bank.importKey(try ours.exportPublic(signer, to: "ours.asc"))
        let source: PassphraseSource
        if passphraseFrom == "environment" {
            let variable = "ACH_TEST_PASSPHRASE_" + UUID().uuidString.prefix(8)
            setenv(variable, secret, 1)
            source = .environment(variable)
        } else {
            source = .file(try scratch.write("passphrase.txt", Array((secret + "\n").utf8)))
        }
        let signingKey = OpenPGPEncryptor.SigningKey(
            secretKeyFile: try ours.exportSecret(signer, passphrase: secret, to: "ours-secret.asc"), passphrase: source)
        let encryptor = try OpenPGPEncryptor(
            bankPublicKeyFile: key.file, expectedFingerprint: key.fingerprint, signingKey: signingKey,
            gnupgHome: scratch.file("home"))
        try encryptor.checkReady()
        #expect(encryptor.description == "openpgp to 0x\(key.fingerprint.suffix(16)) (signed)")

        let decrypted = try bank.decrypt(
            try scratch.write("file.pgp", try encryptor.encrypt(nachaLikeSample)), to: "out")
        #expect(scratch.read("out") == nachaLikeSample)
        #expect(decrypted.stderr.contains("Good signature from \"ACH Worker <ach@worker.example>\""))
    }

    @Test("a pinned fingerprint, written with spaces and 0x, accepts the matching key")
    func pinnedFingerprintMatches() throws {
        let key = try bankKey()
        let spaced =
            "0x"
            + key.fingerprint.lowercased().enumerated()
            .map { $0.offset % 4 == 0 && $0.offset > 0 ? " \($0.element)" : "\($0.element)" }.joined()
        let encryptor = try OpenPGPEncryptor(
            bankPublicKeyFile: key.file, expectedFingerprint: spaced, gnupgHome: scratch.file("home"))
        #expect(encryptor.expectedFingerprint == key.fingerprint)
        try encryptor.checkReady()
        #expect(encryptor.description == "openpgp to 0x\(key.fingerprint.suffix(16))")
    }

    @Test("the private GnuPG home is created with mode 0700 and forces AES-256")
    func privateHomeIsLockedDown() throws {
        let key = try bankKey()
        let home = scratch.file("nested/home")
        try OpenPGPEncryptor(bankPublicKeyFile: key.file, gnupgHome: home).checkReady()
        let attributes = try FileManager.default.attributesOfItem(atPath: home)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        let conf = String(decoding: FileManager.default.contents(atPath: home + "/gpg.conf") ?? Data(), as: UTF8.self)
        #expect(conf.contains("cipher-algo AES256"))
    }

    @Test("concurrent encryptions with one encryptor all decrypt correctly")
    func concurrentEncryptions() throws {
        let key = try bankKey()
        let encryptor = try OpenPGPEncryptor(bankPublicKeyFile: key.file, gnupgHome: scratch.file("home"))
        let results = Mutex<[Int: Result<[UInt8], any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: 6) { index in
            let plain = nachaLikeSample + Array("file \(index)".utf8)
            let result = Result { try encryptor.encrypt(plain) }
            results.withLock { $0[index] = result }
        }
        for (index, result) in results.withLock({ $0 }) {
            let name = "file\(index).pgp"
            _ = try bank.decrypt(try scratch.write(name, try result.get()), to: "\(name).out")
            #expect(scratch.read("\(name).out") == nachaLikeSample + Array("file \(index)".utf8))
        }
    }
}
