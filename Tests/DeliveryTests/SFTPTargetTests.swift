import Foundation
import TestSupport
import Testing

@testable import Delivery

/// SFTPTarget against a real OpenSSH sshd on 127.0.0.1 (scripts/sftp-server.sh), one per test.
@Suite struct SFTPTargetTests {
    let bytes = Array("101 091000019 1234567890...NACHA file body\n".utf8)

    @Test func uploadArrivesWithExactBytesAndNoTemporaryFileLeftBehind() async throws {
        try await SFTPTestServer.with { server in
            var configuration = server.configuration()
            configuration.hostKeyAlgorithms = "ssh-ed25519"
            let target = try SFTPTarget(configuration: configuration)
            let bytes = self.bytes
            let outcome = try await onDispatchQueue { try target.deliver(name: "ACH001.txt", bytes: bytes, sha256: "") }
            #expect(outcome == .uploaded)
            #expect(try server.uploadedNames() == ["ACH001.txt"])
            #expect(try Array(Data(contentsOf: URL(fileURLWithPath: server.uploadDirectory + "/ACH001.txt"))) == bytes)
        }
    }

    @Test func largeUploadIsWrittenCompletely() async throws {
        try await SFTPTestServer.with { server in
            let target = try SFTPTarget(configuration: server.configuration())
            let large = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
            let outcome = try await onDispatchQueue { try target.deliver(name: "BIG.ach", bytes: large, sha256: "") }
            #expect(outcome == .uploaded)
            #expect(try Array(Data(contentsOf: URL(fileURLWithPath: server.uploadDirectory + "/BIG.ach"))) == large)
            #expect(try server.uploadedNames() == ["BIG.ach"])
        }
    }

    @Test func wrongPinnedHostKeyIsRefusedBeforeAuthenticating() async throws {
        try await SFTPTestServer.with { server in
            let pinned = HostKeyFingerprint(digest: Array(repeating: 7, count: 32)).description
            let target = try SFTPTarget(configuration: server.configuration(fingerprint: pinned))
            let bytes = self.bytes
            let error = await deliveryError { try target.deliver(name: "ACH002.txt", bytes: bytes, sha256: "") }
            #expect(error?.code == .hostKeyMismatch)
            #expect(error?.isTransient == false)
            #expect(error?.message.contains(pinned) == true)
            #expect(error?.message.contains(server.fingerprint) == true)
            #expect(try server.uploadedNames().isEmpty)
            // Our (valid) key was never offered: sshd logged no public-key attempt at all.
            #expect(!(try server.log().contains("publickey")))
        }
    }

    @Test func wrongPinnedHostKeyWinsOverAWrongClientKey() async throws {
        try await SFTPTestServer.with { server in
            let stranger = try await server.makeClientKey(named: "stranger")
            let pinned = HostKeyFingerprint(digest: Array(repeating: 9, count: 32)).description
            let target = try SFTPTarget(configuration: server.configuration(keyPath: stranger, fingerprint: pinned))
            let bytes = self.bytes
            let error = await deliveryError { try target.deliver(name: "ACH003.txt", bytes: bytes, sha256: "") }
            #expect(error?.code == .hostKeyMismatch)
        }
    }

    @Test func refusedClientKeyIsAuthenticationFailed() async throws {
        try await SFTPTestServer.with { server in
            let stranger = try await server.makeClientKey(named: "stranger")
            let target = try SFTPTarget(configuration: server.configuration(keyPath: stranger))
            let bytes = self.bytes
            let error = await deliveryError { try target.deliver(name: "ACH004.txt", bytes: bytes, sha256: "") }
            #expect(error?.code == .authenticationFailed)
            #expect(error?.isTransient == false)
            #expect(try server.uploadedNames().isEmpty)
        }
    }

    @Test func stoppedServerIsUnreachableWithinTheTimeoutThenARestartedOneAcceptsTheUpload() async throws {
        try await SFTPTestServer.with { server in
            let target = try SFTPTarget(configuration: server.configuration(timeout: .seconds(3)))
            let bytes = self.bytes
            try await server.stop()
            let (error, duration) = await timedDeliveryError {
                try target.deliver(name: "ACH005.txt", bytes: bytes, sha256: "")
            }
            #expect(error?.code == .unreachable)
            #expect(error?.isTransient == true)
            // Bounded, not hanging: generous, since tests share two cores with other tests.
            #expect(duration < .seconds(15))

            try await server.restart()
            let outcome = try await onDispatchQueue { try target.deliver(name: "ACH005.txt", bytes: bytes, sha256: "") }
            #expect(outcome == .uploaded)
            #expect(try server.uploadedNames() == ["ACH005.txt"])
        }
    }

    @Test func encryptedClientKeyIsUnlockedWithThePassphraseFromAFile() async throws {
        try await SFTPTestServer.with { server in
            let key = try await server.makeClientKey(named: "locked", passphrase: "correct horse", authorize: true)
            let passphraseFile = server.directory + "/passphrase"
            try "correct horse\n".write(toFile: passphraseFile, atomically: true, encoding: .utf8)
            let target = try SFTPTarget(
                configuration: server.configuration(keyPath: key, passphrase: .file(passphraseFile)))
            let bytes = self.bytes
            let outcome = try await onDispatchQueue { try target.deliver(name: "ACH006.txt", bytes: bytes, sha256: "") }
            #expect(outcome == .uploaded)

            let unset = try SFTPTarget(
                configuration: server.configuration(keyPath: key, passphrase: .environment("ACH_TEST_UNSET_PASSPHRASE"))
            )
            let error = await deliveryError { try unset.deliver(name: "ACH007.txt", bytes: bytes, sha256: "") }
            #expect(error?.code == .misconfigured)
            #expect(error?.message.contains("correct horse") == false)
        }
    }
}
