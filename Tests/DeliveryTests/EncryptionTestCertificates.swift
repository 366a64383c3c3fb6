import Foundation
import TestSupport

/// Throwaway X.509 certificates made with the `openssl` command line.
struct CMSTestCertificates {
    let scratch: CryptoScratch

    @discardableResult
    func openssl(_ arguments: [String]) throws -> CryptoTool.Output {
        try CryptoTool.run("openssl", arguments, in: scratch.path)
    }

    /// A self-signed certificate and its key, valid from now for a year; `key` is an
    /// `openssl req -newkey` argument. Returns the certificate's and the key's paths.
    func selfSigned(_ name: String, key: String = "rsa:2048") throws -> (certificate: String, key: String) {
        let (certificate, keyFile) = (scratch.file("\(name).pem"), scratch.file("\(name)-key.pem"))
        try openssl([
            "req", "-x509", "-newkey", key, "-nodes", "-keyout", keyFile, "-out", certificate,
            "-subj", "/CN=\(name).bank.example", "-days", "365",
        ])
        return (certificate, keyFile)
    }

    /// A self-signed RSA certificate valid only between two times (`YYYYMMDDHHMMSSZ`), made with
    /// `openssl ca`, which (unlike `req` in OpenSSL 3.0) takes explicit dates.
    func dated(_ name: String, from start: String, to end: String) throws -> String {
        let ca = scratch.file("\(name)-ca")
        try FileManager.default.createDirectory(atPath: ca, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: "\(ca)/index.txt", contents: nil)
        try Data("01\n".utf8).write(to: URL(fileURLWithPath: "\(ca)/serial"))
        let config = """
            [ca]
            default_ca = test
            [test]
            database = \(ca)/index.txt
            new_certs_dir = \(ca)
            serial = \(ca)/serial
            default_md = sha256
            policy = anything
            unique_subject = no
            [anything]
            commonName = supplied

            """
        let configFile = try scratch.write("\(name)-ca.cnf", Array(config.utf8))
        let key = scratch.file("\(name)-key.pem")
        let request = scratch.file("\(name).csr")
        try openssl([
            "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", request,
            "-subj", "/CN=\(name).bank.example",
        ])
        let certificate = scratch.file("\(name).pem")
        try openssl([
            "ca", "-batch", "-config", configFile, "-selfsign", "-keyfile", key, "-in", request,
            "-out", certificate, "-startdate", start, "-enddate", end,
        ])
        return certificate
    }
}
