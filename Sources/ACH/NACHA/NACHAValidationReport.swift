/// What `NACHAValidator` found in one file. `Codable` as it is for `--json`.
public struct NACHAValidationReport: Sendable, Hashable, Codable {
    public enum Verdict: String, Sendable, Hashable, Codable {
        /// No errors (warnings allowed).
        case valid
        /// A text file with at least one error.
        case invalid
        /// Not a text file at all: empty or binary. The CLI exits 2 for these, as for I/O errors.
        case unreadable
    }

    /// Counts of what was read, for the summary line and for operators comparing with a bank's
    /// acknowledgement.
    public struct Summary: Sendable, Hashable, Codable {
        public var records = 0
        public var batches = 0
        public var entries = 0
        public var addenda = 0
        /// Sums of the entries' amounts, in cents.
        public var totalDebitCents: Int64 = 0
        public var totalCreditCents: Int64 = 0

        public init() {}
    }

    public var verdict: Verdict
    public var mode: NACHALayoutMode
    /// In file order (file-level problems last); at most `Options.maximumProblems` of them.
    public var problems: [NACHAProblem]
    /// All errors found, including any beyond the kept problems.
    public var errorCount: Int
    public var warningCount: Int
    public var summary: Summary

    public init(
        verdict: Verdict, mode: NACHALayoutMode, problems: [NACHAProblem], errorCount: Int, warningCount: Int,
        summary: Summary
    ) {
        self.verdict = verdict
        self.mode = mode
        self.problems = problems
        self.errorCount = errorCount
        self.warningCount = warningCount
        self.summary = summary
    }

    public var isValid: Bool { verdict == .valid }

    /// 0 valid, 1 invalid, 2 unreadable.
    public var exitCode: Int32 {
        switch verdict {
        case .valid: return 0
        case .invalid: return 1
        case .unreadable: return 2
        }
    }

    public var errors: [NACHAProblem] { problems.filter { $0.severity == .error } }

    /// Whether any kept problem has `code`.
    public func contains(_ code: NACHAProblem.Code) -> Bool { problems.contains { $0.code == code } }

    /// `NAME: invalid (strict): 2 errors, 1 warning — 10 records, 1 batch, 1 entry, 0 addenda`.
    public func summaryLine(name: String) -> String {
        func plural(_ n: Int, _ word: String, _ words: String? = nil) -> String {
            "\(n) \(n == 1 ? word : (words ?? word + "s"))"
        }
        var line = "\(name): \(verdict.rawValue) (\(mode.rawValue)): \(plural(errorCount, "error")), "
        line += plural(warningCount, "warning")
        if verdict != .unreadable {
            line += " — \(plural(summary.records, "record")), \(plural(summary.batches, "batch", "batches")), "
            line += "\(plural(summary.entries, "entry", "entries")), \(plural(summary.addenda, "addenda", "addenda"))"
        }
        return line
    }

    /// One line per problem (`NAME: line 3: entry detail: … [RDFI_CHECK_DIGIT]`), then the summary.
    public func rendered(name: String) -> String {
        var out = ""
        for problem in problems { out += "\(name): \(problem.description)\n" }
        if problems.count < errorCount + warningCount {
            out += "\(name): … \(errorCount + warningCount - problems.count) more problems not listed\n"
        }
        return out + summaryLine(name: name)
    }
}
