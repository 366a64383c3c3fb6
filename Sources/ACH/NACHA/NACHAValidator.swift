// NACHA file validation: the public entry point.
//
// Wiring `ach-worker validate FILE… [--json] [--lenient]`:
//
//     let bytes = [UInt8](try Data(contentsOf: url))          // I/O failure → exit 2
//     let report = NACHAValidator.validate(bytes, mode: lenient ? .lenient : .strict)
//     if json { print(String(decoding: try JSONEncoder().encode(report), as: UTF8.self)) }
//     else { print(report.rendered(name: path)) }            // one line per problem + summary
//     exit(report.exitCode)                                  // 0 valid, 1 invalid, 2 unreadable
//
// With several files, exit with the highest code. Related API:
//   NACHAValidator.validate(_:mode:) / validate(_:options:) -> NACHAValidationReport
//   NACHAValidationReport: verdict (.valid/.invalid/.unreadable), problems [NACHAProblem],
//     summary, errorCount, warningCount, isValid, exitCode, rendered(name:), summaryLine(name:)
//   NACHAProblem: line (1-based, nil = whole file), code (stable, e.g. RDFI_CHECK_DIGIT),
//     severity (.error/.warning), message; description = "line 3: entry detail: … [CODE]"
//   NACHAReader.read(_:mode:) throws(NACHAError) -> NACHAFile   (model; stops at first blocker)
//   NACHAReader.readValidated(_:mode:) -> (file: NACHAFile?, report: NACHAValidationReport)
//   NACHAWriter.write(_:lineEnding:) / NACHAFile.bytes() -> [UInt8]
//   NACHAFileBuilder(header:).add(_:) / build() throws(NACHAError) -> NACHAFile

/// Checks the bytes of a NACHA file and reports every problem it finds, each with its line.
///
/// Not fail-fast: field checks run on every record; after a structural break (a record out of
/// order, a missing control) the checks that depend on structure — control totals of the broken
/// batch, the file control's counts — are skipped rather than reported as a cascade.
/// Beyond what moov-io/ach checks it also verifies dates are real days, the block count against
/// the records actually present, `9…9` padding (strict), record size and blocking factor.
public enum NACHAValidator {
    public struct Options: Sendable, Hashable {
        public var mode: NACHALayoutMode
        /// Problems kept in the report; the counts still cover all of them. Keeps a report on a
        /// garbage file from growing without bound.
        public var maximumProblems: Int

        public init(mode: NACHALayoutMode = .strict, maximumProblems: Int = 10_000) {
            self.mode = mode
            self.maximumProblems = maximumProblems
        }
    }

    public static func validate(_ bytes: [UInt8], mode: NACHALayoutMode = .strict) -> NACHAValidationReport {
        validate(bytes, options: Options(mode: mode))
    }

    public static func validate(_ bytes: [UInt8], options: Options) -> NACHAValidationReport {
        validate(NACHALines(bytes, mode: options.mode), options: options)
    }

    static func validate(_ lines: NACHALines, options: Options) -> NACHAValidationReport {
        var validation = NACHAValidation(lines: lines, options: options)
        if lines.unreadable {
            return validation.report(unreadable: true)
        }
        lines.withRecords { validation.run($0) }
        return validation.report(unreadable: false)
    }
}
