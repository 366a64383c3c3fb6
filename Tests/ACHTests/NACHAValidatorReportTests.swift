import ACH
import Foundation
import Testing

/// Modes, verdicts and the report itself: what the CLI builds on.
struct NACHAValidatorReportTests {
    @Test(
        "lenient mode accepts layout slack as warnings; strict mode rejects it",
        arguments: [
            Defect.lines { $0[22] = String($0[22].prefix(55)) },
            .lines { $0[1] = String($0[1].prefix(78)) },
            .lines { $0[3] += "      " },
            .bytes { $0.removeAll { $0 == 0x0A } },
            .bytes { $0 += [0x0A, 0x0A] },
            .lines { $0.removeLast(8) },
            .bytes { $0.removeLast() },
            .bytes { $0.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: 0) },
        ])
    func layoutSlack(defect: Defect) throws {
        let bytes = defect.apply()
        let strict = NACHAValidator.validate(bytes, mode: .strict)
        let lenient = NACHAValidator.validate(bytes, mode: .lenient)
        if bytes.last == 0x39 && bytes.contains(0x0A) {
            // Only the final line feed missing: accepted in both modes.
            #expect(strict.isValid && strict.problems.isEmpty)
        } else {
            #expect(strict.verdict == .invalid, "\(strict.rendered(name: "strict"))")
            #expect(lenient.warningCount > 0)
        }
        #expect(lenient.isValid, "\(lenient.rendered(name: "lenient"))")
        #expect(lenient.errorCount == 0)
        #expect(try NACHAReader.read(bytes, mode: .lenient) == NACHASamples.file())
    }

    @Test("a file split into 94-character records reports record numbers as lines")
    func unbrokenLineNumbers() {
        var bytes = Defect.text(line: 3, column: 12, "5").apply()
        bytes.removeAll { $0 == 0x0A }
        let report = NACHAValidator.validate(bytes, mode: .lenient)
        #expect(report.errors.map(\.code) == [.rdfiCheckDigit] && report.errors[0].line == 3)
    }

    @Test(
        "empty and binary input is unreadable (exit 2), other text is invalid (exit 1)",
        arguments: [
            ([UInt8](), NACHAValidationReport.Verdict.unreadable, NACHAProblem.Code.emptyFile),
            (Array(" \r\n\n\t".utf8), .unreadable, .emptyFile),
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D], .unreadable, .binaryContent),
            (Array("hello\u{0}world".utf8), .unreadable, .binaryContent),
            ((0..<600).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) | 0x01 }, .unreadable, .binaryContent),
            (Array("hello world\n".utf8), .invalid, .fileHeaderMissing),
            (Array("101 café\n".utf8), .invalid, .invalidCharacter),
        ])
    func readability(bytes: [UInt8], verdict: NACHAValidationReport.Verdict, code: NACHAProblem.Code) {
        for mode in NACHALayoutMode.allCases {
            let report = NACHAValidator.validate(bytes, mode: mode)
            #expect(report.verdict == verdict, "\(report.rendered(name: "input"))")
            #expect(report.contains(code))
            #expect(report.exitCode == (verdict == .unreadable ? 2 : 1))
        }
        #expect(throws: NACHAError.self) { try NACHAReader.read(bytes) }
    }

    @Test("problems in different records are all reported, in line order")
    func notFailFast() {
        var bytes = NACHASamples.bytes()
        bytes = bytes.replacing(line: 9, column: 12, with: "2")
        bytes = bytes.replacing(line: 8, column: 70, with: "261301")
        bytes = bytes.replacing(line: 1, column: 34, with: "*")
        bytes = bytes.replacing(line: 20, column: 55, with: String(repeating: " ", count: 22))
        let report = NACHAValidator.validate(bytes)
        #expect(report.problems.map(\.code) == [.fileIDModifier, .effectiveDate, .rdfiCheckDigit, .receiverName])
        #expect(report.problems.map(\.line) == [1, 8, 9, 20])
        #expect(report.errorCount == 4)
    }

    @Test("the human report has one line per problem and a summary line")
    func rendering() {
        let bytes = Defect.text(line: 3, column: 12, "5").apply()
        let text = NACHAValidator.validate(bytes).rendered(name: "pay.ach")
        #expect(
            text == """
                pay.ach: line 3: entry detail: RDFI check digit 5 does not match computed 4 [RDFI_CHECK_DIGIT]
                pay.ach: invalid (strict): 1 error, 0 warnings — 30 records, 5 batches, 7 entries, 3 addenda
                """)
        #expect(
            NACHAValidator.validate(NACHASamples.bytes()).rendered(name: "ok.ach")
                == "ok.ach: valid (strict): 0 errors, 0 warnings — 30 records, 5 batches, 7 entries, 3 addenda")
        #expect(
            NACHAValidator.validate([]).rendered(name: "e")
                == "e: file: no records (the file is empty) [EMPTY_FILE]\ne: unreadable (strict): 1 error, 0 warnings"
        )
    }

    @Test("the report encodes to JSON with stable codes and decodes back")
    func json() throws {
        let report = NACHAValidator.validate(Defect.text(line: 2, column: 70, "261301").apply())
        let data = try JSONEncoder().encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["verdict"] as? String == "invalid")
        #expect(object["mode"] as? String == "strict")
        let problems = try #require(object["problems"] as? [[String: Any]])
        #expect(problems.first?["code"] as? String == "EFFECTIVE_DATE")
        #expect(problems.first?["line"] as? Int == 2)
        #expect(problems.first?["severity"] as? String == "error")
        #expect(try JSONDecoder().decode(NACHAValidationReport.self, from: data) == report)
    }

    @Test("the number of problems kept is capped, the counts are not")
    func problemCap() {
        var lines = NACHASamples.lines()
        for i in 2...21 { lines[i] = String(lines[i].prefix(50)) }
        let bytes = Array((lines.dropFirst().joined(separator: "\n") + "\n").utf8)
        let report = NACHAValidator.validate(bytes, options: .init(mode: .strict, maximumProblems: 5))
        #expect(report.problems.count == 5)
        #expect(report.errorCount > 5)
        #expect(report.rendered(name: "f").contains("more problems not listed"))
    }

    @Test("no message quotes an account number")
    func noAccountNumbers() {
        var bytes = NACHASamples.bytes()
        bytes = bytes.replacing(line: 3, column: 13, with: "98765432109876543")
        bytes = bytes.replacing(line: 3, column: 12, with: "0")
        bytes = bytes.replacing(line: 3, column: 30, with: "0000000X00")
        bytes = bytes.replacing(line: 3, column: 79, with: "7")
        let report = NACHAValidator.validate(bytes)
        #expect(report.errorCount >= 3)
        #expect(!report.rendered(name: "f").contains("98765432109876543"))
    }
}

struct NACHAReadValidatedTests {
    @Test("reading and validating together gives the model and the report")
    func readValidated() {
        let good = NACHAReader.readValidated(NACHASamples.bytes())
        #expect(good.file == NACHASamples.file() && good.report.isValid)
        let bad = NACHAReader.readValidated(Defect.text(line: 3, column: 30, "00000ABC00").apply())
        #expect(bad.file == nil && bad.report.contains(.amount))
        let readable = NACHAReader.readValidated(Defect.text(line: 3, column: 12, "5").apply())
        #expect(readable.file != nil && readable.report.contains(.rdfiCheckDigit))
        #expect(NACHAReader.readValidated([]).report.verdict == .unreadable)
    }
}
