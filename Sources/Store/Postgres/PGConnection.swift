import CLibPQ
import Dispatch
import Logging

/// One PostgreSQL connection driven by libpq's blocking API on a private serial `DispatchQueue`.
///
/// libpq calls block the calling thread for a whole network round trip. On a 2-core machine two
/// blocked threads of Swift's cooperative pool would stall every task in the process, so all libpq
/// work runs on this connection's own queue; async callers suspend on a continuation meanwhile.
///
/// A call whose connection is gone reconnects once before running; backing off between failed
/// attempts is the caller's loop's business (see `StoreError.isTransient`).
public final class PGConnection: @unchecked Sendable {
    // @unchecked Sendable: `handle` is read and written only on `queue`, which is serial, so it is
    // never touched by two threads at once. Everything else is immutable.
    private let queue: DispatchQueue
    private var handle: OpaquePointer?
    private let url: String
    private let logger: Logger
    public let label: String

    public init(url: String, label: String, logger: Logger) {
        self.url = url
        self.label = label
        self.logger = logger
        self.queue = DispatchQueue(label: "ach-worker.pg.\(label)")
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// Runs `body` on this connection's queue with a live session. The body is synchronous on
    /// purpose: a transaction never suspends while it holds the connection.
    public func withSession<T: Sendable>(_ body: @escaping @Sendable (PGSession) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(
                    with: Result {
                        let session = try self.connectedSession()
                        defer { self.dropIfBroken() }
                        return try body(session)
                    })
            }
        }
    }

    /// Closes the connection; the next call opens a new one.
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                if let handle = self.handle { PQfinish(handle) }
                self.handle = nil
                continuation.resume()
            }
        }
    }

    /// Blocks the queue until the socket is readable or `timeoutMilliseconds` pass, then returns
    /// the channels notified since the last call. Used by the LISTEN connection only.
    public func waitForNotifications(timeoutMilliseconds: Int32) async throws -> [String] {
        try await withSession { session in try session.waitForNotifications(timeoutMilliseconds: timeoutMilliseconds) }
    }

    private func connectedSession() throws -> PGSession {
        if let handle, PQstatus(handle) == CONNECTION_OK { return PGSession(handle: handle) }
        if let handle { PQfinish(handle) }
        handle = nil
        guard let fresh = PQconnectdb(url) else {
            throw StoreError(.connectionFailed, "libpq could not allocate a connection")
        }
        guard PQstatus(fresh) == CONNECTION_OK else {
            let message = PGSession.errorMessage(fresh)
            PQfinish(fresh)
            throw StoreError(.connectionFailed, "cannot connect to PostgreSQL: \(message)")
        }
        // Silence NOTICE messages ("relation already exists, skipping"): libpq prints them to
        // stderr by default, which would interleave with our structured logs.
        PQsetNoticeProcessor(fresh, { _, _ in }, nil)
        handle = fresh
        logger.debug("connected to PostgreSQL", metadata: ["connection": "\(label)"])
        return PGSession(handle: fresh)
    }

    private func dropIfBroken() {
        if let handle, PQstatus(handle) != CONNECTION_OK {
            logger.info("PostgreSQL connection lost; will reconnect", metadata: ["connection": "\(label)"])
            PQfinish(handle)
            self.handle = nil
        }
    }
}
