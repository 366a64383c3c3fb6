// libFuzzer target: the CSV import parser on arbitrary bytes.
//
// Compiled into one module with the ACH sources by `scripts/fuzz.sh`. Any input must give rows
// or a list of errors with line numbers inside the file — never a crash or a hang.

import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func csvImportFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let lineCount = input.count(where: { $0 == UInt8(ascii: "\n") }) + 1
    let zero = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
    switch TransferCSV.parse(input, makeID: { zero }) {
    case .success(let rows):
        let lines = rows.map(\.line)
        precondition(lines.allSatisfy { $0 >= 2 && $0 <= lineCount }, "a row outside the file: \(lines)")
        precondition(zip(lines, lines.dropFirst()).allSatisfy(<), "rows out of order: \(lines)")
    case .failure(let failure):
        precondition(!failure.errors.isEmpty, "a failure without errors")
        precondition(failure.malformedRowCount >= 1, "a failure without a malformed row")
        precondition(failure.errors.allSatisfy { $0.line >= 1 && $0.line <= lineCount }, "an error outside the file")
        precondition(!failure.rendered().isEmpty, "an empty error report")
    }
    return 0
}
