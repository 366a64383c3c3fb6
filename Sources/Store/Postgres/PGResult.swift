import CLibPQ

/// Rows copied out of a libpq result, in text format.
///
/// The result is copied into Swift values right away and the `PGresult` freed, so a `PGRows` is an
/// ordinary value that can cross threads.
public struct PGRows: Sendable {
    public let columns: [String]
    public let rows: [[String?]]
    /// For INSERT/UPDATE/DELETE without RETURNING: the affected row count.
    public let affected: Int

    init(_ result: OpaquePointer) {
        let fieldCount = Int(PQnfields(result))
        let rowCount = Int(PQntuples(result))
        var columns: [String] = []
        columns.reserveCapacity(fieldCount)
        for f in 0..<fieldCount { columns.append(String(cString: PQfname(result, Int32(f)))) }
        var rows: [[String?]] = []
        rows.reserveCapacity(rowCount)
        for r in 0..<rowCount {
            var row: [String?] = []
            row.reserveCapacity(fieldCount)
            for f in 0..<fieldCount {
                if PQgetisnull(result, Int32(r), Int32(f)) == 1 {
                    row.append(nil)
                } else {
                    row.append(String(cString: PQgetvalue(result, Int32(r), Int32(f))))
                }
            }
            rows.append(row)
        }
        self.columns = columns
        self.rows = rows
        self.affected = Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    public var count: Int { rows.count }
    public var isEmpty: Bool { rows.isEmpty }

    /// The index of a column by name; traps on a typo, which is a programming error.
    public func column(_ name: String) -> Int {
        guard let index = columns.firstIndex(of: name) else {
            preconditionFailure("no column \(name) in result (\(columns))")
        }
        return index
    }

    /// The single value of a one-row, one-column result.
    public var scalar: String? { rows.first?.first ?? nil }
}
