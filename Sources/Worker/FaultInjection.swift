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
    /// `ACH_WORKER_FAULT_POISON_KEY=KEY` with `ACH_WORKER_FAULT_POISON=crash|hang`: validating
    /// the transfer with this idempotency key kills the daemon (exit 87) or never returns — the
    /// poison input that isolation must contain.
    public var poisonKey: String?
    public var poisonHangs = false

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        decideDelayMilliseconds = environment["ACH_WORKER_FAULT_DECIDE_DELAY_MS"].flatMap { Int($0) } ?? 0
        exitAfterUpload = environment["ACH_WORKER_FAULT_EXIT_AFTER_UPLOAD"] == "1"
        poisonKey = environment["ACH_WORKER_FAULT_POISON_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        poisonHangs = environment["ACH_WORKER_FAULT_POISON"] == "hang"
    }

    /// Crashes or hangs when `keys` holds the poison key; does nothing otherwise.
    func poison(_ keys: some Sequence<String>) {
        guard let poisonKey, keys.contains(poisonKey) else { return }
        if poisonHangs {
            while true { sleep(3_600) }
        }
        exit(Self.poisonStatus)
    }

    /// The exit status of an injected poison crash.
    public static let poisonStatus: Int32 = 87

    /// The exit status of an injected crash.
    public static let crashStatus: Int32 = 86
}
