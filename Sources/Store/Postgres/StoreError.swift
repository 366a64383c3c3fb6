/// An error from the database layer: a stable code, the SQLSTATE when PostgreSQL gave one, and a
/// message. Messages come from PostgreSQL or from us; neither ever includes parameter values, so no
/// account number can leak through an error.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Could not open a connection (server down, bad URL, authentication).
        public static let connectionFailed = Code("CONNECTION_FAILED")
        /// The connection broke during a call; the call may or may not have taken effect.
        public static let connectionLost = Code("CONNECTION_LOST")
        /// The server refused the statement (syntax, constraint, permission, …).
        public static let queryFailed = Code("QUERY_FAILED")
        /// A unique constraint refused the row.
        public static let uniqueViolation = Code("UNIQUE_VIOLATION")
        /// A COPY could not be completed.
        public static let copyFailed = Code("COPY_FAILED")
        /// A migration file is missing or out of order.
        public static let migrationFailed = Code("MIGRATION_FAILED")
        /// A value came back in a shape we did not expect.
        public static let decodingFailed = Code("DECODING_FAILED")
        /// A callback cursor holds a transaction id this server has not handed out yet.
        public static let callbackCursorAhead = Code("CALLBACK_CURSOR_AHEAD")
    }

    public var code: Code
    public var sqlState: String?
    public var message: String

    public init(_ code: Code, sqlState: String? = nil, _ message: String) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
    }

    public var description: String {
        var text = "\(code)"
        if let sqlState { text += " [\(sqlState)]" }
        return text + ": " + message
    }

    /// True when retrying on a fresh connection may succeed: the server went away, is starting or
    /// shutting down, or cancelled us for a serialization or deadlock conflict.
    public var isTransient: Bool {
        if code == .connectionFailed || code == .connectionLost { return true }
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08") || sqlState.hasPrefix("57P") || sqlState == "40001" || sqlState == "40P01"
            || sqlState == "53300"
    }
}
