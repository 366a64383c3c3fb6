import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("The daemon's /metrics, /healthz and /readyz")
struct ObservabilityTests {
    static func get(_ url: String) async throws -> (Int, String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test("metrics show queue depth by status, in-flight, claims, completions by outcome, latency histograms and files")
    func metricsEndpointServesThePoolsNumbers() async throws {
        let database = try await TestDatabase.create()
        defer { Task { await database.drop() } }
        try await Fixtures.seed(database, Fixtures.transfers(300))
        let port = try freeLoopbackPort()
        let config = try Daemon.writeConfig(database, metricsPort: port)
        let daemon = try Daemon.start(["run"], config: config)
        defer { daemon.signal(SIGKILL) }
        let base = "http://127.0.0.1:\(port)"
        var metrics = ""
        for _ in 0..<100 {
            try await Task.sleep(for: .milliseconds(100))
            if let (status, body) = try? await Self.get(base + "/metrics"), status == 200,
                body.contains("ach_queue_depth{status=\"accepted\"} 300")
            {
                metrics = body
                break
            }
        }
        #expect(metrics.contains("ach_in_flight_cap 10000"))
        #expect(metrics.contains("ach_in_flight "))
        #expect(metrics.contains("ach_transfers_claimed_total 300"))
        #expect(metrics.contains("ach_transfers_completed_total{outcome=\"accepted\"} 300"))
        #expect(metrics.contains("ach_pending_to_decided_seconds_bucket"))
        #expect(metrics.contains("ach_claim_duration_seconds_count"))
        // The file path's gauges and counters (no cutoff has passed: nothing filed yet). The
        // counters exist only if the metrics system was bootstrapped before the file coordinator.
        #expect(metrics.contains("ach_files_undelivered 0"))
        #expect(metrics.contains("ach_files_failed 0"))
        #expect(metrics.contains("ach_files_sent_total{destination=\"demo-bank\"} 0"))
        #expect(metrics.contains("ach_file_delivery_failures_total{destination=\"demo-bank\",retried=\"false\"} 0"))
        let health = try await Self.get(base + "/healthz")
        #expect(health.0 == 200)
        let ready = try await Self.get(base + "/readyz")
        #expect(ready.0 == 200)
        daemon.signal(SIGTERM)
        #expect(await daemon.finish().status == 0)
    }
}
