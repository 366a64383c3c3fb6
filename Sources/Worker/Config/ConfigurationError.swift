/// A configuration problem, named by file, line and key so an operator can fix it in one go.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let unreadable = Code("CONFIG_UNREADABLE")
        public static let syntax = Code("CONFIG_SYNTAX")
        public static let unknownKey = Code("CONFIG_UNKNOWN_KEY")
        public static let badValue = Code("CONFIG_BAD_VALUE")
        /// A file holding a secret that other accounts on the host can read.
        public static let insecureFile = Code("CONFIG_INSECURE_FILE")
    }

    public var code: Code
    /// Where: `file:line key.path`.
    public var location: String
    public var message: String

    public init(_ code: Code, at location: String, _ message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message) [\(code)]" }
}
