import ArgumentParser
import Foundation
import Logging
import Store
import Worker

/// What every operator command does around its `OperatorOperation`: plan, print the plan for a
/// dry run, ask before a large change, apply, print, and pick the exit code (0 everything
/// selected changed, 1 nothing matched or something was refused, 2 usage or configuration).
struct OperatorFlow {
    let options: OperatorOptions
    let configuration: WorkerConfiguration
    let logger: Logger
    /// What one record is called in messages: "transfer", "file", "callback".
    let noun: String

    /// Runs `operation` and returns the result, or throws the exit code after printing why.
    func run(_ operation: some OperatorOperation, selection: [String: String]) async throws -> OperatorResult {
        let action = OperatorAction(
            command: operation.command, operatorName: OperatorIdentity.resolve(explicit: options.operatorName),
            reason: options.reason.trimmingCharacters(in: .whitespacesAndNewlines),
            selection: selection.merging(options.recorded) { mine, _ in mine })
        let connection = PGConnection(url: configuration.database.url, label: "operator", logger: logger)
        defer { Task { await connection.close() } }
        let runner = OperatorRunner(connection: connection)
        do {
            let plan = try await runner.plan(operation)
            // Nothing to change: no transaction, no audit row; the refusals say why.
            if options.dryRun || plan.changes.isEmpty {
                return runner.unchanged(plan, action: action, dryRun: options.dryRun)
            }
            try confirm(plan, command: operation.command)
            return try await runner.execute(operation, plan: plan, action: action)
        } catch let error as OperatorError {
            printError("\(operation.command): \(error.message)")
            throw ExitCode(2)
        } catch let error as StoreError where error.code == .connectionFailed {
            printError("database unreachable: \(error.message)")
            throw ExitCode(2)
        }
    }

    /// Large selections need `--yes`, or a "yes" typed at a terminal. Without a terminal there
    /// is nobody to ask: refuse (exit 1) rather than hang a script.
    func confirm(_ plan: OperatorPlan, command: String) throws {
        let count = plan.changes.count
        guard count > options.confirmOver, !options.yes else { return }
        let what = "\(command) would change \(count) \(noun)s (more than --confirm-over \(options.confirmOver))"
        guard isatty(STDIN_FILENO) == 1 else {
            printError("\(what); nothing was changed. Review them with --dry-run, then run again with --yes.")
            throw ExitCode(1)
        }
        FileHandle.standardError.write(Data("\(what). Type yes to continue: ".utf8))
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "yes" || answer == "y" else {
            printError("nothing was changed")
            throw ExitCode(1)
        }
    }

    /// Prints `result` (JSON or text) and throws exit 1 unless everything selected changed.
    func finish(_ result: OperatorResult, verbs: (done: String, planned: String)) throws {
        try show(result, verbs: verbs)
        if !result.succeeded { throw ExitCode(1) }
    }

    func show(_ result: OperatorResult, verbs: (done: String, planned: String)) throws {
        if options.json {
            try printJSON(result)
        } else {
            print(OperatorText.render(result, verbs: verbs, noun: noun))
        }
    }
}

/// The human form of an `OperatorResult`.
enum OperatorText {
    static func render(_ result: OperatorResult, verbs: (done: String, planned: String), noun: String) -> String {
        var lines: [String] = []
        if result.dryRun && !result.changed.isEmpty { lines.append("dry run: nothing was changed") }
        let verb = result.dryRun ? verbs.planned : verbs.done
        let width = max(verb.count, "refused".count) + 2
        for item in result.changed {
            lines.append(pad(verb, width) + describe(item) + "  \(item.status) → \(item.newStatus ?? "")")
            for note in item.notes { lines.append(pad("", width) + "  " + note) }
        }
        for item in result.refused {
            let code = item.refusal.map { "[\($0.code)] " } ?? ""
            lines.append(pad("refused", width) + describe(item) + "  " + code + (item.refusal?.message ?? ""))
        }
        if result.changed.isEmpty && result.refused.isEmpty { lines.append("no \(noun) matched") }
        if result.truncated {
            lines.append("more matched than --limit allows: only the oldest are listed; run again for the rest")
        }
        var summary =
            "\(result.changed.count) \(result.dryRun ? "would be " : "")\(verbs.done), \(result.refused.count) refused"
        if let id = result.auditID {
            summary += " (audit #\(id) by \(result.operatorName): \"\(result.reason)\")"
        } else if !result.dryRun {
            summary += "; nothing was changed"
        }
        lines.append(summary)
        return lines.joined(separator: "\n")
    }

    static func describe(_ item: OperatorItem) -> String {
        let owner = item.owner.map { " (\($0))" } ?? ""
        switch item.kind {
        case .transfer where !item.status.isEmpty: return "\(item.id)  key \(item.label)\(owner)"
        case .callback where !item.status.isEmpty: return "\(item.id)  \(item.label)\(owner)"
        default: return item.status.isEmpty ? item.label : "\(item.label)\(owner)"
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.padding(toLength: width, withPad: " ", startingAt: 0)
    }
}
