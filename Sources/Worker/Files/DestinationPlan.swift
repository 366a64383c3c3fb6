import ACH
import Foundation

/// One destination's settings as file assembly needs them, resolved from configuration once.
struct DestinationPlan: Sendable {
    struct Company: Sendable {
        var name: String
        var identification: String
    }

    let name: String
    let config: WorkerConfiguration.Destination
    let clock: BankClock
    let calendar = BankingCalendar.federalReserve
    /// Originators whose files go to this destination, by name.
    let companies: [String: Company]

    init(name: String, configuration: WorkerConfiguration) throws {
        let destination = configuration.destinations[name]!
        guard let clock = BankClock(identifier: destination.timeZone) else {
            throw ConfigurationError(.badValue, at: "destinations.\(name).timeZone", "unknown time zone")
        }
        self.name = name
        self.config = destination
        self.clock = clock
        var companies: [String: Company] = [:]
        for (originator, o) in configuration.originators where o.destination == name {
            companies[originator] = Company(name: o.companyName, identification: o.companyID)
        }
        self.companies = companies
    }

    /// Entries settling up to the next banking day go into today's files; later ones wait for
    /// the window that settles on their date.
    func horizon(today: CalendarDate) -> CalendarDate { calendar.nextBankingDay(after: today) }

    /// `A`…`Z`, then `0`…`9`: NACHA allows 36 files per destination and day.
    static func modifier(forCount count: Int) -> Character? {
        let symbols = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return (1...symbols.count).contains(count) ? symbols[count - 1] : nil
    }

    func fileName(date: CalendarDate, modifier: Character, id: UUID) -> String {
        let compact = date.description.replacingOccurrences(of: "-", with: "")
        return config.fileName.replacingOccurrences(of: "{destination}", with: name)
            .replacingOccurrences(of: "{date}", with: compact)
            .replacingOccurrences(of: "{modifier}", with: String(modifier))
            .replacingOccurrences(of: "{id}", with: id.uuidString.lowercased())
    }
}
