import Foundation
import TestSupport
import Testing

@testable import Delivery

/// Connection failures are `.unreachable` (transient) and bounded by the configured timeouts.
@Suite struct SFTPUnreachableTests {
    @Test func serverThatAcceptsButNeverSpeaksTimesOutAsUnreachable() async throws {
        // A listening socket nobody accepts on: the kernel completes the TCP handshake, then
        // nothing — no SSH banner ever arrives.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 && listen(fd, 8) == 0
            }
        }
        try #require(listening)

        let target = try SFTPTarget(
            configuration: .init(
                host: "127.0.0.1", port: Int(UInt16(bigEndian: address.sin_port)), username: "nobody",
                privateKeyPath: "/nonexistent", remoteDirectory: "/inbound",
                hostKeyFingerprint: HostKeyFingerprint(digest: Array(repeating: 1, count: 32)).description,
                connectTimeout: .seconds(1), ioTimeout: .seconds(1)))
        let (error, duration) = await timedDeliveryError { try target.deliver(name: "ACH.txt", bytes: [1], sha256: "") }
        #expect(error?.code == .unreachable)
        #expect(error?.isTransient == true)
        // libssh2 counts its timeout in whole seconds, so 1 s may run to 2 s.
        // Generous: tests share two cores with other tests; the point is that it does not hang.
        #expect(duration < .seconds(15))
    }

    @Test func closedPortIsUnreachableAtOnce() async throws {
        let port = try freeLoopbackPort()
        let target = try SFTPTarget(
            configuration: .init(
                host: "127.0.0.1", port: port, username: "nobody", privateKeyPath: "/nonexistent",
                remoteDirectory: "/inbound",
                hostKeyFingerprint: HostKeyFingerprint(digest: Array(repeating: 1, count: 32)).description))
        let error = await deliveryError { try target.deliver(name: "ACH.txt", bytes: [1], sha256: "") }
        #expect(error?.code == .unreachable)
        #expect(error?.isTransient == true)
        #expect(error?.message.contains("refused") == true)
    }
}
