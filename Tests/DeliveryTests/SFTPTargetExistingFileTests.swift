import Foundation
import TestSupport
import Testing

@testable import Delivery

/// The crash-after-upload cases: a file already at its final name is compared, never replaced,
/// and never uploaded a second time.
@Suite struct SFTPTargetExistingFileTests {
    let bytes = Array("5200ACME PAYROLL ... entries ...\n".utf8)

    @Test func sameFileAlreadyThereIsAlreadyPresentWithoutASecondUpload() async throws {
        try await SFTPTestServer.with { server in
            let path = try place(bytes, as: "ACH010.txt", on: server)
            let before = try identity(of: path)
            // With the folder closed to writes, any attempt to upload again would fail.
            try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: server.uploadDirectory)
            let target = try SFTPTarget(configuration: server.configuration())
            let bytes = self.bytes
            let outcome = try await onDispatchQueue { try target.deliver(name: "ACH010.txt", bytes: bytes, sha256: "") }
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: server.uploadDirectory)
            #expect(outcome == .alreadyPresent)
            #expect(try identity(of: path) == before)
            #expect(try server.uploadedNames() == ["ACH010.txt"])
        }
    }

    @Test(arguments: [
        Array("5200ACME PAYROLL ... ENTRIES ...\n".utf8),  // same size, different bytes
        Array("something else entirely".utf8),
    ])
    func differentFileAlreadyThereIsAConflictAndLeftUntouched(existing: [UInt8]) async throws {
        try await SFTPTestServer.with { server in
            let path = try place(existing, as: "ACH011.txt", on: server)
            let before = try identity(of: path)
            let target = try SFTPTarget(configuration: server.configuration())
            let bytes = self.bytes
            let error = await deliveryError { try target.deliver(name: "ACH011.txt", bytes: bytes, sha256: "") }
            #expect(error?.code == .conflict)
            #expect(error?.isTransient == false)
            #expect(try identity(of: path) == before)
            #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == existing)
            #expect(try server.uploadedNames() == ["ACH011.txt"])
        }
    }

    /// The final name appears while our temporary file is being written (another daemon, or a
    /// retry racing a slow first attempt): the rename refuses to overwrite and we compare.
    @Test func fileAppearingDuringTheUploadIsComparedAtRename() async throws {
        try await SFTPTestServer.with { server in
            let target = try SFTPTarget(configuration: server.configuration())
            let same = try place(bytes, as: "SAME.txt", on: server)
            let other = try place(Array("other".utf8), as: "OTHER.txt", on: server)
            let before = try identity(of: other)
            let bytes = self.bytes
            let (sameOutcome, otherError) = try await onDispatchQueue { () -> (DeliveryOutcome, DeliveryError?) in
                let connection = try SFTPConnection(
                    configuration: target.configuration, fingerprint: target.pinnedHostKey,
                    logger: target.logger)
                defer { connection.release() }
                let outcome = try target.upload(bytes, as: "SAME.txt", over: connection)
                do {
                    _ = try target.upload(bytes, as: "OTHER.txt", over: connection)
                    return (outcome, nil)
                } catch let error as DeliveryError {
                    return (outcome, error)
                }
            }
            #expect(sameOutcome == .alreadyPresent)
            #expect(otherError?.code == .conflict)
            #expect(try identity(of: other) == before)
            #expect(try Array(Data(contentsOf: URL(fileURLWithPath: same))) == bytes)
            #expect(try server.uploadedNames() == ["OTHER.txt", "SAME.txt"])
        }
    }

    /// Puts a file in the upload folder as if an earlier attempt had delivered it (readable by
    /// the SFTP user, who may not be us).
    private func place(_ bytes: [UInt8], as name: String, on server: SFTPTestServer) throws -> String {
        let path = server.uploadDirectory + "/" + name
        #expect(
            FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o644]))
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 1_700_000_000)], ofItemAtPath: path)
        return path
    }

    private func identity(of path: String) throws -> [String] {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let keys: [FileAttributeKey] = [.systemFileNumber, .modificationDate, .size]
        return keys.map { "\(attributes[$0] ?? "-")" }
    }
}
