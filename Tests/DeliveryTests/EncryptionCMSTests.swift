import Foundation
import TestSupport
import Testing

@testable import Delivery

/// CMS encryption checked against the real `openssl cms -decrypt`.
@Suite("CMS encryption")
final class EncryptionCMSTests {
    let scratch: CryptoScratch
    let certificates: CMSTestCertificates

    init() throws {
        scratch = try CryptoScratch()
        certificates = CMSTestCertificates(scratch: scratch)
    }

    deinit { scratch.cleanUp() }

    /// Encrypts `plain` for a fresh bank certificate and decrypts it with `openssl cms`.
    private func roundTrip(_ plain: [UInt8]) throws -> (encrypted: [UInt8], decrypted: [UInt8]) {
        let bank = try certificates.selfSigned("bank")
        let encryptor = CMSEncryptor(recipientCertificateFile: bank.certificate)
        try encryptor.checkReady()
        let encrypted = try encryptor.encrypt(plain)
        let input = try scratch.write("file.p7m", encrypted)
        try certificates.openssl([
            "cms", "-decrypt", "-binary", "-inform", "DER", "-in", input, "-inkey", bank.key,
            "-recip", bank.certificate, "-out", scratch.file("file.out"),
        ])
        return (encrypted, scratch.read("file.out"))
    }

    @Test("openssl cms -decrypt returns every byte value and CRLF exactly as given")
    func roundTripIsBinarySafe() throws {
        let (encrypted, decrypted) = try roundTrip(nachaLikeSample)
        #expect(decrypted == nachaLikeSample)
        #expect(encrypted.first == 0x30)  // DER: a SEQUENCE, not PEM or S/MIME text
    }

    @Test("large and empty files round-trip", arguments: [0, 1_000_003])
    func roundTripSizes(size: Int) throws {
        let plain = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        #expect(try roundTrip(plain).decrypted == plain)
    }

    @Test("the envelope is EnvelopedData with AES-256-CBC and RSA key transport")
    func envelopeUsesAES256() throws {
        let (encrypted, _) = try roundTrip(nachaLikeSample)
        let printed = try certificates.openssl([
            "cms", "-cmsout", "-print", "-inform", "DER", "-in", try scratch.write("printed.p7m", encrypted),
        ]).text
        #expect(printed.contains("contentType: pkcs7-envelopedData"))
        #expect(printed.contains("algorithm: aes-256-cbc"))
        #expect(printed.contains("algorithm: rsaEncryption"))
        let encryptor = CMSEncryptor(recipientCertificateFile: "bank.pem")
        #expect(encryptor.fileExtension == ".p7m")
        #expect(encryptor.description == "cms to bank.pem")
    }

    @Test("a DER certificate file is accepted as well as PEM")
    func derCertificate() throws {
        let bank = try certificates.selfSigned("bank")
        let der = scratch.file("bank.der")
        try certificates.openssl(["x509", "-in", bank.certificate, "-outform", "DER", "-out", der])
        try CMSEncryptor(recipientCertificateFile: der).checkReady()
    }

    private func readinessError(_ file: String) -> EncryptionError? {
        let encryptor = CMSEncryptor(recipientCertificateFile: file)
        #expect(throws: EncryptionError.self) { try encryptor.encrypt(nachaLikeSample) }
        do { try encryptor.checkReady() } catch let error as EncryptionError { return error } catch {}
        Issue.record("checkReady() accepted \(file)")
        return nil
    }

    @Test("a missing certificate file is reported with its path")
    func missingFile() {
        let error = readinessError(scratch.file("bank.pem"))
        #expect(error?.code == .keyFileMissing)
        #expect(error?.message == "bank certificate \(scratch.file("bank.pem")) does not exist")
    }

    @Test("a file that is not a certificate is refused")
    func garbageFile() throws {
        let file = try scratch.write("bank.pem", Array("-----BEGIN CERTIFICATE-----\nnot base64!\n".utf8))
        let error = readinessError(file)
        #expect(error?.code == .keyInvalid)
        #expect(error?.message == "bank certificate \(file) is not a PEM or DER X.509 certificate")
    }

    @Test("an expired certificate is refused with its expiry date")
    func expiredCertificate() throws {
        let file = try certificates.dated("old", from: "20200101000000Z", to: "20210101000000Z")
        let error = readinessError(file)
        #expect(error?.code == .keyExpired)
        #expect(error?.message == "bank certificate \(file) expired on 2021-01-01")
    }

    @Test("a certificate that is not valid yet is refused with its start date")
    func notYetValidCertificate() throws {
        let file = try certificates.dated("new", from: "20990101000000Z", to: "21000101000000Z")
        let error = readinessError(file)
        #expect(error?.code == .keyNotYetValid)
        #expect(error?.message == "bank certificate \(file) is not valid until 2099-01-01")
    }

    @Test("a certificate with an elliptic-curve key is refused: RSA is required")
    func nonRSACertificate() throws {
        let bank = try certificates.selfSigned("ec", key: "ec:\(try curveParameters())")
        let error = readinessError(bank.certificate)
        #expect(error?.code == .keyUnsuitable)
        #expect(error?.message == "bank certificate \(bank.certificate) does not hold an RSA public key")
    }

    /// `req -newkey ec:FILE` takes the curve from a parameters file.
    private func curveParameters() throws -> String {
        let file = scratch.file("prime256v1.pem")
        try certificates.openssl(["ecparam", "-name", "prime256v1", "-out", file])
        return file
    }
}
