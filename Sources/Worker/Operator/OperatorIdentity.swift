import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Who is running an operator command: `--operator NAME`, else the OS account.
public enum OperatorIdentity {
    /// `explicit` when given; else the account of the effective user id (what `sudo -u` or a
    /// service account changes), then the login name, then `$USER`. Never empty.
    public static func resolve(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String
    {
        if let explicit = explicit?.trimmingCharacters(in: .whitespacesAndNewlines), !explicit.isEmpty {
            return explicit
        }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            let account = String(cString: name)
            if !account.isEmpty { return account }
        }
        var buffer = [CChar](repeating: 0, count: 256)
        if getlogin_r(&buffer, buffer.count) == 0 {
            let login = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !login.isEmpty { return login }
        }
        if let user = environment["USER"], !user.isEmpty { return user }
        return "uid-\(geteuid())"
    }

    /// `operator:alice` → `alice`; a worker id stays as it is.
    public static func display(actor: String) -> String {
        actor.hasPrefix("operator:") ? String(actor.dropFirst("operator:".count)) : actor
    }
}
