import ACH
import Foundation
import Testing

/// The third-party corpus in `shared/conformance/`: moov-io/ach's test files and what moov-io/ach
/// concludes about each (`expected.tsv`). We must agree on every file, except where this table
/// says why we do not. A missing corpus fails the suite; it never skips.
struct ConformanceTests {
    /// Files moov-io/ach accepts only thanks to its layout slack. They are judged in lenient mode,
    /// and strict mode must flag them (with layout problems only, unless listed in `differences`).
    static let layoutSlack: [String: String] = [
        "short-line.ach": "the file control line is 74 characters",
        "long-line.ach": "three lines carry spaces past column 94",
        "ppd-debit-fixedLength.ach": "one unbroken 470-character line and no 9-filler",
        "ppd-debit.ach": "the file header and file control have their trailing spaces trimmed",
        "ppd-prenotes-employers_test.txt": "the file control is trimmed to 55 characters",
        "txp-credit.ach": "the file control is trimmed to 55 characters",
        "gl-debit.ach": "a blank line after the last record",
        "loan-credit.ach": "a blank line after the last record",
    ]

    /// Where we are stricter than moov-io/ach, and right: the verdict we give and the finding
    /// that decides it.
    static let differences: [String: (code: NACHAProblem.Code, reason: String)] = [
        "txp-credit.ach": (
            .effectiveDate,
            "the batch header's descriptive and effective dates are shifted two columns, so the effective entry "
                + "date field holds \"16    \": not a date, and the file cannot settle"
        ),
        "txp-debit.ach": (
            .fileBlockCount,
            "the file control's block count is 2 but the file is one block of 10 records; the addenda's sequence "
                + "fields are also shifted two columns (sequence \"0100\", entry sequence \"00001  \")"
        ),
        "cor-example.ach": (
            .addendaSequence,
            "the NOC addenda's trace number 091012980000088 is not its COR entry's trace number 121042880000001"
        ),
    ]

    /// For each file moov-io/ach rejects, our finding that matches moov's first error.
    static let firstErrors: [String: NACHAProblem.Code] = [
        "20110805A.ach": .fileBatchCount,
        "FISERV-ZEROFILE.ach": .lineLength,
        "NACHA_SAMPLE_TEL_REVERSAL.ach": .transactionCodeForSEC,
        "iat-invalidBatchControl.ach": .immediateDestination,
        "iat-invalidBatchHeader.ach": .immediateDestination,
        "iat-invalidEntryDetail.ach": .immediateDestination,
        // moov parses the letters as part of a number and then finds the debit total off.
        "invalid-two-micro-deposits.ach": .amount,
        "issue1378-no_control.txt": .fileControlMissing,
        "issue1600-1e5RecordBefore1or8.txt": .fileHeaderMissing,
        "issue1600-1k8RecordFollowing9Record.txt": .recordAfterFileControl,
        "issue1600-1qFormatCodeIncorrect.txt": .formatCode,
        "issue1600-2lCompanyNameAllZeros.txt": .companyName,
        "issue1600-2mCompanyEntryDescAllZeros.txt": .entryDescription,
        "issue1600-3fTELIndvNameAllBlank.txt": .receiverName,
        "issue1620-ccd-bad-batchcount.ach": .fileBatchCount,
        "issue702-bad-destination.ach": .lineLength,
        "moov-ids.ach": .traceODFI,
        // moov counts the multi-byte characters as one and ends up off on the addenda count.
        "nonascii-utf8.ach": .invalidCharacter,
        "pos-invalidEntryDetail.ach": .invalidCharacter,
        "ppd-debit-customTraceNumber.ach": .traceODFI,
        "ppd-debit-fixedLengthInvalid.ach": .fileCreationDate,
        "ppd-debit-invalid-entryDetail-checkDigit.ach": .rdfiCheckDigit,
        "return-PPD-custom-reason-code.ach": .returnReasonCode,
        "return-no-file-header-control.ach": .fileHeaderMissing,
        "web-invalidNOCFile.ach": .changeCode,
    ]

    static let layoutCodes: Set<NACHAProblem.Code> = [.lineLength, .unbrokenLine, .trailingContent, .padding]

    struct Expectation {
        var file: String
        var moovValid: Bool
        var firstError: String
    }

    static func expectations() throws -> [Expectation] {
        let tsv = try String(
            contentsOf: ConformanceCorpus.directory.appendingPathComponent("expected.tsv"), encoding: .utf8)
        return tsv.split(separator: "\n").dropFirst().map { row in
            let columns = row.split(separator: "\t", omittingEmptySubsequences: false)
            return Expectation(
                file: String(columns[0]), moovValid: columns[1] == "valid",
                firstError: columns.count > 2 ? columns[2].trimmingCharacters(in: .whitespaces) : "")
        }
    }

    static func mode(_ file: String) -> NACHALayoutMode { layoutSlack[file] == nil ? .strict : .lenient }

    @Test("the corpus is present and expected.tsv covers every file")
    func corpusPresent() throws {
        let directory = ConformanceCorpus.directory
        #expect(
            FileManager.default.fileExists(atPath: directory.path),
            "conformance corpus missing at \(directory.path); set ACH_CONFORMANCE_DIR")
        let listed = Set(try Self.expectations().map(\.file))
        #expect(listed.count >= 40)
        #expect(Set(try ConformanceCorpus.names()) == listed)
        for name in Array(Self.layoutSlack.keys) + Array(Self.differences.keys) + Array(Self.firstErrors.keys) {
            #expect(listed.contains(name), "\(name) is in a table here but not in the corpus")
        }
    }

    @Test("our verdict matches moov-io/ach's on every file, except the listed differences")
    func verdicts() throws {
        for expectation in try Self.expectations() {
            let report = NACHAValidator.validate(
                try ConformanceCorpus.file(expectation.file), mode: Self.mode(expectation.file))
            let difference = Self.differences[expectation.file]
            let expectedValid = difference == nil ? expectation.moovValid : false
            let moov = expectation.moovValid ? "valid" : "invalid: \(expectation.firstError)"
            #expect(
                report.isValid == expectedValid,
                "\(expectation.file): moov says \(moov)\n\(report.rendered(name: expectation.file))")
            #expect(report.verdict != .unreadable, "\(expectation.file) is a text file")
            if let difference {
                #expect(report.contains(difference.code), "\(expectation.file): \(difference.reason)")
            }
        }
    }

    @Test("strict mode flags the layout slack, and only that")
    func strictFlagsLayoutSlack() throws {
        for file in Self.layoutSlack.keys.sorted() {
            let report = NACHAValidator.validate(try ConformanceCorpus.file(file), mode: .strict)
            #expect(!report.isValid, "\(file): \(Self.layoutSlack[file]!)")
            let layout = report.errors.filter { Self.layoutCodes.contains($0.code) }
            #expect(!layout.isEmpty, "\(file): \(Self.layoutSlack[file]!)\n\(report.rendered(name: file))")
            if Self.differences[file] == nil {
                #expect(layout.count == report.errors.count, "\(report.rendered(name: file))")
                let lenient = NACHAValidator.validate(try ConformanceCorpus.file(file), mode: .lenient)
                #expect(lenient.warningCount > 0, "lenient mode reports what it let through")
            }
        }
    }

    @Test("for each file moov-io/ach rejects we report the same first problem")
    func firstErrorsMatch() throws {
        for expectation in try Self.expectations() where !expectation.moovValid {
            let report = NACHAValidator.validate(try ConformanceCorpus.file(expectation.file), mode: .strict)
            guard let code = Self.firstErrors[expectation.file] else {
                Issue.record("\(expectation.file): no expected first error listed (moov: \(expectation.firstError))")
                continue
            }
            #expect(
                report.contains(code),
                "\(expectation.file): moov says \(expectation.firstError)\n\(report.rendered(name: expectation.file))")
            // Invalid in lenient mode too: the slack never hides a real problem.
            #expect(!NACHAValidator.validate(try ConformanceCorpus.file(expectation.file), mode: .lenient).isValid)
        }
    }

    @Test("every file we call valid reads into a model, and writing it reproduces its records byte for byte")
    func validFilesRoundTrip() throws {
        for expectation in try Self.expectations() {
            let bytes = try ConformanceCorpus.file(expectation.file)
            let mode = Self.mode(expectation.file)
            guard NACHAValidator.validate(bytes, mode: mode).isValid else { continue }
            let file = try NACHAReader.read(bytes, mode: mode)
            #expect(try NACHAReader.read(file.bytes()) == file, "\(expectation.file)")
            guard mode == .strict else { continue }
            let crlf = bytes.contains(0x0D)
            let original = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline)
            let rewritten = String(decoding: file.bytes(lineEnding: crlf ? .crlf : .lf), as: UTF8.self)
                .split(whereSeparator: \.isNewline)
            #expect(
                Array(original.prefix(file.recordCount)) == Array(rewritten.prefix(file.recordCount)),
                "\(expectation.file)")
        }
    }
}

enum ConformanceCorpus {
    /// `ACH_CONFORMANCE_DIR`, else `<repo>/../shared/conformance` found from this file. Symlinks are
    /// resolved, so a scratch package that links the test folder still finds the corpus.
    static var directory: URL {
        if let path = ProcessInfo.processInfo.environment["ACH_CONFORMANCE_DIR"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let file = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        let repo = file.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repo.deletingLastPathComponent().appendingPathComponent("shared/conformance")
    }

    static func file(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent("moov").appendingPathComponent(name)))
    }

    static func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("moov").path).sorted()
    }
}
