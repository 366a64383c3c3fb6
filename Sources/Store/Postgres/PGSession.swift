import CLibPQ
import Glibc

/// Synchronous access to a connected libpq handle, valid only inside `PGConnection.withSession`.
///
/// Values are sent as text parameters (`$1`, `$2`, …), never spliced into SQL.
public struct PGSession {
    let handle: OpaquePointer

    /// Runs one statement with text parameters and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) throws -> PGRows {
        let result = withCStrings(parameters) { pointers in
            PQexecParams(handle, sql, Int32(pointers.count), nil, pointers, nil, nil, 0)
        }
        return try consume(result)
    }

    /// Runs one or more statements with no parameters (migrations, `BEGIN`, `COMMIT`).
    public func execute(_ sql: String) throws {
        try consume(PQexec(handle, sql))
    }

    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws.
    ///
    /// Inside a transaction already (the caller's), `body` joins it: a second BEGIN would only
    /// warn, and this COMMIT would end the caller's transaction halfway, releasing its locks —
    /// an operator's recheck-then-apply loads the rules' look-ups (a transaction of their own)
    /// between locking its rows and changing them. The caller's COMMIT or ROLLBACK decides.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        let status = PQtransactionStatus(handle)
        if status == PQTRANS_INTRANS || status == PQTRANS_INERROR { return try body() }
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            // The connection may be gone; the server rolls back on its own then.
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Streams `data` into a `COPY … FROM STDIN` statement and returns the number of rows copied.
    public func copyIn(_ sql: String, data: [UInt8]) throws -> Int {
        guard let start = PQexec(handle, sql) else {
            throw StoreError(.connectionLost, Self.errorMessage(handle))
        }
        defer { PQclear(start) }
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            throw failure(start, code: .copyFailed)
        }
        let chunk = 1 << 20
        var offset = 0
        while offset < data.count {
            let end = min(offset + chunk, data.count)
            let sent = data[offset..<end].withUnsafeBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    PQputCopyData(handle, $0, Int32(buffer.count))
                }
            }
            guard sent == 1 else { throw StoreError(.copyFailed, "COPY send failed: \(Self.errorMessage(handle))") }
            offset = end
        }
        guard PQputCopyEnd(handle, nil) == 1 else {
            throw StoreError(.copyFailed, "COPY end failed: \(Self.errorMessage(handle))")
        }
        var copied = 0
        var firstError: StoreError?
        while let result = PQgetResult(handle) {
            if PQresultStatus(result) == PGRES_COMMAND_OK {
                copied = Int(String(cString: PQcmdTuples(result))) ?? 0
            } else if firstError == nil {
                firstError = failure(result, code: .copyFailed)
            }
            PQclear(result)
        }
        if let firstError { throw firstError }
        return copied
    }

    /// Waits until the socket is readable or the timeout passes; returns notified channel names.
    func waitForNotifications(timeoutMilliseconds: Int32) throws -> [String] {
        var channels = drainNotifications()
        guard channels.isEmpty else { return channels }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, timeoutMilliseconds)
        if ready > 0 {
            guard PQconsumeInput(handle) == 1 else {
                throw StoreError(.connectionLost, "LISTEN connection: \(Self.errorMessage(handle))")
            }
            channels = drainNotifications()
        }
        return channels
    }

    private func drainNotifications() -> [String] {
        var channels: [String] = []
        while let notify = PQnotifies(handle) {
            channels.append(String(cString: notify.pointee.relname))
            PQfreemem(notify)
        }
        return channels
    }

    @discardableResult
    private func consume(_ result: OpaquePointer?) throws -> PGRows {
        guard let result else {
            throw StoreError(.connectionLost, Self.errorMessage(handle))
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return PGRows(result)
        default:
            throw failure(result, code: .queryFailed)
        }
    }

    private func failure(_ result: OpaquePointer, code: StoreError.Code) -> StoreError {
        let sqlStatePointer = PQresultErrorField(result, Int32(UInt8(ascii: "C")))
        let sqlState = sqlStatePointer.map { String(cString: $0) }
        var message = String(cString: PQresultErrorMessage(result)).trimmingWhitespace()
        if message.isEmpty { message = Self.errorMessage(handle) }
        if PQstatus(handle) != CONNECTION_OK {
            return StoreError(.connectionLost, sqlState: sqlState, message)
        }
        let finalCode: StoreError.Code = sqlState == "23505" ? .uniqueViolation : code
        return StoreError(finalCode, sqlState: sqlState, message)
    }

    static func errorMessage(_ handle: OpaquePointer) -> String {
        String(cString: PQerrorMessage(handle)).trimmingWhitespace()
    }
}

/// Calls `body` with NUL-terminated copies of `strings` (nil stays a NULL pointer, which libpq
/// reads as SQL NULL). The copies live exactly as long as the call.
private func withCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let owned: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0) } }
    defer { for pointer in owned { free(pointer) } }
    return body(owned.map { $0.map { UnsafePointer($0) } })
}

extension String {
    func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
