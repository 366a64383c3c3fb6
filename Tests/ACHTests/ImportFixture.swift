import ACH
import Foundation
import Testing

/// Builds transfer import files for the CSV import tests.
enum ImportFixture {
    /// Every column, in declaration order.
    static let allColumns = TransferCSVColumn.allCases.map(\.name)

    /// A well-formed value for every column. Values are written into the file as they are, so a
    /// test that needs quoting writes the quotes itself.
    static let validValues: [String: String] = [
        "idempotency_key": "key-1", "originator": "acme", "direction": "credit", "amount": "12.34",
        "sec_code": "PPD", "receiver_name": "JANE DOE", "receiver_id": "EMP123",
        "routing_number": "011000015", "account_number": "123456789", "account_type": "checking",
        "effective_date": "2025-03-31", "same_day": "false", "entry_description": "PAYROLL", "addenda": "",
        "prenote": "false", "web_payment_type": "", "authorization": "",
    ]

    /// One data line: the valid values with `overrides` applied, in the order of `columns`.
    static func line(_ overrides: [String: String] = [:], columns: [String] = allColumns) -> String {
        columns.map { overrides[$0] ?? validValues[$0] ?? "" }.joined(separator: ",")
    }

    /// A file with a header for `columns` and one line per entry of `rows`.
    static func file(_ rows: [[String: String]], columns: [String] = allColumns) -> String {
        ([columns.joined(separator: ",")] + rows.map { line($0, columns: columns) }).joined(separator: "\n") + "\n"
    }

    static func parse(_ text: String) -> Result<[ParsedTransferRow], CSVImportFailure> {
        TransferCSV.parse(Array(text.utf8))
    }

    /// The rows of a file that must parse.
    static func rows(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [ParsedTransferRow] {
        switch parse(text) {
        case .success(let rows):
            return rows
        case .failure(let failure):
            Issue.record("expected rows, got:\n\(failure.rendered())", sourceLocation: sourceLocation)
            throw ImportFixtureError.unexpectedFailure
        }
    }

    /// The transfer of a one-row file whose row has `overrides`.
    static func transfer(
        _ overrides: [String: String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Transfer {
        let rows = try rows(file([overrides]), sourceLocation: sourceLocation)
        #expect(rows.count == 1, sourceLocation: sourceLocation)
        return try #require(rows.first, sourceLocation: sourceLocation).transfer
    }

    /// The failure of a file that must be refused.
    static func failure(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> CSVImportFailure {
        switch parse(text) {
        case .success(let rows):
            Issue.record("expected a failure, got \(rows.count) rows", sourceLocation: sourceLocation)
            throw ImportFixtureError.unexpectedSuccess
        case .failure(let failure):
            return failure
        }
    }

    /// The only error of a one-row file whose row has `overrides`.
    static func singleError(
        _ overrides: [String: String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> CSVImportError {
        let failure = try failure(file([overrides]), sourceLocation: sourceLocation)
        #expect(failure.errors.count == 1, "\(failure.errors)", sourceLocation: sourceLocation)
        return try #require(failure.errors.first, sourceLocation: sourceLocation)
    }
}

enum ImportFixtureError: Error {
    case unexpectedFailure
    case unexpectedSuccess
}
