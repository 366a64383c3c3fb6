/// One finding of the validator, or the reason the reader or builder gave up.
///
/// Messages name the record and field and say what was expected; they never quote an account
/// number (SPEC §9), so a report can go to a log or a ticket as it is.
public struct NACHAProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The file is not acceptable.
        case error
        /// Accepted, but worth knowing (layout slack in lenient mode, duplicate trace numbers).
        case warning
    }

    /// A stable machine code, e.g. `RDFI_CHECK_DIGIT`. Extensible like postgres-nio's error codes.
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible,
        ExpressibleByStringLiteral
    {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }
        public var description: String { rawValue }
    }

    /// 1-based line of the file (the record number when a lenient read split one long line);
    /// nil for problems of the file as a whole.
    public var line: Int?
    public var code: Code
    public var severity: Severity
    /// Human text, starting with the record kind: `entry detail: RDFI check digit 5 does not …`.
    public var message: String

    public init(line: Int?, code: Code, severity: Severity = .error, message: String) {
        self.line = line
        self.code = code
        self.severity = severity
        self.message = message
    }

    /// `line 3: entry detail: RDFI check digit 5 does not match computed 4 [RDFI_CHECK_DIGIT]`;
    /// a problem of the whole file (empty, binary) has no line: `file: no records … [EMPTY_FILE]`.
    public var description: String {
        let place = line.map { "line \($0): " } ?? ""
        let tag = severity == .warning ? "warning: " : ""
        return "\(place)\(tag)\(message) [\(code)]"
    }
}

/// Thrown by the reader (the file cannot be turned into a model) and the builder (the input
/// cannot be written as NACHA). It carries the same code and message as a validator finding.
public struct NACHAError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problem: NACHAProblem

    public init(_ problem: NACHAProblem) { self.problem = problem }

    public init(line: Int?, code: NACHAProblem.Code, message: String) {
        self.problem = NACHAProblem(line: line, code: code, message: message)
    }

    public var code: NACHAProblem.Code { problem.code }
    public var line: Int? { problem.line }
    public var message: String { problem.message }
    public var description: String { problem.description }
}
