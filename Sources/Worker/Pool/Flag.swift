import Synchronization

/// A shareable boolean (an `Atomic` is non-copyable, so it cannot be captured by closures).
final class Flag: Sendable {
    private let value: Atomic<Bool>
    init(_ initial: Bool = false) { value = Atomic(initial) }
    var isSet: Bool { value.load(ordering: .relaxed) }
    func set(_ newValue: Bool = true) { value.store(newValue, ordering: .relaxed) }
}
