/// When a failed callback is tried again: exponential from `initial`, capped at `maximum`, with
/// jitter so that a receiver coming back is not hit by every waiting event at the same instant.
struct CallbackBackoff: Sendable {
    var initialMilliseconds: Int
    var maximumMilliseconds: Int

    /// The delay after the `attempts`-th failed attempt (1 for the first): uniformly random in
    /// [half, whole] of min(maximum, initial · 2^(attempts − 1)).
    func delayMilliseconds(afterAttempts attempts: Int) -> Int {
        let exponent = min(max(attempts - 1, 0), 30)
        let ceiling = min(
            maximumMilliseconds,
            initialMilliseconds.multipliedReportingOverflow(by: 1 << exponent).overflow
                ? maximumMilliseconds : initialMilliseconds << exponent)
        return Int.random(in: max(1, ceiling / 2)...max(1, ceiling))
    }
}
