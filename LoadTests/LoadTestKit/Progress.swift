import Foundation

/// Progress on stderr while a run goes on: a line every `interval` seconds from a status
/// closure, plus one-off messages. stdout stays free for the report (`--json`).
struct Progress: Sendable {
    let interval: Double
    private let started = ContinuousClock.now

    init(interval: Double) { self.interval = interval }

    func say(_ message: String) {
        guard interval > 0 else { return }
        FileHandle.standardError.write(Data("[\(stamp)] \(message)\n".utf8))
    }

    /// Runs `body`, printing `status()` every `interval` seconds until it returns.
    func `while`<T: Sendable>(_ status: @escaping @Sendable () -> String, _ body: () async throws -> T) async rethrows
        -> T
    {
        let printer = Task {
            guard interval > 0 else { return }
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
                if !Task.isCancelled { say(status()) }
            }
        }
        defer { printer.cancel() }
        return try await body()
    }

    private var stamp: String {
        String(format: "%7.1fs", (ContinuousClock.now - started).seconds)
    }
}
