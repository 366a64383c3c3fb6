import Delivery
import Foundation
import Logging

/// A destination's encryption and delivery target, built from its configuration.
struct DestinationEndpoints: Sendable {
    let encryptor: any FileEncryptor
    let target: any DeliveryTarget

    init(name: String, configuration: WorkerConfiguration, logger: Logger) throws {
        let destination = configuration.destinations[name]!
        let at = "destinations.\(name)"
        let encryption = destination.encryption
        switch encryption.type {
        case "none":
            encryptor = PlainFile()
        case "openpgp":
            guard !encryption.recipientKeyFile.isEmpty else {
                throw ConfigurationError(
                    .badValue, at: "\(at).encryption.recipientKeyFile", "openpgp needs the bank's public key file")
            }
            let signing =
                encryption.signingKeyFile.isEmpty
                ? nil
                : OpenPGPEncryptor.SigningKey(
                    secretKeyFile: encryption.signingKeyFile,
                    passphrase: encryption.signingPassphraseEnvironment.isEmpty
                        ? .none : .environment(encryption.signingPassphraseEnvironment))
            // A private GnuPG home per destination: keys are imported there, never into ~/.gnupg.
            // Kept short: gpg-agent's socket path must stay under 108 bytes.
            encryptor = try OpenPGPEncryptor(
                bankPublicKeyFile: encryption.recipientKeyFile,
                expectedFingerprint: encryption.recipientFingerprint.isEmpty ? nil : encryption.recipientFingerprint,
                signingKey: signing, gnupgHome: configuration.files.gnupgDirectory + "/" + name)
        case "cms":
            guard !encryption.certificateFile.isEmpty else {
                throw ConfigurationError(
                    .badValue, at: "\(at).encryption.certificateFile", "cms needs the bank's certificate file")
            }
            encryptor = CMSEncryptor(recipientCertificateFile: encryption.certificateFile)
        default:
            throw ConfigurationError(
                .badValue, at: "\(at).encryption.type", "unsupported encryption \(destination.encryption.type)")
        }
        switch destination.deliveryType {
        case "directory":
            target = DirectoryTarget(path: destination.directory)
        case "sftp":
            let sftp = destination.sftp
            do {
                target = try SFTPTarget(
                    configuration: .init(
                        host: sftp.host, port: sftp.port, username: sftp.username, privateKeyPath: sftp.privateKeyFile,
                        passphrase: sftp.passphraseEnvironment.isEmpty
                            ? .none : .environment(sftp.passphraseEnvironment),
                        remoteDirectory: sftp.remoteDirectory, hostKeyFingerprint: sftp.hostKeyFingerprint,
                        connectTimeout: .seconds(sftp.connectTimeoutSeconds)),
                    logger: logger)
            } catch {
                throw ConfigurationError(.badValue, at: "\(at).sftp", "\(error)")
            }
        default:
            throw ConfigurationError(
                .badValue, at: "\(at).deliveryType", "unsupported delivery \(destination.deliveryType)")
        }
    }
}
