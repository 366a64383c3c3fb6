import Foundation

/// Failure points that tests switch on through the environment, to prove that a crash at an
/// awkward moment loses and duplicates nothing. All off unless the variable is set; production
/// never sets them.
public struct FaultInjection: Sendable {
    /// `ACH_WORKER_FAULT_DECIDE_DELAY_MS`: pause each validated batch, so a test can kill a daemon
    /// while transfers are in flight.
    public var decideDelayMilliseconds = 0
    /// `ACH_WORKER_FAULT_EXIT_AFTER_UPLOAD=1`: die (exit 86) right after a file reached the bank
    /// and before the database records it — the crash between upload and bookkeeping.
    public var exitAfterUpload = false

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        decideDelayMilliseconds = environment["ACH_WORKER_FAULT_DECIDE_DELAY_MS"].flatMap { Int($0) } ?? 0
        exitAfterUpload = environment["ACH_WORKER_FAULT_EXIT_AFTER_UPLOAD"] == "1"
    }

    /// The exit status of an injected crash.
    public static let crashStatus: Int32 = 86
}
