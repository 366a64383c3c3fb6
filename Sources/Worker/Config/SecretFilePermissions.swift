import Foundation

/// Files that hold secrets must be readable by the daemon's own account only (SPEC §9).
///
/// A private key or a database password in a group- or world-readable file has already leaked to
/// every other account on the host, so the daemon refuses to start rather than use it. Checked
/// when the configuration is loaded, before anything connects or delivers.
extension WorkerConfiguration {
    /// Refuses secret files (keys, the account key file) with any group or other permission bit. `file` is the configuration
    /// file and `text` its contents: it counts as a secret file when it carries a database
    /// password. Missing files are left to the checks that need them (they name the key).
    func checkSecretFilePermissions(configFile file: String?, text: String?) throws {
        if let file, let text, Self.carriesDatabasePassword(text) {
            try Self.requirePrivate(file, at: "\(file) (database.url has a password)")
        }
        if accountKeys.environment.isEmpty, !accountKeys.file.isEmpty {
            try Self.requirePrivate(accountKeys.file, at: "accountKeys.file")
        }
        for (name, d) in destinations.sorted(by: { $0.key < $1.key }) {
            if d.deliveryType == "sftp", !d.sftp.privateKeyFile.isEmpty {
                try Self.requirePrivate(d.sftp.privateKeyFile, at: "destinations.\(name).sftp.privateKeyFile")
            }
            if d.encryption.type == "openpgp", !d.encryption.signingKeyFile.isEmpty {
                try Self.requirePrivate(
                    d.encryption.signingKeyFile, at: "destinations.\(name).encryption.signingKeyFile")
            }
        }
    }

    /// Throws when `path` exists and its mode lets the group or others read, write or run it.
    static func requirePrivate(_ path: String, at location: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        let loose = info.st_mode & (S_IRWXG | S_IRWXO)
        guard loose == 0 else {
            throw ConfigurationError(
                .insecureFile, at: location,
                "\(path) holds a secret but has mode \(String(info.st_mode & 0o777, radix: 8)); "
                    + "it must be readable by this account only: chmod 600 \(path)")
        }
    }

    /// True when the YAML text gives `database.url` a password (`user:password@` or
    /// `password=`). Environment overrides never make the file itself a secret.
    static func carriesDatabasePassword(_ text: String) -> Bool {
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            guard trimmed.hasPrefix("url:") else { continue }
            let value = trimmed.dropFirst(4)
            if value.range(of: "password=") != nil { return true }
            if let scheme = value.range(of: "://"), let at = value[scheme.upperBound...].firstIndex(of: "@"),
                value[scheme.upperBound..<at].contains(":")
            {
                return true
            }
        }
        return false
    }
}
