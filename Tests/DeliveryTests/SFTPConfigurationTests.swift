import Testing

@testable import Delivery

/// Configuration checks that need no server: fingerprints, names, descriptions.
@Suite struct SFTPConfigurationTests {
    static let fingerprint = "SHA256:4dVTTsHbeysJq/QXumOkoDGLrnADaHSs3Wxw/e9yw6Q"

    func configuration(fingerprint: String = fingerprint, port: Int = 2222) -> SFTPTarget.Configuration {
        .init(
            host: "127.0.0.1", port: port, username: "bank", privateKeyPath: "/keys/id_ed25519",
            remoteDirectory: "/inbound", hostKeyFingerprint: fingerprint)
    }

    @Test func openSSHFingerprintRoundTrips() throws {
        let parsed = try HostKeyFingerprint(openSSH: Self.fingerprint)
        #expect(parsed.digest.count == 32)
        #expect(parsed.description == Self.fingerprint)
        #expect(try HostKeyFingerprint(openSSH: Self.fingerprint + "=") == parsed)
    }

    @Test(arguments: [
        "", "4dVTTsHbeysJq/QXumOkoDGLrnADaHSs3Wxw/e9yw6Q", "MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48",
        "SHA256:tooShort", "SHA256:!!!!TTsHbeysJq/QXumOkoDGLrnADaHSs3Wxw/e9yw6Q",
    ])
    func malformedFingerprintIsMisconfigured(fingerprint: String) {
        #expect {
            try SFTPTarget(configuration: configuration(fingerprint: fingerprint))
        } throws: { ($0 as? DeliveryError)?.code == .misconfigured }
    }

    @Test func invalidPortIsMisconfigured() {
        #expect(throws: DeliveryError.self) { try SFTPTarget(configuration: configuration(port: 0)) }
    }

    @Test func descriptionNamesUserHostPortAndFolder() throws {
        let target = try SFTPTarget(configuration: configuration())
        #expect(target.description == "sftp://bank@127.0.0.1:2222/inbound")
        #expect(target.remotePath("A.txt") == "/inbound/A.txt")
    }

    @Test(arguments: ["", "a/b", ".hidden", "..", String(repeating: "x", count: 201)])
    func unsafeFileNameIsMisconfiguredBeforeConnecting(name: String) {
        #expect {
            try DeliveryFileName.validate(name)
        } throws: { ($0 as? DeliveryError)?.code == .misconfigured }
    }

    @Test func temporaryNameIsHiddenUniqueAndBesideTheFinalName() {
        let first = DeliveryFileName.temporary(for: "ACH.txt")
        #expect(first.hasPrefix(".ACH.txt.tmp-"))
        #expect(first.count == ".ACH.txt.tmp-".count + 16)
        #expect(first != DeliveryFileName.temporary(for: "ACH.txt"))
    }
}
