import Delivery
import Foundation

/// The Standard Webhooks signature: `v1,` + base64(HMAC-SHA256(key, "id.timestamp.body")).
public enum WebhookSignature {
    /// The `webhook-signature` header value for one attempt.
    public static func sign(secret: WebhookSecret, id: String, timestamp: Int, body: String) -> String {
        let message = [UInt8]("\(id).\(timestamp).\(body)".utf8)
        return "v1," + Data(HMACSHA256.compute(key: secret.key, message: message)).base64EncodedString()
    }
}
