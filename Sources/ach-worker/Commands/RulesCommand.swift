import ArgumentParser
import Foundation
import Validation

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "List every transfer validation rule: its code and what it checks.")

    @Flag(name: .long, help: "Print JSON.") var json = false

    struct Entry: Encodable {
        var code: String
        var description: String
    }

    func run() throws {
        let rules = TransferRules.all.map { Entry(code: $0.code.rawValue, description: $0.description) }
        if json {
            try printJSON(rules)
            return
        }
        let width = rules.map(\.code.count).max() ?? 0
        for rule in rules {
            print(rule.code.padding(toLength: width + 2, withPad: " ", startingAt: 0) + rule.description)
        }
        print("\(rules.count) rules")
    }
}
