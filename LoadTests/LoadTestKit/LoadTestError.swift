/// Why a load-test run could not be carried out (as opposed to a run that finished and found
/// lost or duplicated transfers, which is a report, not an error).
public struct LoadTestError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A helper program (gpg, psql, pgbench, a script) failed or is missing.
        public static let toolFailed = Code("TOOL_FAILED")
        /// A project file the runner needs (ceiling.sh, postgres.sh) cannot be found.
        public static let fileMissing = Code("FILE_MISSING")
        /// The database is not in a state a run can start from.
        public static let databaseNotReady = Code("DATABASE_NOT_READY")
        /// The pipeline did not finish (files not assembled or not delivered).
        public static let pipelineStuck = Code("PIPELINE_STUCK")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
