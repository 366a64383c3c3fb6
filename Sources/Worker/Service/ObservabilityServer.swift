import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle

/// `/metrics` (Prometheus text format), `/healthz` (the process is alive) and `/readyz` (it can
/// reach PostgreSQL) on a loopback port. Runs as a service in the daemon's `ServiceGroup`.
public enum ObservabilityServer {
    public static func make(
        host: String, port: Int, registry: PrometheusCollectorRegistry, isReady: @escaping @Sendable () -> Bool,
        logger: Logger
    ) -> any Service {
        let router = Router()
        router.get("metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        router.get("healthz") { _, _ in "ok\n" }
        router.get("readyz") { _, _ -> Response in
            let ready = isReady()
            return Response(
                status: ready ? .ok : .serviceUnavailable,
                body: .init(byteBuffer: ByteBuffer(string: ready ? "ready\n" : "not ready: database unreachable\n")))
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "ach-worker"),
            logger: logger)
    }
}
