import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// What a receiver answered to one POST.
public enum WebhookAnswer: Sendable, Equatable {
    /// An HTTP status code (redirects are not followed: a 3xx is an answer like any other).
    case status(Int)
    /// No answer: refused, reset, timed out.
    case noAnswer(String)
}

/// Sends signed webhooks over one shared HTTP client (connection pooling, bounded per host).
///
/// Redirects are not followed: a signed body must go where it was configured to go.
public final class WebhookSender: Sendable {
    let client: HTTPClient
    /// The most of a response body that is read (and then dropped): receivers answer with a
    /// status, and a huge body must not grow our memory.
    static let maxResponseBytes = 64 * 1024

    public init(maxConnectionsPerHost: Int) {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: maxConnectionsPerHost)
        configuration.httpVersion = .http1Only
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// POSTs `body` to `url` with the Standard Webhooks headers, signed with `secret` at
    /// `timestamp` (seconds since 1970), and returns what the receiver answered.
    public func send(
        url: String, id: String, body: String, secret: WebhookSecret, timestamp: Int,
        timeoutMilliseconds: Int
    ) async -> WebhookAnswer {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "user-agent", value: "ach-worker")
        request.headers.add(name: "webhook-id", value: id)
        request.headers.add(name: "webhook-timestamp", value: String(timestamp))
        request.headers.add(
            name: "webhook-signature",
            value: WebhookSignature.sign(secret: secret, id: id, timestamp: timestamp, body: body))
        request.body = .bytes(ByteBuffer(string: body))
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeoutMilliseconds)))
            let code = Int(response.status.code)
            // Read (and drop) a bounded part of the body, so the connection can be reused.
            _ = try? await response.body.collect(upTo: Self.maxResponseBytes)
            return .status(code)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            return .noAnswer("no answer within \(timeoutMilliseconds) ms")
        } catch {
            return .noAnswer("\(error)")
        }
    }

    public func shutdown() async {
        try? await client.shutdown()
    }
}
