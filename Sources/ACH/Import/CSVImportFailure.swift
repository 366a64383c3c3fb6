/// Why a transfer import file was refused as a whole. Nothing from such a file is imported.
///
/// `errors` lists the problems of the first `TransferCSV.maxReportedRows` malformed rows (every
/// problem of each such row, in file order); malformed rows beyond that are only counted, so that
/// a garbage file cannot make the report itself huge.
public struct CSVImportFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var errors: [CSVImportError]
    /// How many malformed rows the file has in total (a header problem counts as one row).
    public var malformedRowCount: Int
    /// Malformed rows that were counted but whose problems are not in `errors`.
    public var unreportedRowCount: Int

    public init(errors: [CSVImportError], malformedRowCount: Int, unreportedRowCount: Int = 0) {
        self.errors = errors
        self.malformedRowCount = malformedRowCount
        self.unreportedRowCount = unreportedRowCount
    }

    /// The report for a terminal: a summary line, then one line per problem, then how many
    /// malformed rows were not listed.
    ///
    ///     transfers.csv: nothing imported: 2 malformed rows
    ///     transfers.csv: line 7, column amount: "12.345" has more than two decimals
    ///     transfers.csv: line 9: has 16 fields, the header has 17
    public func rendered(fileName: String? = nil) -> String {
        let prefix = fileName.map { "\($0): " } ?? ""
        let summary =
            isHeaderFailure
            ? "the header row is not usable"
            : malformedRowCount == 1 ? "1 malformed row" : "\(malformedRowCount) malformed rows"
        var lines = ["\(prefix)nothing imported: \(summary)"]
        lines.reserveCapacity(errors.count + 2)
        for error in errors {
            lines.append(prefix + error.description)
        }
        if unreportedRowCount > 0 {
            lines.append("\(prefix)… and \(unreportedRowCount) more malformed rows not listed")
        }
        return lines.joined(separator: "\n")
    }

    /// True when the file was refused for its header (or lack of one); rows were not read.
    public var isHeaderFailure: Bool { errors.first?.line == 1 }

    public var description: String { rendered() }
}
