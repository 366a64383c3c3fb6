import Foundation
import Notifications

/// Where one originator's webhooks go and what signs them: the configuration plus its secret.
public struct CallbackTarget: Sendable {
    public var url: String
    public var secret: WebhookSecret
}

extension WorkerConfiguration {
    /// Checks what every command can check without the secret: a URL needs a valid form and
    /// exactly one secret source.
    func checkCallback(_ callback: Callback, at key: String) throws {
        guard !callback.url.isEmpty else {
            if !callback.secretEnvironment.isEmpty || !callback.secretFile.isEmpty {
                throw ConfigurationError(.badValue, at: "\(key).url", "a secret is configured but no URL")
            }
            return
        }
        do {
            try CallbackEndpointURL.check(callback.url)
        } catch let error as NotificationError {
            throw ConfigurationError(.badValue, at: "\(key).url", error.message)
        }
        guard callback.secretEnvironment.isEmpty != callback.secretFile.isEmpty else {
            throw ConfigurationError(
                .badValue, at: "\(key).secretEnvironment",
                "name exactly one of secretEnvironment or secretFile: the webhook secret never goes in this file")
        }
    }

    /// The originators with a callback URL, with their secrets read from the environment or a
    /// file: the daemon's start-up check. A missing or malformed secret is an error naming its key.
    public func callbackTargets(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> [String: CallbackTarget] {
        var targets: [String: CallbackTarget] = [:]
        for (name, originator) in originators.sorted(by: { $0.key < $1.key }) where !originator.callback.url.isEmpty {
            let callback = originator.callback
            let key = "originators.\(name).callback"
            let text: String
            let source: String
            if !callback.secretEnvironment.isEmpty {
                source = "\(key).secretEnvironment"
                guard let value = environment[callback.secretEnvironment], !value.isEmpty else {
                    throw ConfigurationError(
                        .badValue, at: source, "environment variable \(callback.secretEnvironment) is not set")
                }
                text = value
            } else {
                source = "\(key).secretFile"
                guard let value = try? String(contentsOfFile: callback.secretFile, encoding: .utf8) else {
                    throw ConfigurationError(.badValue, at: source, "cannot read \(callback.secretFile)")
                }
                text = value
            }
            do {
                targets[name] = CallbackTarget(url: callback.url, secret: try WebhookSecret(text))
            } catch let error as NotificationError {
                throw ConfigurationError(.badValue, at: source, error.message)
            }
        }
        return targets
    }
}
