import ServiceLifecycle

/// The callback dispatcher as a service of `ach-worker run`.
public struct CallbackService: Service, CustomStringConvertible {
    let dispatcher: CallbackDispatcher
    public var description: String { "CallbackService" }

    public init(dispatcher: CallbackDispatcher) {
        self.dispatcher = dispatcher
    }

    public func run() async throws {
        await dispatcher.run()
    }
}
