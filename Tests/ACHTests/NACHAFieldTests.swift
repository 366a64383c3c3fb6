import Testing

@testable import ACH

/// Field formatting: the two rules every NACHA field follows, and the code tables.
struct NACHAFieldTests {
    /// Writes one field into a 94-space record and returns the field's text.
    private func written(_ write: (RecordWriter, NACHAField) -> Void, width: Int) -> String {
        var record = [UInt8](repeating: 0x20, count: 94)
        let field = NACHAField(10, 10 + width - 1)
        record.withUnsafeMutableBufferPointer { write(RecordWriter($0), field) }
        return String(decoding: record[9..<(9 + width)], as: UTF8.self)
    }

    @Test(
        "numeric fields are right-justified and zero-filled",
        arguments: [
            (Int64(0), 3, "000"), (94, 3, "094"), (12_345, 10, "0000012345"), (9_999_999_999, 10, "9999999999"),
            (7, 1, "7"), (1, 2, "01"), (123_456_789_012, 12, "123456789012"),
            // Values that do not fit keep their low digits (the builder rejects them before this).
            (123_456, 4, "3456"), (-5, 4, "0000"),
        ])
    func numericField(value: Int64, width: Int, expected: String) {
        #expect(written({ $0.numeric(value, $1) }, width: width) == expected)
    }

    @Test(
        "alphanumeric fields are left-justified and space-filled",
        arguments: [
            ("ABC", 5, "ABC  "), ("", 3, "   "), (" 231380104", 10, " 231380104"), ("PAYROLL", 10, "PAYROLL   "),
            ("EXACTLY", 7, "EXACTLY"),
            // Longer text is cut at the field so a record never spills (the builder rejects it first).
            ("TOOLONGTEXT", 4, "TOOL"),
        ])
    func alphanumericField(text: String, width: Int, expected: String) {
        #expect(written({ $0.alpha(text, $1) }, width: width) == expected)
    }

    private func view<T>(_ text: String, _ body: (RecordView) -> T) -> T {
        let record = Array((text + String(repeating: " ", count: 94 - text.utf8.count)).utf8)
        return record.withUnsafeBufferPointer { body(RecordView($0)) }
    }

    @Test(
        "reading a field drops trailing spaces only",
        arguments: [("ABC   ", "ABC"), ("  AB  ", "  AB"), ("      ", ""), ("A B C ", "A B C")])
    func readText(field: String, expected: String) {
        #expect(view(field) { $0.text(NACHAField(1, field.count)) } == expected)
    }

    @Test(
        "a numeric field reads only when every character is a digit",
        arguments: [("0012", Int64?(12)), ("0000", 0), ("00 2", nil), (" 123", nil), ("12A4", nil), ("9999", 9_999)])
    func readNumber(field: String, expected: Int64?) {
        #expect(view(field) { $0.number(NACHAField(1, 4)) } == expected)
    }

    @Test(
        "spaces and zeros count as no value",
        arguments: [("0000", true), ("    ", true), ("0 0 ", true), ("0A00", false), ("ACME", false)])
    func spacesOrZeros(field: String, expected: Bool) {
        #expect(view(field) { $0.isSpacesOrZeros(NACHAField(1, 4)) } == expected)
    }

    @Test(
        "dates are real YYMMDD days and times are HHMM",
        arguments: [
            ("260316", true), ("261301", false), ("260230", false), ("240229", true), ("250229", false),
            ("000000", false), ("16    ", false), ("2603 6", false),
        ])
    func dates(field: String, isDate: Bool) {
        #expect(view(field) { $0.isDate(NACHAField(1, 6)) } == isDate)
    }

    @Test("times", arguments: [("0000", true), ("2359", true), ("2400", false), ("1260", false), ("12 0", false)])
    func times(field: String, isTime: Bool) {
        #expect(view(field) { $0.isTime(NACHAField(1, 4)) } == isTime)
    }

    @Test(
        "non-printable bytes are found at their column",
        arguments: [(Array("CLEAN".utf8), Int?.none), ([0x41, 0x1A, 0x41], 2), ([0x41, 0x7F], 2), ([0xC3, 0xA9], 1)])
    func invalidCharacters(bytes: [UInt8], column: Int?) {
        for offset in [0, 7, 40, 88] {
            var record = [UInt8](repeating: 0x41, count: 94)
            record.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
            let found = record.withUnsafeBufferPointer { RecordView($0).firstInvalidCharacter?.column }
            #expect(found == column.map { $0 + offset })
        }
    }

    @Test("line feeds are counted eight bytes at a time and one by one")
    func newlineCounting() {
        var rng = SeededGenerator(seed: 7)
        for length in [0, 1, 7, 8, 9, 63, 200] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...15, using: &rng) }
            let counted = bytes.withUnsafeBytes { NACHALines.countNewlines($0) }
            #expect(counted == bytes.filter { $0 == 0x0A }.count)
        }
    }
}

/// Transaction codes: what each means and where it may go.
struct TransactionCodeTests {
    @Test(
        "each code's account, direction and kind",
        arguments: [
            (22, TransactionCode.Account.checking, true, TransactionCode.Kind.live),
            (23, .checking, true, .prenote), (24, .checking, true, .zeroDollar),
            (21, .checking, true, .returnOrNotification),
            (27, .checking, false, .live), (28, .checking, false, .prenote), (29, .checking, false, .zeroDollar),
            (26, .checking, false, .returnOrNotification), (32, .savings, true, .live), (37, .savings, false, .live),
            (38, .savings, false, .prenote), (42, .generalLedger, true, .live), (47, .generalLedger, false, .live),
            (52, .loan, true, .live), (55, .loan, false, .live), (56, .loan, false, .returnOrNotification),
            (81, .accounting, true, .live), (82, .accounting, false, .live),
        ])
    func classification(code: Int, account: TransactionCode.Account, credit: Bool, kind: TransactionCode.Kind) {
        let c = TransactionCode(code)
        #expect(c.isDefined)
        #expect(c.account == account)
        #expect(c.isCredit == credit)
        #expect(c.isDebit == !credit)
        #expect(c.kind == kind)
    }

    @Test("undefined codes", arguments: [0, 10, 20, 25, 30, 35, 40, 45, 50, 57, 80, 89, 90, 99])
    func undefined(code: Int) {
        let c = TransactionCode(code)
        #expect(!c.isDefined && c.kind == nil && c.account == nil && !c.isCredit && !c.isDebit)
        #expect(!c.isAllowed(in: .ppd))
    }

    @Test(
        "origination codes from direction, account and prenote",
        arguments: [
            (TransferDirection.credit, TransactionCode.Account.checking, false, Int?(22)),
            (.credit, .checking, true, 23), (.debit, .checking, false, 27), (.debit, .checking, true, 28),
            (.credit, .savings, false, 32), (.credit, .savings, true, 33), (.debit, .savings, false, 37),
            (.debit, .savings, true, 38), (.credit, .generalLedger, false, 42), (.debit, .loan, false, 55),
            (.debit, .loan, true, nil), (.credit, .accounting, false, nil),
        ])
    func origination(direction: TransferDirection, account: TransactionCode.Account, prenote: Bool, expected: Int?) {
        #expect(
            TransactionCode.origination(direction: direction, account: account, prenote: prenote)?.rawValue == expected)
    }

    @Test(
        "codes allowed per SEC code",
        arguments: [
            (SECCode.tel, 27, true), (.tel, 37, true), (.tel, 28, true), (.tel, 22, false), (.tel, 32, false),
            (.tel, 47, false), (.tel, 26, true), (.web, 22, true), (.web, 27, true), (.web, 24, false),
            (.web, 47, false), (.ppd, 24, false), (.ppd, 47, true), (.ppd, 52, true), (.ccd, 24, true),
            (.ctx, 29, true), (.cor, 21, true), (.cor, 22, false), (.adv, 81, true), (.adv, 22, false),
            (.ppd, 81, false), ("POS", 27, true),
        ])
    func allowed(sec: SECCode, code: Int, allowed: Bool) {
        #expect(TransactionCode(code).isAllowed(in: sec) == allowed)
    }

    @Test(
        "service class from the entries",
        arguments: [
            ([22, 32, 23], 220), ([27, 37, 28], 225), ([22, 27], 200), ([], 200), ([21], 220), ([26], 225),
        ])
    func serviceClass(codes: [Int], expected: Int) {
        #expect(ServiceClassCode.forEntries(codes.map { TransactionCode($0) }).rawValue == expected)
    }

    @Test(
        "return reason codes",
        arguments: [
            ("R01", true), ("R53", true), ("R54", false), ("R61", true), ("R77", true), ("R78", false),
            ("R80", true), ("R85", true), ("R86", false), ("R97", false), ("R00", false), ("R1", false),
            ("C01", false), ("r01", false),
        ])
    func returnCodes(code: String, valid: Bool) {
        #expect(NACHAReasonCodes.isValidReturnCode(code) == valid)
    }

    @Test(
        "change codes",
        arguments: [
            ("C01", true), ("C14", true), ("C15", false), ("C61", true), ("C69", true), ("C70", false),
            ("C92", false), ("R01", false), ("C1 ", false),
        ])
    func changeCodes(code: String, valid: Bool) {
        #expect(NACHAReasonCodes.isValidChangeCode(code) == valid)
    }
}
