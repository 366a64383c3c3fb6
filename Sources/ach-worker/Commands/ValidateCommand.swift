import ACH
import ArgumentParser
import Foundation

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check NACHA files and report every problem with its line number.",
        discussion: """
            Exit 0 when every file is valid, 1 when any is invalid, 2 when any is unreadable
            (missing, binary garbage). Strict by default; --lenient accepts the layout slack
            other tools accept (short lines, trailing spaces past column 94, one unbroken line).
            """)

    @Argument(help: "NACHA files.") var files: [String]
    @Flag(name: .long, help: "Print one JSON report per file.") var json = false
    @Flag(name: .long, help: "Accept layout slack (short or long lines, no line breaks).") var lenient = false

    struct FileReport: Encodable {
        var file: String
        var report: NACHAValidationReport?
        var error: String?
    }

    func run() throws {
        var worst: Int32 = 0
        var reports: [FileReport] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                if json {
                    reports.append(FileReport(file: file, error: "cannot read the file"))
                } else {
                    printError("\(file): cannot read the file")
                }
                worst = 2
                continue
            }
            let report = NACHAValidator.validate([UInt8](data), mode: lenient ? .lenient : .strict)
            worst = max(worst, report.exitCode)
            if json {
                reports.append(FileReport(file: file, report: report))
            } else {
                print(report.rendered(name: file))
            }
        }
        if json { try printJSON(reports) }
        if worst != 0 { throw ExitCode(worst) }
    }
}
