/// A problem with a callback's configuration (secret, URL), with a stable code. The message never
/// contains the secret.
public struct NotificationError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The secret is not `whsec_` followed by base64 of at least 16 bytes.
        public static let badSecret = Code("WEBHOOK_BAD_SECRET")
        /// The callback URL is not an absolute http(s) URL with a host.
        public static let badURL = Code("WEBHOOK_BAD_URL")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) [\(code)]" }
}
