import Dispatch
import Foundation
import Synchronization
import TestSupport
import Testing

@testable import Delivery

/// DirectoryTarget, the local outbox: exclusive, flushed, never overwriting.
@Suite struct DirectoryTargetTests {
    let bytes = Array("101 091000019 1234567890 outbox file\n".utf8)

    @Test func deliveryCreatesTheFolderAndWritesExactBytesWithMode0600() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let target = DirectoryTarget(path: root + "/outbox/bank-a")
        #expect(try target.deliver(name: "ACH001.txt", bytes: bytes, sha256: "") == .uploaded)

        let path = root + "/outbox/bank-a/ACH001.txt"
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == bytes)
        #expect(try permissions(path) == 0o600)
        #expect(try permissions(root + "/outbox/bank-a") == 0o700)
        #expect(try permissions(root + "/outbox") == 0o700)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/outbox/bank-a") == ["ACH001.txt"])
    }

    @Test func sameFileAlreadyThereIsAlreadyPresentAndNotRewritten() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let target = DirectoryTarget(path: root)
        #expect(try target.deliver(name: "ACH002.txt", bytes: bytes, sha256: "") == .uploaded)
        let before = try FileManager.default.attributesOfItem(atPath: root + "/ACH002.txt")[.systemFileNumber]

        #expect(try target.deliver(name: "ACH002.txt", bytes: bytes, sha256: "") == .alreadyPresent)
        let after = try FileManager.default.attributesOfItem(atPath: root + "/ACH002.txt")[.systemFileNumber]
        #expect("\(before ?? "")" == "\(after ?? "")")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["ACH002.txt"])
    }

    @Test(arguments: [Array("101 091000019 1234567890 OUTBOX FILE\n".utf8), Array("short".utf8)])
    func differentFileAlreadyThereIsAConflictAndLeftUntouched(existing: [UInt8]) throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(FileManager.default.createFile(atPath: root + "/ACH003.txt", contents: Data(existing)))

        #expect {
            try DirectoryTarget(path: root).deliver(name: "ACH003.txt", bytes: bytes, sha256: "")
        } throws: { error in
            let error = error as? DeliveryError
            return error?.code == .conflict && error?.isTransient == false
        }
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: root + "/ACH003.txt"))) == existing)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["ACH003.txt"])
    }

    @Test func concurrentDeliveriesOfOneFileUploadItOnceAndLeaveNoTemporaryFiles() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let target = DirectoryTarget(path: root)
        let bytes = self.bytes
        let outcomes = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let outcome = Result { try target.deliver(name: "ACH004.txt", bytes: bytes, sha256: "") }
            outcomes.withLock { $0.append("\(outcome)") }
        }
        let all = outcomes.withLock { $0 }
        #expect(all.filter { $0 == "success(Delivery.DeliveryOutcome.uploaded)" }.count == 1)
        #expect(all.filter { $0 == "success(Delivery.DeliveryOutcome.alreadyPresent)" }.count == 7)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["ACH004.txt"])
    }

    @Test func unsafeNameIsRejectedWithoutWriting() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect {
            try DirectoryTarget(path: root).deliver(name: "../escape.txt", bytes: bytes, sha256: "")
        } throws: { ($0 as? DeliveryError)?.code == .misconfigured }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).isEmpty)
    }

    @Test func folderThatIsAFileIsAnIOFailure() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(FileManager.default.createFile(atPath: root + "/plain", contents: Data()))
        #expect {
            try DirectoryTarget(path: root + "/plain").deliver(name: "A.txt", bytes: bytes, sha256: "")
        } throws: { ($0 as? DeliveryError)?.code == .ioFailed }
    }

    private func permissions(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1) & 0o777
    }
}
