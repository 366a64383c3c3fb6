import Foundation

/// A callback URL checked once, at start-up: absolute, http or https, with a host.
public enum CallbackEndpointURL {
    public static func check(_ text: String) throws {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else {
            throw NotificationError(
                .badURL, "expected an absolute http:// or https:// URL with a host, got \"\(text)\"")
        }
    }
}
