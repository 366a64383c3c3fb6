import Foundation
import Notifications
import Testing

@testable import Worker

@Suite("Callbacks: signing and configuration")
struct CallbackUnitTests {
    @Test("the signature matches the Standard Webhooks reference example")
    func signatureMatchesReference() throws {
        let secret = try WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        let signature = WebhookSignature.sign(
            secret: secret, id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330,
            body: #"{"test": 2432232314}"#)
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test(
        "a secret must be whsec_ and base64 of at least 16 bytes",
        arguments: ["", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_!!!", "whsec_c2hvcnQ="])
    func badSecretsAreRefused(_ text: String) {
        #expect(throws: NotificationError.self) { try WebhookSecret(text) }
    }

    @Test("retries back off exponentially with jitter, up to the maximum")
    func backoffDoublesWithJitterUpToTheMaximum() {
        let backoff = CallbackBackoff(initialMilliseconds: 1_000, maximumMilliseconds: 60_000)
        for (attempts, ceiling) in [(1, 1_000), (2, 2_000), (3, 4_000), (6, 32_000), (7, 60_000), (500, 60_000)] {
            let delays = (0..<200).map { _ in backoff.delayMilliseconds(afterAttempts: attempts) }
            #expect(delays.allSatisfy { $0 >= ceiling / 2 && $0 <= ceiling }, "attempt \(attempts)")
            #expect(Set(delays).count > 1, "attempt \(attempts): jittered")
        }
    }

    @Test("a bad callback URL is a configuration error naming the key")
    func badURLIsRefused() throws {
        for url in ["ftp://x.example/hook", "not a url", "/relative"] {
            do {
                _ = try WorkerConfiguration.load(
                    path: try Self.write("      url: \"\(url)\"\n      secretEnvironment: S"), environment: [:])
                Issue.record("\(url) was accepted")
            } catch let error as ConfigurationError {
                #expect(error.location == "originators.demo.callback.url", "\(url)")
            }
        }
    }

    @Test("a missing or malformed secret stops the daemon's start, naming the key")
    func missingSecretIsRefused() throws {
        let configuration = try WorkerConfiguration.load(
            path: try Self.write("      url: http://127.0.0.1:9/hook\n      secretEnvironment: HOOK_SECRET"),
            environment: [:])
        do {
            _ = try configuration.callbackTargets(environment: [:])
            Issue.record("a missing secret was accepted")
        } catch let error as ConfigurationError {
            #expect(error.location == "originators.demo.callback.secretEnvironment")
            #expect(error.message.contains("HOOK_SECRET"))
        }
        do {
            _ = try configuration.callbackTargets(environment: ["HOOK_SECRET": "hunter2"])
            Issue.record("a malformed secret was accepted")
        } catch let error as ConfigurationError {
            #expect(error.location == "originators.demo.callback.secretEnvironment")
            #expect(!error.description.contains("hunter2"), "the secret is never printed")
        }
        let targets = try configuration.callbackTargets(environment: [
            "HOOK_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        ])
        #expect(targets["demo"]?.url == "http://127.0.0.1:9/hook")
        let noSource = try? WorkerConfiguration.load(
            path: try Self.write("      url: http://127.0.0.1:9/hook"), environment: [:])
        #expect(noSource == nil, "a URL needs a secret source")
    }

    @Test("the secret can come from a file named in the configuration")
    func secretFromFile() throws {
        let secretPath = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ach-secret-\(UUID().uuidString)"
        ).path
        try "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n".write(toFile: secretPath, atomically: true, encoding: .utf8)
        let configuration = try WorkerConfiguration.load(
            path: try Self.write("      url: https://hooks.example/ach\n      secretFile: \"\(secretPath)\""),
            environment: [:])
        let target = try #require(try configuration.callbackTargets(environment: [:])["demo"])
        #expect(target.secret.key.count == 24)
        let missing = try WorkerConfiguration.load(
            path: try Self.write("      url: https://hooks.example/ach\n      secretFile: /nonexistent/secret"),
            environment: [:])
        #expect(throws: ConfigurationError.self) { try missing.callbackTargets(environment: [:]) }
    }

    /// A configuration file whose `demo` originator has these callback lines.
    static func write(_ callback: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ach-cb-\(UUID().uuidString).yaml")
            .path
        try """
        originators:
          demo:
            companyName: DEMO CORP
            companyID: "1234567890"
            destination: demo-bank
            callback:
        \(callback)
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
