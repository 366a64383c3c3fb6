// libFuzzer target: the NACHA reader and validator on arbitrary bytes.
//
// Compiled into one module with the ACH sources by `scripts/fuzz.sh` (swiftc -sanitize=fuzzer),
// so it calls the same code the daemon and `ach-worker validate` run. A crash, a hang (libFuzzer's
// -timeout) or a broken invariant below (a trap) is a finding.

@_cdecl("LLVMFuzzerTestOneInput")
public func nachaReaderFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let physicalLines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count
    for mode in NACHALayoutMode.allCases {
        let report = NACHAValidator.validate(bytes, mode: mode)
        // Every bad input gets an error: "invalid" and "unreadable" always carry at least one.
        precondition((report.verdict == .valid) == (report.errorCount == 0), "verdict disagrees with the errors")
        precondition(report.problems.allSatisfy { ($0.line ?? 1) >= 1 }, "a problem on line 0")
        if report.summary.records <= physicalLines {
            precondition(
                report.problems.allSatisfy { ($0.line ?? 1) <= max(physicalLines, 1) }, "a problem past the last line")
        }
        precondition(!report.rendered(name: "fuzz").isEmpty, "an empty report")
        if let file = try? NACHAReader.read(bytes, mode: mode) {
            // Whatever the reader accepts, the writer reproduces as an equal model.
            precondition((try? NACHAReader.read(file.bytes())) == file, "write then read changed the file")
            precondition(report.verdict != .unreadable, "read a file the validator calls unreadable")
        }
    }
    return 0
}
