import Foundation
import TestSupport
import Testing

@Suite("Callbacks: metrics")
struct CallbackMetricsTests {
    @Test("metrics show callback deliveries by outcome, the backlog and delivery latency")
    func metricsShowCallbacks() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        let receiver = try WebhookReceiver()
        try await receiver.start(.init(failFirst: 2))
        defer { receiver.stop() }
        try await Fixtures.seed(database, Fixtures.transfers(5))
        let port = try freeLoopbackPort()
        let config = try Daemon.writeConfig(database, metricsPort: port, extra: receiver.configuration())
        let daemon = try Daemon.start(["run"], config: config, environment: receiver.environment)
        defer { daemon.signal(SIGKILL) }
        var metrics = ""
        for _ in 0..<300 {
            try await Task.sleep(for: .milliseconds(100))
            if let (status, body) = try? await ObservabilityTests.get("http://127.0.0.1:\(port)/metrics"),
                status == 200, body.contains("ach_callback_deliveries_total{outcome=\"delivered\"} 5"),
                body.contains("ach_callback_backlog 0")
            {
                metrics = body
                break
            }
        }
        #expect(metrics.contains("ach_callback_deliveries_total{outcome=\"delivered\"} 5"))
        #expect(metrics.contains("ach_callback_deliveries_total{outcome=\"failed\"} 2"))
        #expect(metrics.contains("ach_callback_backlog 0"))
        #expect(metrics.contains("ach_callbacks_dead 0"))
        #expect(metrics.contains("ach_callback_delivery_latency_seconds_count 5"))
        #expect(metrics.contains("ach_callback_attempt_duration_seconds_count 7"))
        daemon.signal(SIGTERM)
        #expect(await daemon.finish().status == 0)
    }
}
