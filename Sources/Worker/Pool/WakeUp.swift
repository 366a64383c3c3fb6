import Synchronization

/// A level-triggered wake-up for idle loops: `signal()` wakes everyone waiting now, or the next
/// waiter if nobody is. Lets a claimer sleep until "work may have arrived" (NOTIFY, freed slots)
/// instead of polling on a fixed interval, while the timeout keeps polling as the fallback.
final class WakeUp: Sendable {
    private struct State {
        var signalled = false
        var nextID = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        /// Waits that timed out before their continuation was registered.
        var expired: Set<Int> = []
    }

    private let state = Mutex(State())

    func signal() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            if state.waiters.isEmpty {
                state.signalled = true
                return []
            }
            let waiting = Array(state.waiters.values)
            state.waiters.removeAll()
            return waiting
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns when signalled or after `timeout`, whichever comes first.
    func wait(timeout: Duration) async {
        let id: Int? = state.withLock { state in
            if state.signalled {
                state.signalled = false
                return nil
            }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let resumeNow = self.state.withLock { state -> Bool in
                        if state.expired.remove(id) != nil { return true }
                        if state.signalled {
                            state.signalled = false
                            return true
                        }
                        state.waiters[id] = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                self.cancel(id)
            }
            await group.next()
            group.cancelAll()
        }
        state.withLock { _ = $0.expired.remove(id) }
    }

    /// Ends the wait `id` from the timer side, whether or not its continuation is registered yet.
    private func cancel(_ id: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiters.removeValue(forKey: id) { return waiter }
            state.expired.insert(id)
            return nil
        }
        waiter?.resume()
    }
}
