import ACH
import Foundation
import Testing

@Suite("CSV import: amounts, booleans, dates, direction")
struct ImportValueSyntaxTests {
    @Test(
        "amounts are read exactly as integer cents",
        arguments: [
            ("0.01", 1), ("99999999.99", 9_999_999_999), ("12", 1200), ("12.5", 1250), ("12.50", 1250),
            ("0.00", 0), ("0", 0), ("1234.56", 123_456), (" 12.30 ", 1230), ("\t7.05\t", 705), ("\" 12.30 \"", 1230),
            ("007.10", 710), ("0.1", 10), ("100000000.00", 10_000_000_000),
            ("92233720368547758.07", Int64.max),
        ] as [(String, Int64)])
    func amountIsExactCents(text: String, cents: Int64) throws {
        #expect(try ImportFixture.transfer(["amount": text]).amountCents == cents)
    }

    @Test(
        "malformed amounts are refused with a reason",
        arguments: [
            ("1e5", "has an exponent"), ("1E5", "has an exponent"), ("1.5e2", "has an exponent"),
            ("-1", "is negative"), ("-0.01", "is negative"), ("+5", "has a sign"),
            ("\"1,000\"", "has a thousands separator"), ("\"1,000.00\"", "has a thousands separator"),
            (".5", "needs a digit before the decimal point"), ("5.", "needs a digit after the decimal point"),
            ("12.345", "has more than two decimals"), ("12.300", "has more than two decimals"),
            ("$5", "is not a dollar amount"), ("5 USD", "is not a dollar amount"), ("1.2.3", "is not a dollar amount"),
            ("12 34", "is not a dollar amount"), ("0x10", "is not a dollar amount"), ("NaN", "is not a dollar amount"),
            ("inf", "is not a dollar amount"), ("1_000", "is not a dollar amount"), (".", "is not a dollar amount"),
            ("１２", "is not a dollar amount"), ("92233720368547758.08", "is too large"),
            ("99999999999999999999", "is too large"), ("999999999999999999999999999999.99", "is too large"),
        ])
    func malformedAmountIsRefused(text: String, reason: String) throws {
        let error = try ImportFixture.singleError(["amount": text])
        #expect(error.code == .invalidAmount)
        #expect(error.line == 2)
        #expect(error.column == "amount")
        #expect(error.message.contains(reason), "\(error.message)")
    }

    @Test("an amount error reads like the issue's example")
    func amountErrorMessage() throws {
        let error = try ImportFixture.singleError(["amount": "12.345"])
        #expect(error.description == #"line 2, column amount: "12.345" has more than two decimals"#)
    }

    @Test("an empty amount is an empty required field", arguments: ["", "  ", "\"\"", "\" \""])
    func emptyAmount(text: String) throws {
        let error = try ImportFixture.singleError(["amount": text])
        #expect(error.code == .emptyRequiredField)
        #expect(error.column == "amount")
    }

    @Test(
        "booleans are true, false or empty (false), in any letter case",
        arguments: [("true", true), ("false", false), ("", false), ("TRUE", true), ("False", false), (" true ", true)])
    func booleanValues(text: String, value: Bool) throws {
        let transfer = try ImportFixture.transfer(["same_day": text, "prenote": text])
        #expect(transfer.sameDay == value)
        #expect(transfer.prenote == value)
    }

    @Test("other booleans are malformed", arguments: ["yes", "no", "1", "0", "t", "truee", "on", "tru e"])
    func malformedBoolean(text: String) throws {
        let failure = try ImportFixture.failure(ImportFixture.file([["same_day": text, "prenote": text]]))
        #expect(failure.errors.map(\.code) == [.invalidBoolean, .invalidBoolean])
        #expect(failure.errors.map(\.column) == ["same_day", "prenote"])
        #expect(failure.malformedRowCount == 1)
    }

    @Test(
        "effective dates are real calendar days",
        arguments: [
            ("2024-02-29", CalendarDate(year: 2024, month: 2, day: 29)),
            ("2025-12-31", CalendarDate(year: 2025, month: 12, day: 31)),
            ("2000-02-29", CalendarDate(year: 2000, month: 2, day: 29)),
            ("1999-01-01", CalendarDate(year: 1999, month: 1, day: 1)), ("", nil), ("  ", nil),
        ])
    func effectiveDates(text: String, date: CalendarDate?) throws {
        #expect(try ImportFixture.transfer(["effective_date": text]).effectiveDate == date)
    }

    @Test(
        "malformed dates are refused",
        arguments: [
            ("2025-02-29", "is not a real calendar day"), ("1900-02-29", "is not a real calendar day"),
            ("2025-13-01", "is not a real calendar day"), ("2025-04-31", "is not a real calendar day"),
            ("2025-00-10", "is not a real calendar day"), ("0000-01-01", "is not a real calendar day"),
            ("2025-1-01", "is not a date"), ("31/03/2025", "is not a date"), ("2025-03-31T00:00", "is not a date"),
            ("20250331", "is not a date"), ("2025/03/31", "is not a date"), ("tomorrow", "is not a date"),
        ])
    func malformedDate(text: String, reason: String) throws {
        let error = try ImportFixture.singleError(["effective_date": text])
        #expect(error.code == .invalidDate)
        #expect(error.column == "effective_date")
        #expect(error.message.contains(reason), "\(error.message)")
    }

    @Test(
        "direction is credit or debit, in any letter case",
        arguments: [("credit", TransferDirection.credit), ("debit", .debit), ("DEBIT", .debit), (" Credit ", .credit)])
    func directions(text: String, direction: TransferDirection) throws {
        #expect(try ImportFixture.transfer(["direction": text]).direction == direction)
    }

    @Test("other directions are malformed", arguments: ["cr", "dr", "refund", "credits", "-"])
    func malformedDirection(text: String) throws {
        let error = try ImportFixture.singleError(["direction": text])
        #expect(error.code == .invalidDirection)
        #expect(error.message == "\"\(text)\" is not credit or debit")
    }
}
