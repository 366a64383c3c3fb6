import Foundation

/// A Standard Webhooks signing secret: `whsec_` followed by the base64 of the key bytes.
///
/// Only the decoded key is kept; `description` never shows it, so a secret cannot reach a log.
public struct WebhookSecret: Sendable, CustomStringConvertible {
    public static let prefix = "whsec_"
    /// Shorter keys are refused: the HMAC is only as strong as its key.
    public static let minimumKeyBytes = 16

    public let key: [UInt8]

    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix(Self.prefix) else {
            throw NotificationError(.badSecret, "the secret does not start with \(Self.prefix)")
        }
        guard let data = Data(base64Encoded: String(trimmed.dropFirst(Self.prefix.count))) else {
            throw NotificationError(.badSecret, "the secret after \(Self.prefix) is not valid base64")
        }
        guard data.count >= Self.minimumKeyBytes else {
            throw NotificationError(
                .badSecret, "the secret's key has \(data.count) bytes; at least \(Self.minimumKeyBytes) are needed")
        }
        key = [UInt8](data)
    }

    public var description: String { "WebhookSecret(\(key.count) bytes)" }
}
